"""Writes of the reference data every installation shares: themes and languages."""

from __future__ import annotations

from django.db import transaction

from ..models import Language, Theme
from ..reference import LANGUAGES, THEMES


@transaction.atomic
def reference_data_sync() -> dict[str, int]:
    """Bring the themes and languages in line with `courses.reference`.

    Adds what is missing and corrects names and descriptions that differ; a row that already
    matches is not written, so a second run changes nothing. Nothing is deleted: courses and
    resources may point at a theme the list no longer has. Returns how many rows it added and changed, by kind.
    """
    counts = {
        "new theme": 0,
        "updated theme": 0,
        "new language": 0,
        "updated language": 0,
    }
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for slug, name, is_priority, description in THEMES:
        wanted = {"name": name, "is_priority": is_priority, "description": description}
        theme = themes.get(slug)
        if theme is None:
            Theme.objects.create(slug=slug, **wanted)
            counts["new theme"] += 1
        elif any(getattr(theme, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(theme, field, value)
            theme.save()
            counts["updated theme"] += 1
    languages = {language.code: language for language in Language.objects.all()}
    for code, name in LANGUAGES:
        language = languages.get(code)
        if language is None:
            Language.objects.create(code=code, name=name)
            counts["new language"] += 1
        elif language.name != name:
            language.name = name
            language.save()
            counts["updated language"] += 1
    return counts
