"""What a catalog page shows, read from its HTML: a kept visitor's page has no template context."""

from __future__ import annotations

import html
import re

_TITLE = re.compile(r'class="result__title"><a href="[^"]*">([^<]*)</a>')
_FACET_OPTION = re.compile(
    r'<input type="checkbox" name="(?P<name>[\w-]+)" value="(?P<value>[^"]*)"[^>]*>[^<]*</label>\s*'
    r'<span class="facet-count"[^>]*>(?P<count>\d+)</span>'
)


def result_titles(response) -> list[str]:
    """The titles of the courses the page lists, in its order."""
    assert response.status_code == 200, response.status_code
    return [html.unescape(title) for title in _TITLE.findall(response.content.decode())]


def facet_count(response, name: str, value: str) -> int:
    """The count the page shows beside `value` of the facet `name` (theme, centre, language)."""
    for match in _FACET_OPTION.finditer(response.content.decode()):
        if match["name"] == name and html.unescape(match["value"]) == value:
            return int(match["count"])
    raise AssertionError(f"no {name}={value} in the facets")
