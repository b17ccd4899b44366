"""Count tables for the catalog's facets, and the words for correcting a search's typo, kept by
PostgreSQL's own triggers.

Counting the visitors' catalog per theme, centre and language visits every matching course: at
100k courses that is tens of milliseconds per facet, growing with the catalog. The counts are
kept instead in `courses_catalog_count`, one row per (facet, row id, dimension, value): how many
listed courses (published, of an active centre) have that facet row and that value. The
dimension '' holds the plain counts; the others (theme, language, centre, audience, level, mode,
and the run dates `last_start`, `open_deadline` and `next_start`) hold the counts under one
filter. A page with no filter, or with one, then reads its three facets from a few dozen rows
(`courses.filters.table_counts`); other pages count their courses as before.

Statement-level triggers with transition tables keep the rows true for every write of a course,
whatever wrote it (services, the admin, raw SQL, a bulk update, a migration): one grouped
upsert per statement, in a fixed order so that two writers never wait on each other's rows in
opposite orders. The derived columns they read (theme and language ids, run dates) are the
course's own, which migration 0012's triggers keep, so a change of an offering or of a link
reaches the counts through its course. A centre that becomes inactive (or active again), or a
TRUNCATE of the courses, rebuilds the table. SQLite, the embedded default for small catalogs,
counts its courses directly and has no such table.

`courses_search_word` holds the distinct words of the courses' short texts (title, summary,
centre, cities), with a trigram index: a search that matches nothing is corrected word by word
against it (`courses.search`).
"""

from django.db import migrations

KEYS = r"""
CREATE OR REPLACE FUNCTION apcn_course_count_keys(
    theme_ids integer[], centre_id bigint, language_ids integer[], audience text, level text,
    mode text, last_start date, open_deadline date, next_start date
) RETURNS TABLE (facet text, ref bigint, dim text, value text) LANGUAGE sql STABLE AS $$
    SELECT f.facet, f.ref, d.dim, d.value
      FROM (SELECT 'theme'::text AS facet, x::bigint AS ref FROM unnest(theme_ids) x
            UNION ALL SELECT 'centre', centre_id
            UNION ALL SELECT 'language', x::bigint FROM unnest(language_ids) x) f
     CROSS JOIN (
            SELECT ''::text AS dim, ''::text AS value
            UNION ALL SELECT 'theme', x::text FROM unnest(theme_ids) x
            UNION ALL SELECT 'language', x::text FROM unnest(language_ids) x
            UNION ALL SELECT 'centre', centre_id::text
            UNION ALL SELECT 'audience', audience
            UNION ALL SELECT 'level', level
            UNION ALL SELECT 'mode', mode
            UNION ALL SELECT 'last_start', to_char(last_start, 'YYYY-MM-DD')
                       WHERE last_start IS NOT NULL
            UNION ALL SELECT 'open_deadline', to_char(open_deadline, 'YYYY-MM-DD')
                       WHERE open_deadline IS NOT NULL
            UNION ALL SELECT 'next_start', to_char(next_start, 'YYYY-MM-DD')
                       WHERE next_start IS NOT NULL) d
     WHERE f.facet <> d.dim
$$;
"""


def _delta(sources: str) -> str:
    """The upsert that adds each listed course of `sources` (rows of courses_course with a
    `sign`) to the counts."""
    # Every name here is the migration's own; nothing comes from outside.
    return f"""
    INSERT INTO courses_catalog_count AS t (facet, ref, dim, value, n)
    SELECT k.facet, k.ref, k.dim, k.value, sum(c.sign)
      FROM ({sources}) c
      JOIN courses_centre centre ON centre.id = c.centre_id AND centre.is_active
     CROSS JOIN LATERAL apcn_course_count_keys(
            c.theme_ids, c.centre_id, c.language_ids, c.audience, c.level, c.delivery_mode,
            c.last_start_date, c.open_seats_deadline, c.next_start_date) k
     WHERE c.status = 'published'
     GROUP BY 1, 2, 3, 4
    HAVING sum(c.sign) <> 0
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (facet, ref, dim, value) DO UPDATE SET n = t.n + EXCLUDED.n;
    """  # noqa: S608


def _words(sources: str) -> str:
    """The insert that adds the words of the short texts of `sources` (courses `c`)."""
    return f"""
    INSERT INTO courses_search_word (word)
    SELECT DISTINCT w.word
      FROM {sources}
     CROSS JOIN LATERAL regexp_split_to_table(c.search_text, '[[:space:][:punct:]]+') AS w(word)
     WHERE char_length(w.word) >= 3
     ORDER BY 1
    ON CONFLICT DO NOTHING;
    """  # noqa: S608


OLD = "SELECT -1 AS sign, o.* FROM old_courses o"
NEW = "SELECT 1 AS sign, n.* FROM new_courses n"

