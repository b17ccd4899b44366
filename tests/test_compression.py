"""Pages travel gzipped, and a first visit to the catalog or a course page is at most 60 KB."""

from __future__ import annotations

import gzip
import re

from django.contrib.staticfiles import finders
from django.urls import reverse

from .factories import make_course, make_offering

LIMIT = 60 * 1024


def _first_load_bytes(client, url: str) -> int:
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    total = len(response.content)
    # Every stylesheet, script and icon the page names, as compressed as WhiteNoise serves it.
    for asset in re.findall(r'(?:href|src)="/static/([^"?]+)"', html):
        path = finders.find(asset)
        assert path, asset
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    return total


def test_the_catalog_and_a_course_page_weigh_at_most_60_kb_on_first_load(client, centre_a):
    for n in range(20):
        make_offering(
            make_course(centre_a, title=f"Course on protection {n}"), start_in_days=30 + n
        )
    course = make_course(centre_a, title="Protection of Civilians Course", description="x " * 2000)
    for n in range(6):
        make_offering(course, start_in_days=30 + 20 * n)

    for url in (reverse("course-list"), reverse("course-detail", args=[course.slug])):
        assert _first_load_bytes(client, url) <= LIMIT, url


def test_a_browser_that_does_not_ask_gets_plain_html(client, db):
    response = client.get(reverse("course-list"))
    assert "Content-Encoding" not in response
    assert b"<html" in response.content
