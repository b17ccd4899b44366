"""The catalog's derived data, kept by the database for every write path.

A course's run dates, next run, theme and language ids, search documents and version are
derived from its offerings, its links and its centre. Until now the services stored them and a
daily job put right what other writes (the admin's bulk updates, raw SQL, a deleted theme) left
stale. From here on, triggers on both databases derive them on every write of those sources:
the theme and language ids become proper integer arrays with GIN indexes on PostgreSQL, the
search documents are unaccented (with trigram indexes for Thai and for typos; pg_trgm and
unaccent are enabled here), and SQLite gets FTS5 tables of its own. A one-row table holds the
catalog's day (moved by the daily job) and a version that every catalog write moves, which the
catalog's cache keys include, so that no process keeps a page after any write.
"""

from django.conf import settings
from django.db import migrations, models

import courses.models.catalog

# -- PostgreSQL ------------------------------------------------------------------------------
# One function derives every stored column of a course from its sources; a BEFORE trigger runs
# it on every insert and update of the course (so whatever Python sends for those columns is
# replaced), and the sources' triggers "touch" the course (`SET version = version + 1`) so
# that it runs again. The catalog's day (for "next" run) is the later of the day the daily job
# last set and the database's own date, so a missed job leaves it at most a time zone behind.
PG_FORWARD = r"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TABLE IF NOT EXISTS courses_catalog_state (
    id integer PRIMARY KEY CHECK (id = 1),
    day date,
    version bigint NOT NULL DEFAULT 0,
    reference_version bigint NOT NULL DEFAULT 0
);
INSERT INTO courses_catalog_state (id, day, version) VALUES (1, NULL, 0) ON CONFLICT DO NOTHING;

ALTER TABLE courses_course ADD COLUMN IF NOT EXISTS search_text text NOT NULL DEFAULT '';

CREATE OR REPLACE FUNCTION apcn_catalog_day() RETURNS date LANGUAGE sql STABLE AS $$
    SELECT GREATEST(COALESCE((SELECT day FROM courses_catalog_state WHERE id = 1), CURRENT_DATE),
                    CURRENT_DATE)
$$;

CREATE OR REPLACE FUNCTION apcn_fold(value text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT lower(unaccent(coalesce(value, '')))
$$;

CREATE OR REPLACE FUNCTION apcn_words(value text) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT to_tsvector('simple', apcn_fold(value)) || to_tsvector('english', apcn_fold(value))
$$;

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
           string_agg(DISTINCT o.city, ' ')
      INTO NEW.first_start_date, NEW.last_start_date, NEW.next_start_date,
           NEW.open_seats_deadline, places
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

CREATE OR REPLACE FUNCTION apcn_touch_course() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE courses_course SET version = version + 1 WHERE id = OLD.course_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.course_id <> OLD.course_id) THEN
        UPDATE courses_course SET version = version + 1 WHERE id = NEW.course_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION apcn_touch_centre_courses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE courses_course SET version = version + 1 WHERE centre_id = NEW.id;
    RETURN NULL;
END
$$;

-- The catalog's version moves when any of its sources changes, at commit (a deferred trigger,
-- so the one row is locked only for the instant before the commit): cached pages are keyed by
-- it, and a page counted before the commit is never kept under the new version.
CREATE OR REPLACE FUNCTION apcn_catalog_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE courses_catalog_state SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

-- Centres, themes and languages also move the reference version: the facets' rows are cached
-- under it alone, so a course write does not load them again.
CREATE OR REPLACE FUNCTION apcn_reference_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE courses_catalog_state
       SET version = version + 1, reference_version = reference_version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS apcn_course_derive ON courses_course;
CREATE TRIGGER apcn_course_derive BEFORE INSERT OR UPDATE ON courses_course
    FOR EACH ROW EXECUTE FUNCTION apcn_course_derive();