PG_FORWARD = rf"""
CREATE TABLE IF NOT EXISTS courses_catalog_count (
    facet text NOT NULL,
    ref bigint NOT NULL,
    dim text NOT NULL,
    value text NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (facet, dim, value, ref)
);
{KEYS}

CREATE OR REPLACE FUNCTION apcn_catalog_count_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM courses_catalog_count;
    {_delta("SELECT 1 AS sign, c.* FROM courses_course c")}
END
$$;

CREATE OR REPLACE FUNCTION apcn_catalog_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_delta(NEW)}
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION apcn_catalog_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_delta(OLD + " UNION ALL " + NEW)}
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION apcn_catalog_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_delta(OLD)}
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION apcn_catalog_count_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM apcn_catalog_count_rebuild();
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS apcn_count_insert ON courses_course;
CREATE TRIGGER apcn_count_insert AFTER INSERT ON courses_course
    REFERENCING NEW TABLE AS new_courses
    FOR EACH STATEMENT EXECUTE FUNCTION apcn_catalog_count_insert();
DROP TRIGGER IF EXISTS apcn_count_update ON courses_course;
CREATE TRIGGER apcn_count_update AFTER UPDATE ON courses_course
    REFERENCING OLD TABLE AS old_courses NEW TABLE AS new_courses
    FOR EACH STATEMENT EXECUTE FUNCTION apcn_catalog_count_update();
DROP TRIGGER IF EXISTS apcn_count_delete ON courses_course;
CREATE TRIGGER apcn_count_delete AFTER DELETE ON courses_course
    REFERENCING OLD TABLE AS old_courses
    FOR EACH STATEMENT EXECUTE FUNCTION apcn_catalog_count_delete();
DROP TRIGGER IF EXISTS apcn_count_truncate ON courses_course;
CREATE TRIGGER apcn_count_truncate AFTER TRUNCATE ON courses_course
    FOR EACH STATEMENT EXECUTE FUNCTION apcn_catalog_count_reset();
DROP TRIGGER IF EXISTS apcn_count_centre ON courses_centre;
CREATE TRIGGER apcn_count_centre AFTER UPDATE OF is_active ON courses_centre
    FOR EACH ROW WHEN (OLD.is_active IS DISTINCT FROM NEW.is_active)
    EXECUTE FUNCTION apcn_catalog_count_reset();

SELECT apcn_catalog_count_rebuild();

-- The words of the courses' short texts, for correcting a search's typo against them (pg_trgm's
-- similarity, from a trigram index over a few thousand words) rather than comparing the typo
-- with every course's text. A word stays when its course changes: correcting to it then finds
-- nothing, as the typo itself would.
CREATE TABLE IF NOT EXISTS courses_search_word (word text PRIMARY KEY);
CREATE INDEX IF NOT EXISTS search_word_trgm ON courses_search_word USING gin (word gin_trgm_ops);

CREATE OR REPLACE FUNCTION apcn_search_words_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_words("new_courses c")}
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION apcn_search_words_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {
    _words(
        "new_courses c JOIN old_courses o ON o.id = c.id "
        "AND o.search_text IS DISTINCT FROM c.search_text"
    )
}
    RETURN NULL;
END
$$;

-- Whether any course holds a search's words, as words (the weighted document) or inside its
-- short text (each pattern), asked of the two indexes: walking the table instead, in the hope
-- of an early match, reads every course when none matches.
CREATE OR REPLACE FUNCTION apcn_search_probe(phrase text, patterns text[]) RETURNS boolean
LANGUAGE sql STABLE SET enable_seqscan = off AS $$
    SELECT EXISTS (SELECT 1 FROM courses_course WHERE search_vector @@
                   (plainto_tsquery('simple', phrase) || plainto_tsquery('english', phrase)))
        OR EXISTS (SELECT 1 FROM courses_course WHERE search_text LIKE patterns[1]
                   AND search_text LIKE ALL (patterns))
$$;

DROP TRIGGER IF EXISTS apcn_search_words_insert ON courses_course;
CREATE TRIGGER apcn_search_words_insert AFTER INSERT ON courses_course
    REFERENCING NEW TABLE AS new_courses
    FOR EACH STATEMENT EXECUTE FUNCTION apcn_search_words_insert();
DROP TRIGGER IF EXISTS apcn_search_words_update ON courses_course;
CREATE TRIGGER apcn_search_words_update AFTER UPDATE ON courses_course
    REFERENCING OLD TABLE AS old_courses NEW TABLE AS new_courses
    FOR EACH STATEMENT EXECUTE FUNCTION apcn_search_words_update();

{_words("courses_course c")}
"""  # noqa: S608

PG_BACKWARD = r"""
DROP TRIGGER IF EXISTS apcn_count_insert ON courses_course;
DROP TRIGGER IF EXISTS apcn_count_update ON courses_course;
DROP TRIGGER IF EXISTS apcn_count_delete ON courses_course;
DROP TRIGGER IF EXISTS apcn_count_truncate ON courses_course;
DROP TRIGGER IF EXISTS apcn_count_centre ON courses_centre;
DROP FUNCTION IF EXISTS apcn_catalog_count_insert();
DROP FUNCTION IF EXISTS apcn_catalog_count_update();
DROP FUNCTION IF EXISTS apcn_catalog_count_delete();
DROP FUNCTION IF EXISTS apcn_catalog_count_reset();
DROP FUNCTION IF EXISTS apcn_catalog_count_rebuild();
DROP FUNCTION IF EXISTS apcn_course_count_keys(
    integer[], bigint, integer[], text, text, text, date, date, date);
DROP TABLE IF EXISTS courses_catalog_count;
DROP TRIGGER IF EXISTS apcn_search_words_insert ON courses_course;
DROP TRIGGER IF EXISTS apcn_search_words_update ON courses_course;
DROP FUNCTION IF EXISTS apcn_search_words_insert();
DROP FUNCTION IF EXISTS apcn_search_words_update();
DROP FUNCTION IF EXISTS apcn_search_probe(text, text[]);
DROP TABLE IF EXISTS courses_search_word;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("courses", "0020_un_recognition_partners")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
