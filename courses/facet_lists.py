"""The catalog's filter lists (theme, centre, language, country, audience, level, mode, kind of
centre) rendered in Python: each is a loop over a compact list of options, and as template loops
they cost a fifth of a catalog page's rendering. The markup and the messages are the ones the
template had."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

_CHECKED = mark_safe(" checked")
_EMPTY = mark_safe(' class="is-empty"')
_NOTHING = mark_safe("")


def _errors(errors: Iterable[str] | None) -> SafeString:
    if not errors:
        return _NOTHING
    return format_html(
        '<ul class="errorlist">{}</ul>', format_html_join("", "<li>{}</li>", ((e,) for e in errors))
    )


def _fieldset(legend: str, items: SafeString, errors: Iterable[str] | None) -> SafeString:
    return format_html(
        '<fieldset class="{}">\n<legend>{}</legend>\n<ul class="facet-list">\n{}</ul>\n{}'
        "</fieldset>\n",
        "field--error" if errors else "",
        legend,
        items,
        _errors(errors),
    )


def counted_facet(name: str, legend: str, options: Iterable, errors=None) -> SafeString:
    """A filter list whose options carry counts (`FacetOption`: theme, centre, language)."""
    count_title = gettext("Courses with the other filters kept")
    items = format_html_join(
        "",
        '<li{}>\n<label><input type="checkbox" name="{}" value="{}"{}> {}</label>\n'
        '<span class="facet-count" title="{}">{}</span>\n</li>\n',
        (
            (
                _EMPTY if not option.count and not option.selected else _NOTHING,
                name,
                option.value,
                _CHECKED if option.selected else _NOTHING,
                option.label,
                count_title,
                localize(option.count),
            )
            for option in options
        ),
    )
    return _fieldset(legend, items, errors)


def choice_facet(name: str, legend: str, options: Iterable, errors=None) -> SafeString:
    """A filter list without counts: (value, label, checked) for each option."""
    items = format_html_join(
        "",
        '<li><label><input type="checkbox" name="{}" value="{}"{}> {}</label></li>\n',
        (
            (name, value, _CHECKED if checked else _NOTHING, label)
            for value, label, checked in options
        ),
    )
    return _fieldset(legend, items, errors)
