"""A course's search document (PostgreSQL) keeps its words and their English stems, without
their positions and weights (`strip`): a third smaller, and the course's row a fifth.

Nothing reads the positions or the weights: a search asks whether every word is there
(`plainto_tsquery`, no phrase), and ranks by where the words are from the short text
(`courses.search`). A search with a common word reads the row of every course it matches, for
the facets' counts, so the catalog's table is read in fewer pages: at 100k courses, 2,560 bytes a
row became 2,015.

The course's trigger function derives the stripped document; every course is derived again
here. SQLite keeps its own documents (FTS5 tables) and changes nothing.
"""

import importlib

from django.db import migrations

WEIGHTED = """
        setweight(apcn_words(NEW.title), 'A')
        || setweight(apcn_words(concat_ws(' ', NEW.summary, centre_words, places)), 'B')
        || setweight(apcn_words(NEW.description), 'C');"""

WORDS_ONLY = """
        strip(apcn_words(NEW.title)
              || apcn_words(concat_ws(' ', NEW.summary, centre_words, places))
              || apcn_words(NEW.description));"""


def _derive_before() -> str:
    """The course's trigger function as migration 0027 made it."""
    return importlib.import_module("courses.migrations.0027_catalog_open_runs").PG_DERIVE


def _derive_words_only() -> str:
    before = _derive_before()
    if WEIGHTED not in before:  # pragma: no cover - a guard against an edited 0027
        raise RuntimeError("migration 0027's search document is not the one 0028 replaces")
    return before.replace(WEIGHTED, WORDS_ONLY)


def _derive_all(schema_editor, function: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(function)
        schema_editor.execute("UPDATE courses_course SET version = version")


def forward(apps, schema_editor):
    _derive_all(schema_editor, _derive_words_only())


def backward(apps, schema_editor):
    _derive_all(schema_editor, _derive_before())


class Migration(migrations.Migration):
    dependencies = [("courses", "0027_catalog_open_runs")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
