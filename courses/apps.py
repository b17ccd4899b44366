from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("APCN training")

    def ready(self) -> None:
        from . import middleware, sqlite_triggers

        # A member's language and time zone go into the session at log-in (no query per page).
        user_logged_in.connect(middleware.keep_preferences_at_log_in)

        pre_migrate.connect(sqlite_triggers.drop_before_migrate, sender=self)
        post_migrate.connect(sqlite_triggers.restore_after_migrate, sender=self)
