from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = "APCN training"

    def ready(self) -> None:
        from . import sqlite_triggers

        pre_migrate.connect(sqlite_triggers.drop_before_migrate, sender=self)
        post_migrate.connect(sqlite_triggers.restore_after_migrate, sender=self)
