"""A course's search document is kept in its row, not beside it (PostgreSQL).

A row longer than about 2 kB has its largest values moved out to the table's TOAST storage, and
a course's search document (the words of its title, summary and description, with their stems)
is its largest value: so every course's document lay outside its row, and a search that
PostgreSQL checks course by course (a common word: it reads the table rather than the index)
fetched every document from there. At 10k courses the count of a search for "protection" took
27 ms, 23 of them reading the course table and the documents; now 10 ms in all (and the
faster plan through the indexes, which PostgreSQL now prefers).

Rows may now grow to 4 kB before anything is moved out, and the document is the last value to
go (`STORAGE MAIN`): the description goes first. Every course is written once so that its row
is stored anew (the catalog's triggers derive it again, as on any write): about 3 s for
10,000 courses, during which the courses cannot be edited.
SQLite keeps no such storage: nothing changes there."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE courses_course SET (toast_tuple_target = 4096)")
        schema_editor.execute(
            "ALTER TABLE courses_course ALTER COLUMN search_vector SET STORAGE MAIN"
        )
        # The course's trigger (apcn_course_derive) writes the document again on every update.
        schema_editor.execute("UPDATE courses_course SET search_vector = NULL")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE courses_course RESET (toast_tuple_target)")
        schema_editor.execute(
            "ALTER TABLE courses_course ALTER COLUMN search_vector SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("courses", "0025_catalog_facets_next_start")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