DROP TRIGGER IF EXISTS apcn_offering_touch ON courses_offering;
CREATE TRIGGER apcn_offering_touch AFTER INSERT OR UPDATE OR DELETE ON courses_offering
    FOR EACH ROW EXECUTE FUNCTION apcn_touch_course();
DROP TRIGGER IF EXISTS apcn_theme_link_touch ON courses_course_themes;
CREATE TRIGGER apcn_theme_link_touch AFTER INSERT OR UPDATE OR DELETE ON courses_course_themes
    FOR EACH ROW EXECUTE FUNCTION apcn_touch_course();
DROP TRIGGER IF EXISTS apcn_language_link_touch ON courses_course_languages;
CREATE TRIGGER apcn_language_link_touch AFTER INSERT OR UPDATE OR DELETE
    ON courses_course_languages FOR EACH ROW EXECUTE FUNCTION apcn_touch_course();
DROP TRIGGER IF EXISTS apcn_centre_touch ON courses_centre;
CREATE TRIGGER apcn_centre_touch AFTER UPDATE OF name, short_name ON courses_centre
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name
                       OR OLD.short_name IS DISTINCT FROM NEW.short_name)
    EXECUTE FUNCTION apcn_touch_centre_courses();

-- Fill what exists (before the version triggers: one bump is enough).
UPDATE courses_course SET version = version;
UPDATE courses_catalog_state SET version = version + 1;

DROP TRIGGER IF EXISTS apcn_bump_course ON courses_course;
CREATE CONSTRAINT TRIGGER apcn_bump_course AFTER INSERT OR UPDATE OR DELETE ON courses_course
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION apcn_catalog_bump();
DROP TRIGGER IF EXISTS apcn_bump_centre ON courses_centre;
CREATE CONSTRAINT TRIGGER apcn_bump_centre AFTER INSERT OR UPDATE OR DELETE ON courses_centre
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION apcn_reference_bump();
DROP TRIGGER IF EXISTS apcn_bump_theme ON courses_theme;
CREATE CONSTRAINT TRIGGER apcn_bump_theme AFTER INSERT OR UPDATE OR DELETE ON courses_theme
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION apcn_reference_bump();
DROP TRIGGER IF EXISTS apcn_bump_language ON courses_language;
CREATE CONSTRAINT TRIGGER apcn_bump_language AFTER INSERT OR UPDATE OR DELETE
    ON courses_language DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION apcn_reference_bump();

CREATE INDEX IF NOT EXISTS course_theme_ids_gin ON courses_course USING gin (theme_ids);
CREATE INDEX IF NOT EXISTS course_language_ids_gin ON courses_course USING gin (language_ids);
CREATE INDEX IF NOT EXISTS course_search_text_trgm
    ON courses_course USING gin (search_text gin_trgm_ops);

