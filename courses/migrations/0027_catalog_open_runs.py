"""Each course keeps the first and the last start of its runs open to partners on the catalog's
day (`open_first_start`, `open_last_start`), derived by the database like its other run dates,
and the facets' covering index carries them.

"Partner seats open" together with a start date ("on or after", "on or before") asked the
offerings whether one run passes both (an EXISTS over every open run: 34-52 ms at 100k courses,
8 at 10k); the two dates answer it from the index. Like the next run, they count from the
catalog's day, so they are read only when the daily job has run today, which moves them on.

PostgreSQL: the course's trigger function derives them too (every course is derived again
here). SQLite: its trigger (migration 0012, created after every `migrate` by
`courses.sqlite_triggers`) sets them while this migration's columns exist (`SQLITE_OPEN_RUNS`).
"""

import importlib
import re

from django.db import migrations, models

# A run open to partners on the catalog's day `on_day` (PostgreSQL) or `{day}` (SQLite).
OPEN_RUN = (
    "o.partner_seats > o.partner_seats_taken AND o.application_deadline >= {day} "
    "AND o.start_date >= {day}"
)

PG_DERIVE = r"""
CREATE OR REPLACE FUNCTION apcn_course_derive() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    centre_words text;
    places text;
    on_day date := apcn_catalog_day();
BEGIN
    SELECT c.name || ' ' || c.short_name INTO centre_words
      FROM courses_centre c WHERE c.id = NEW.centre_id;
    SELECT min(o.start_date), max(o.start_date),
           min(o.start_date) FILTER (WHERE o.start_date >= on_day),
           max(o.application_deadline) FILTER (WHERE o.partner_seats > o.partner_seats_taken),
           min(o.start_date) FILTER (WHERE OPEN_RUN),
           max(o.start_date) FILTER (WHERE OPEN_RUN),
           string_agg(DISTINCT o.city, ' ')
      INTO NEW.first_start_date, NEW.last_start_date, NEW.next_start_date,
           NEW.open_seats_deadline, NEW.open_first_start, NEW.open_last_start, places
      FROM courses_offering o
     WHERE o.course_id = NEW.id AND o.status = 'scheduled';
    NEW.theme_ids := ARRAY(SELECT l.theme_id FROM courses_course_themes l
                            WHERE l.course_id = NEW.id ORDER BY 1);
    NEW.language_ids := ARRAY(SELECT l.language_id FROM courses_course_languages l
                               WHERE l.course_id = NEW.id ORDER BY 1);
    -- Words as written (any language) and, for English, their stems ("convoys" finds "convoy").
    NEW.search_vector :=
        setweight(apcn_words(NEW.title), 'A')
        || setweight(apcn_words(concat_ws(' ', NEW.summary, centre_words, places)), 'B')
        || setweight(apcn_words(NEW.description), 'C');
    NEW.search_text := apcn_fold(concat_ws(' ', NEW.title, NEW.summary, centre_words, places));
    IF TG_OP = 'UPDATE' THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END
$$;
""".replace("OPEN_RUN", OPEN_RUN.format(day="on_day"))


def _engine():
    return importlib.import_module("courses.migrations.0012_catalog_engine")


# What SQLite's derive trigger (migration 0012's `SQLITE_DERIVE`) sets besides its own columns,
# each followed by a comma.
SQLITE_OPEN_RUNS = " ".join(
    f"open_{end}_start = (SELECT {fn}(o.start_date) FROM courses_offering o "  # noqa: S608
    f"WHERE o.course_id = NEW.id AND o.status = 'scheduled' "
    f"AND {OPEN_RUN.format(day=_engine().SQLITE_DAY)}),"
    for end, fn in (("first", "min"), ("last", "max"))
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DERIVE)
        schema_editor.execute("UPDATE courses_course SET version = version")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The function as migration 0012 made it.
        found = re.search(
            r"CREATE OR REPLACE FUNCTION apcn_course_derive\(\).*?\n\$\$;",
            _engine().PG_FORWARD,
            re.S,
        )
        schema_editor.execute(found.group(0))


class Migration(migrations.Migration):
    dependencies = [("courses", "0026_course_search_document_inline")]

    operations = [
        migrations.RemoveIndex(model_name="course", name="course_status_centre_facets"),
        migrations.AddField(
            model_name="course",
            name="open_first_start",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="course",
            name="open_last_start",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="course",
            index=models.Index(
                fields=["status", "centre"],
                include=(
                    "id",
                    "audience",
                    "level",
                    "delivery_mode",
                    "first_start_date",
                    "last_start_date",
                    "next_start_date",
                    "open_seats_deadline",
                    "open_first_start",
                    "open_last_start",
                    "theme_ids",
                    "language_ids",
                ),
                name="course_status_centre_facets",
            ),
        ),
        # Last: the courses' writes leave deferred trigger events, after which PostgreSQL
        # alters the table no more in this transaction.
        migrations.RunPython(forward, backward, elidable=False),
    ]
