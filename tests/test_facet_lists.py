"""The catalog's filter lists, rendered in Python (`courses/facet_lists.py`): what a visitor
sees in each fieldset (counts, what is chosen, what is empty, the field's own errors)."""

from __future__ import annotations

import re

import pytest

from .factories import make_centre, make_course

pytestmark = pytest.mark.django_db

CATALOG = "/courses/"


def fieldset(html: str, name: str) -> str:
    """The fieldset holding the checkboxes named `name`."""
    for match in re.finditer(r"<fieldset[^>]*>.*?</fieldset>", html, re.S):
        if f'name="{name}"' in match.group(0):
            return match.group(0)
    raise AssertionError(f"no fieldset for {name}")


def test_each_option_shows_its_count_and_an_empty_one_is_marked(client, centre_a):
    make_course(centre_a, title="One", audience="police")
    make_course(centre_a, title="Two", audience="police")
    html = client.get(CATALOG, {"audience": "police"}).content.decode()
    centres = fieldset(html, "centre")
    assert re.search(
        rf'<li>\s*<label><input type="checkbox" name="centre" value="{centre_a.slug}"> '
        rf'{centre_a.short_name}</label>\s*<span class="facet-count"[^>]*>2</span>',
        centres,
    )
    themes = fieldset(html, "theme")
    assert 'class="is-empty"' in themes  # themes no course of the result has
    audiences = fieldset(html, "audience")
    assert 'name="audience" value="police" checked' in audiences
    assert 'name="audience" value="military">' in audiences


def test_a_bad_value_is_shown_on_its_own_list(client, centre_a):
    make_course(centre_a)
    html = client.get(CATALOG, {"theme": "not-a-theme", "level": "basic"}).content.decode()
    themes = fieldset(html, "theme")
    assert themes.startswith('<fieldset class="field--error">')
    assert "There is no theme “not-a-theme”." in themes
    levels = fieldset(html, "level")
    assert levels.startswith('<fieldset class="">')
    assert 'name="level" value="basic" checked' in levels


def test_a_centre_name_is_escaped_in_its_list(client):
    centre = make_centre(short_name="<b>B</b>&co")
    make_course(centre)
    centres = fieldset(client.get(CATALOG).content.decode(), "centre")
    assert "&lt;b&gt;B&lt;/b&gt;&amp;co</label>" in centres
    assert "<b>" not in centres


def test_the_lists_speak_the_visitors_language(client, centre_a):
    make_course(centre_a)
    html = client.get(CATALOG, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Courses with the other filters kept" not in fieldset(html, "theme")