"""

PG_BACKWARD = r"""
DROP TRIGGER IF EXISTS apcn_course_derive ON courses_course;
DROP TRIGGER IF EXISTS apcn_offering_touch ON courses_offering;
DROP TRIGGER IF EXISTS apcn_theme_link_touch ON courses_course_themes;
DROP TRIGGER IF EXISTS apcn_language_link_touch ON courses_course_languages;
DROP TRIGGER IF EXISTS apcn_centre_touch ON courses_centre;
DROP TRIGGER IF EXISTS apcn_bump_course ON courses_course;
DROP TRIGGER IF EXISTS apcn_bump_centre ON courses_centre;
DROP TRIGGER IF EXISTS apcn_bump_theme ON courses_theme;
DROP TRIGGER IF EXISTS apcn_bump_language ON courses_language;
DROP FUNCTION IF EXISTS apcn_course_derive();
DROP FUNCTION IF EXISTS apcn_touch_course();
DROP FUNCTION IF EXISTS apcn_touch_centre_courses();
DROP FUNCTION IF EXISTS apcn_catalog_bump();
DROP FUNCTION IF EXISTS apcn_reference_bump();
DROP INDEX IF EXISTS course_theme_ids_gin;
DROP INDEX IF EXISTS course_language_ids_gin;
DROP INDEX IF EXISTS course_search_text_trgm;
ALTER TABLE courses_course DROP COLUMN IF EXISTS search_text;
DROP FUNCTION IF EXISTS apcn_words(text);
DROP FUNCTION IF EXISTS apcn_fold(text);
DROP FUNCTION IF EXISTS apcn_catalog_day();
DROP TABLE IF EXISTS courses_catalog_state;
"""

# -- SQLite ----------------------------------------------------------------------------------
# SQLite's AFTER triggers cannot change NEW, so the course's own update trigger writes the
# derived columns back (recursive triggers are off: that write does not fire it again) and
# refreshes the course's two full-text tables: words with diacritics removed (ranked with bm25)
# and trigrams (a word inside Thai text, which has no spaces). The day is the process's local
# day: Django sets the TZ environment variable to TIME_ZONE.
SQLITE_DAY = (
    "max(coalesce((SELECT day FROM courses_catalog_state WHERE id = 1), "
    "date('now', 'localtime')), date('now', 'localtime'))"
)
SQLITE_DERIVE = """
    UPDATE courses_course SET
        first_start_date = (SELECT min(start_date) FROM courses_offering
                             WHERE course_id = NEW.id AND status = 'scheduled'),
        last_start_date = (SELECT max(start_date) FROM courses_offering
                            WHERE course_id = NEW.id AND status = 'scheduled'),
        next_start_date = (SELECT min(start_date) FROM courses_offering
                            WHERE course_id = NEW.id AND status = 'scheduled'
                              AND start_date >= SQLITE_DAY),
        open_seats_deadline = (SELECT max(application_deadline) FROM courses_offering
                                WHERE course_id = NEW.id AND status = 'scheduled'
                                  AND partner_seats > partner_seats_taken),
        theme_ids = coalesce((SELECT ',' || group_concat(theme_id, ',') || ',' FROM
            (SELECT theme_id FROM courses_course_themes WHERE course_id = NEW.id
              ORDER BY theme_id)), ''),
        language_ids = coalesce((SELECT ',' || group_concat(language_id, ',') || ',' FROM
            (SELECT language_id FROM courses_course_languages WHERE course_id = NEW.id
              ORDER BY language_id)), ''),
        version = version + 1
     WHERE id = NEW.id;
    DELETE FROM courses_course_words WHERE rowid = NEW.id;
    DELETE FROM courses_course_trigrams WHERE rowid = NEW.id;
    INSERT INTO courses_course_words (rowid, title, body, description)
        SELECT NEW.id, DFOLD(NEW.title)DFOLD,
               DFOLD(NEW.summary || ' ' || c.name || ' ' || c.short_name || ' '
                     || coalesce((SELECT group_concat(DISTINCT city) FROM courses_offering
                                   WHERE course_id = NEW.id AND status = 'scheduled'), ''))DFOLD,
               DFOLD(NEW.description)DFOLD
          FROM courses_centre c WHERE c.id = NEW.centre_id;
    INSERT INTO courses_course_trigrams (rowid, text)
        SELECT rowid, title || ' ' || body FROM courses_course_words WHERE rowid = NEW.id;
    UPDATE courses_catalog_state SET version = version + 1 WHERE id = 1;
