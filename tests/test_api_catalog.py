# ruff: noqa: F811 - the tests take the page tests' `catalog` fixture by its name
"""The API's catalog and the page agree: the same FilterSet, so the same courses, in the same
order, with the same count, and the same refusals, for every parameter of SPEC §3."""

from __future__ import annotations

import pytest

from .factories import make_course
from .test_catalog import catalog, on  # noqa: F401 - the page tests' catalog, shared

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "q=protection",
    "q=convoy security",
    "theme=protection-of-civilians",
    "theme=women-peace-security&theme=military-observers",
    "centre=alpha",
    "centre=bravo&centre=charlie",
    "country=TH",
    "country=vn",
    "country=PH",
    "audience=military",
    "audience=police&audience=mixed",
    "level=advanced",
    "language=en",
    "language=th&language=vi",
    "mode=online",
    "mode=blended&mode=online",
    "starts_after={d20}",
    "starts_before={d20}",
    "starts_after={d20}&starts_before={d60}",
    "open_seats=1",
    "open_seats=0",
    "sort=start",
    "sort=title",
    "sort=-created",
    "q=course&sort=relevance",
    "theme=protection-of-civilians&language=vi&open_seats=1",
    "level=&level=advanced",
]


def _page(client, query: str) -> tuple[int, list[str], int]:
    response = client.get(f"/courses/?{query}")
    titles = [course.title for course in response.context["courses"]]
    return response.status_code, titles, response.context["result_count"]


def _api(api, query: str) -> tuple[int, list[str], int]:
    response = api.get(f"/api/v1/courses/?{query}")
    body = response.json()
    return response.status_code, [c["title"] for c in body["results"]], body["count"]


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_lists_what_the_page_lists(client, api_client, catalog, query):
    query = query.format(d20=on(20), d60=on(60))
    page = _page(client, query)
    assert page[0] == 200
    assert _api(api_client(), query) == page


@pytest.mark.parametrize("query", ["", "centre=alpha", "sort=title"])
def test_a_member_gets_its_drafts_in_both(client, api_client, catalog, centre_a, trainer_a, query):
    make_course(centre_a, title="Alpha draft", status="draft")
    client.force_login(trainer_a)
    page = _page(client, query)
    assert "Alpha draft" in page[1]
    assert _api(api_client(trainer_a), query) == page


@pytest.mark.parametrize(
    "query",
    [
        "theme=no-such-theme",
        "centre=nowhere&mode=online",
        "language=xx",
        "country=ZZ",
        "audience=pilots",
        "level=expert",
        "mode=by-post",
        "starts_after=2026-02-30",
        "starts_after={d60}&starts_before={d20}",
        "open_seats=banana",
        "sort=nonsense",
        "q=" + "x" * 201,
        "q=%00",
        "theme=bad%20slug",
    ],
)
def test_the_api_refuses_what_the_page_refuses_on_the_same_field(
    client,
    api_client,
    catalog,
    query,
):
    query = query.format(d20=on(20), d60=on(60))
    page = client.get(f"/courses/?{query}")
    assert page.status_code == 400
    fields = set(page.context["form"].errors)
    response = api_client().get(f"/api/v1/courses/?{query}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body["errors"]) == fields
    assert body["field"] in fields
    assert body["detail"] == page.context["form"].errors[body["field"]][0]
