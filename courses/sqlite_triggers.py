"""Keep the catalog's SQLite triggers through migrations that rebuild tables.

SQLite cannot alter most of a table in place, so Django rebuilds it (a new table, a copy, a
drop, a rename). The drop takes the table's own triggers with it, and the rename fails while
another table's trigger names the dropped one ("error in trigger ...: no such table"). So on
SQLite every `migrate` first drops the catalog's triggers, and afterwards creates them again
and lets them derive every course afresh (which also covers rows the migrations wrote while
the triggers were away). PostgreSQL alters tables in place and keeps its triggers.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import connections

# The migration that defines the catalog's derived data and its SQLite triggers.
ENGINE_MIGRATION = "courses.migrations.0012_catalog_engine"
# The migrations that add more triggers (`SQLITE_TRIGGERS`), each with the table it creates:
# its triggers come back only once that table exists.
GUARD_MIGRATIONS = {"courses.migrations.0018_certificates": "courses_certificate"}


# A migration that adds columns the derive trigger sets (`SQLITE_OPEN_RUNS`), and one of them:
# they are set only while they exist (a database migrated back below it has none).
OPEN_RUNS_MIGRATION = "courses.migrations.0027_catalog_open_runs"
OPEN_RUNS_COLUMN = "open_first_start"
# Where the derive trigger's assignments (migration 0012's `SQLITE_DERIVE`) take them.
DERIVED_BEFORE = "theme_ids = coalesce("


def _trigger_statements(cursor: Any) -> list[str]:
    migration = importlib.import_module(ENGINE_MIGRATION)
    more = ""
    if _column_exists(cursor, "courses_course", OPEN_RUNS_COLUMN):
        more = importlib.import_module(OPEN_RUNS_MIGRATION).SQLITE_OPEN_RUNS + " "
    return [
        s.replace(DERIVED_BEFORE, more + DERIVED_BEFORE, 1) if "apcn_course_derive" in s else s
        for s in migration.SQLITE_FORWARD
        if s.lstrip().upper().startswith("CREATE TRIGGER")
    ]


def _column_exists(cursor: Any, table: str, column: str) -> bool:
    description = cursor.db.introspection.get_table_description(cursor, table)
    return any(field.name == column for field in description)


def _table_exists(cursor: Any, table: str) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
    return cursor.fetchone() is not None


def _drop_all(cursor: Any) -> None:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'apcn_%'")
    for (name,) in cursor.fetchall():
        cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def _engine_installed(cursor: Any) -> bool:
    return _table_exists(cursor, "courses_catalog_state")


def drop_before_migrate(using: str = "default", **_kwargs: Any) -> None:
    """pre_migrate: take the catalog's triggers away while migrations rebuild tables."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        _drop_all(cursor)


def restore_after_migrate(using: str = "default", **_kwargs: Any) -> None:
    """post_migrate: create the catalog's triggers again and derive every course afresh."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if not _engine_installed(cursor):
            return  # migrated back below the catalog engine: it has no triggers
        _drop_all(cursor)
        for statement in _trigger_statements(cursor):
            cursor.execute(statement)
        cursor.execute("UPDATE courses_course SET version = version")
        for module, table in GUARD_MIGRATIONS.items():
            if _table_exists(cursor, table):
                for statement in importlib.import_module(module).SQLITE_TRIGGERS:
                    cursor.execute(statement)
