from django.apps import AppConfig


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = "APCN training"

    def ready(self) -> None:
        # The resource library's admin lives in its own module (registered on import).
        from . import admin_library  # noqa: F401
