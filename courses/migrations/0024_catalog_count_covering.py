"""The count table's key carries each row's count (`INCLUDE (n)`), so that PostgreSQL sums a
range of it (the courses with a run after a day: one row per theme, centre or language and
date) from the index alone. At 100k courses such a range is ~13k rows, each on its own page of
the table: 6 ms read from the table, 3 ms from the index. SQLite has no count table."""

from django.db import migrations

KEY = "facet, dim, value, ref"


def _key(include: str) -> str:
    return (
        "ALTER TABLE courses_catalog_count DROP CONSTRAINT courses_catalog_count_pkey, "
        f"ADD CONSTRAINT courses_catalog_count_pkey PRIMARY KEY ({KEY}){include}"
    )


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_key(" INCLUDE (n)"))


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_key(""))


class Migration(migrations.Migration):
    dependencies = [("courses", "0023_catalog_order_indexes")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
