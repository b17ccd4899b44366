"""`manage.py compile_catalogs`: the .mo files from the .po files, without GNU gettext."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from courses.catalogs import compile_catalogs


class Command(BaseCommand):
    help = "Compile the translation catalogs (locale/*/LC_MESSAGES/*.po) that changed."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="compile every catalog")

    def handle(self, *args, force: bool = False, **options):
        for locale_dir in settings.LOCALE_PATHS:
            for mo_path in compile_catalogs(locale_dir, force=force):
                self.stdout.write(f"compiled {mo_path}")
