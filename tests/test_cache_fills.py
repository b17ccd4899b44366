"""What a catalog page computed for the cache is written once its answer has been sent.

A WSGI server sends the whole answer, then closes it; the counts, rows and page the request
computed are written to the cache at that close (`catalog_cache.CatalogVersionMiddleware`), so
the visitor never waits for them, and a cache that fails to take them breaks no answer.
"""

from __future__ import annotations

import io
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from courses.models import Theme

from .factories import make_course, make_offering
from .pages import result_titles

pytestmark = pytest.mark.django_db

URL, QUERY = "/courses/", "theme=protection-of-civilians&sort=title"


@pytest.fixture
def server():
    """The app as a WSGI server calls it: each call answers one request and gives back the
    answer, not closed yet. (The test's database connection stays open between requests, as
    Django's test client keeps it.)"""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    handler = WSGIHandler()

    def answer(query: str = QUERY):
        environ: dict = {}
        setup_testing_defaults(environ)
        environ.update(
            PATH_INFO=URL,
            QUERY_STRING=query,
            HTTP_HOST="testserver",
            SERVER_NAME="testserver",
            REQUEST_METHOD="GET",
            **{"wsgi.input": io.BytesIO()},
        )
        statuses = []
        response = handler(environ, lambda status, headers: statuses.append(status))
        return response, statuses[0]

    yield answer
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def queries_of(server, query: str = QUERY) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response, status = server(query)
    assert status.startswith("200"), status
    return len(queries), response


def test_the_answer_is_whole_before_the_cache_is_written(server, centre_a, reference_data):
    poc = Theme.objects.get(slug="protection-of-civilians")
    make_offering(make_course(centre_a, title="Convoy security", themes=[poc]), start_in_days=20)
    cold, first = queries_of(server)
    assert result_titles(first) == ["Convoy security"]

    # Sent but not closed: nothing of it is in the cache yet, so the same page is counted again.
    again, second = queries_of(server)
    assert again == cold
    second.close()

    # Closed: the page is kept, and the next visitor's answer reads it (the catalog's version).
    first.close()
    kept, third = queries_of(server)
    assert kept == 1
    assert result_titles(third) == ["Convoy security"]
    third.close()


def test_a_cache_that_refuses_the_writes_breaks_no_answer(
    server, centre_a, reference_data, monkeypatch
):
    make_course(centre_a, title="Convoy security")

    def refuse(*args, **kwargs):
        raise ConnectionError("the cache is gone")

    monkeypatch.setattr(cache, "set_many", refuse)
    _count, response = queries_of(server, "sort=title")
    assert result_titles(response) == ["Convoy security"]
    response.close()  # the writes fail here, after the answer was sent
    monkeypatch.undo()

    _count, response = queries_of(server, "sort=title")
    assert result_titles(response) == ["Convoy security"]
    response.close()
