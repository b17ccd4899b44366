"""Each course (PostgreSQL) keeps the countries it is in: its centre's and those of its
scheduled runs (`country_codes`, with a GIN index), so that a search naming a country
("Malaysia", "indo") finds its courses in an index beside its words.

A search matches a country's courses as well as its words. That was a join to the centre or an
EXISTS over the runs, neither of which the planner can read from an index together with the
words': it checked every course of the catalog in turn. With the countries in an index, the
words and the countries are read as one bitmap: at 100k courses, the catalog page of a search
for "Malaysia" (8,536 matches) took 447-456 ms before and 187-198 ms after, in process.

A trigger on the course (`apcn_course_countries`) derives the column on every insert and
update, as the course's other derived columns are, so that it is true for every write path
(services, the admin, raw SQL, a migration) and whatever else is written there is replaced. A
run's write already derives its course again (`apcn_offering_touch`); a centre's write does so
now when its country changes too, not only its names. The column is not a field of the model:
only the search's SQL reads it. SQLite, the embedded default, keeps asking the centre and the
runs, and changes nothing.
"""

from django.db import migrations

# The centre's trigger as migration 0012 made it (its names only), and with its country.
CENTRE_TOUCH = """
DROP TRIGGER IF EXISTS apcn_centre_touch ON courses_centre;
CREATE TRIGGER apcn_centre_touch AFTER UPDATE OF {columns} ON courses_centre
    FOR EACH ROW WHEN ({changed})
    EXECUTE FUNCTION apcn_touch_centre_courses();
"""


def _centre_touch(columns: tuple[str, ...]) -> str:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
    return CENTRE_TOUCH.format(columns=", ".join(columns), changed=changed)


PG_FORWARD = rf"""
ALTER TABLE courses_course ADD COLUMN IF NOT EXISTS country_codes text[] NOT NULL DEFAULT '{{}}';

CREATE OR REPLACE FUNCTION apcn_course_countries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.country_codes := ARRAY(
        SELECT c.country::text FROM courses_centre c WHERE c.id = NEW.centre_id
        UNION
        SELECT o.country::text FROM courses_offering o
         WHERE o.course_id = NEW.id AND o.status = 'scheduled'
        ORDER BY 1);
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS apcn_course_countries ON courses_course;
CREATE TRIGGER apcn_course_countries BEFORE INSERT OR UPDATE ON courses_course
    FOR EACH ROW EXECUTE FUNCTION apcn_course_countries();
{_centre_touch(("name", "short_name", "country"))}
-- The index first: after the update, the update's deferred checks would still be pending.
CREATE INDEX IF NOT EXISTS course_country_codes_gin ON courses_course USING gin (country_codes);
UPDATE courses_course SET version = version;
"""  # noqa: S608 - every name is the migration's own

PG_BACKWARD = f"""
{_centre_touch(("name", "short_name"))}
DROP TRIGGER IF EXISTS apcn_course_countries ON courses_course;
DROP FUNCTION IF EXISTS apcn_course_countries();
DROP INDEX IF EXISTS course_country_codes_gin;
ALTER TABLE courses_course DROP COLUMN IF EXISTS country_codes;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("courses", "0029_catalog_id_sets")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