""".replace("SQLITE_DAY", SQLITE_DAY)
# "đ" is a letter of its own, not a "d" with a mark: the tokenizer would keep it, so the text
# is written with "d", as searches fold it.
SQLITE_DERIVE = SQLITE_DERIVE.replace("DFOLD(", "replace(replace(").replace(
    ")DFOLD", ", 'đ', 'd'), 'Đ', 'D')"
)
SQLITE_TOUCH = "UPDATE courses_course SET version = version + 1 WHERE id = {row}.course_id;"
SQLITE_BUMP = (
    "UPDATE courses_catalog_state SET version = version + 1, "
    "reference_version = reference_version + 1 WHERE id = 1;"
)

SQLITE_FORWARD = [
    """CREATE TABLE IF NOT EXISTS courses_catalog_state (
        id integer PRIMARY KEY CHECK (id = 1), day date, version bigint NOT NULL DEFAULT 0,
        reference_version bigint NOT NULL DEFAULT 0)""",
    "INSERT OR IGNORE INTO courses_catalog_state (id, day, version) VALUES (1, NULL, 0)",
    """CREATE VIRTUAL TABLE IF NOT EXISTS courses_course_words USING fts5(
        title, body, description, tokenize = 'unicode61 remove_diacritics 2')""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS courses_course_trigrams USING fts5(
        text, tokenize = 'trigram')""",
    f"CREATE TRIGGER apcn_course_derive AFTER UPDATE ON courses_course BEGIN {SQLITE_DERIVE} END",
    # An insert touches the row, which runs the update trigger above.
    """CREATE TRIGGER apcn_course_insert AFTER INSERT ON courses_course BEGIN
        UPDATE courses_course SET version = 0 WHERE id = NEW.id; END""",
    """CREATE TRIGGER apcn_course_delete AFTER DELETE ON courses_course BEGIN
        DELETE FROM courses_course_words WHERE rowid = OLD.id;
        DELETE FROM courses_course_trigrams WHERE rowid = OLD.id;
        UPDATE courses_catalog_state SET version = version + 1 WHERE id = 1; END""",
    *[
        f"""CREATE TRIGGER apcn_{table}_{event.lower()} AFTER {event} ON {table} BEGIN
            {" ".join(SQLITE_TOUCH.format(row=row) for row in rows)} END"""
        for table in ("courses_offering", "courses_course_themes", "courses_course_languages")
        for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"]))
    ],
    """CREATE TRIGGER apcn_centre_touch AFTER UPDATE OF name, short_name ON courses_centre
        WHEN OLD.name IS NOT NEW.name OR OLD.short_name IS NOT NEW.short_name BEGIN
        UPDATE courses_course SET version = version + 1 WHERE centre_id = NEW.id; END""",
    *[
        f"""CREATE TRIGGER apcn_bump_{table}_{event.lower()} AFTER {event} ON {table}
            BEGIN {SQLITE_BUMP} END"""
        for table in ("courses_centre", "courses_theme", "courses_language")
        for event in ("INSERT", "UPDATE", "DELETE")
    ],
    # Fill what exists.
    "UPDATE courses_course SET version = version",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif schema_editor.connection.vendor == "sqlite":
        # The tables only: the triggers are created after every `migrate` (and dropped before
        # it) by courses.sqlite_triggers, so that later migrations can rebuild the tables.
        for statement in SQLITE_FORWARD:
            if not statement.lstrip().upper().startswith("CREATE TRIGGER"):
                schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'apcn_%'"
            )
            names = [row[0] for row in cursor.fetchall()]
        for name in names:
            schema_editor.execute(f'DROP TRIGGER "{name}"')
        for table in ("courses_course_words", "courses_course_trigrams", "courses_catalog_state"):
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0015_webhook_deliveries_in_outbox"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="course",
            name="course_status_centre_facets",
        ),
        migrations.RemoveField(
            model_name="course",
            name="language_key",
        ),
        migrations.RemoveField(
            model_name="course",
            name="theme_key",
        ),
        migrations.AddField(
            model_name="course",
            name="language_ids",
            field=courses.models.catalog.IdArrayField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="course",
            name="theme_ids",
            field=courses.models.catalog.IdArrayField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="course",
            name="version",
            field=models.PositiveIntegerField(default=0, editable=False),
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
                    "open_seats_deadline",
                    "theme_ids",
                    "language_ids",
                ),
                name="course_status_centre_facets",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
