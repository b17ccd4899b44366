from django.db import migrations

from courses.reference import LANGUAGES, THEMES


def load_reference_data(apps, schema_editor):
    Theme = apps.get_model("courses", "Theme")
    Language = apps.get_model("courses", "Language")
    for slug, name, is_priority, description in THEMES:
        Theme.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "is_priority": is_priority, "description": description},
        )
    for code, name in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name})


def create_search_index(apps, schema_editor):
    # Full-text ranking exists only on PostgreSQL; SQLite falls back to plain matching.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS course_search_vector_gin "
            "ON courses_course USING gin (search_vector)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS course_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [
        migrations.RunPython(load_reference_data, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
