"""Schemathesis against the API's own OpenAPI document (/api/v1/schema/), in-process.

A pinned, bounded run (schemathesis==4.32.5, a fixed number of examples per operation,
deterministic): valid and invalid parameters and bodies for every operation, as a visitor and
as members of the host, the requesting and a third centre and as the network admin. No answer
may be a server error or break the document (status codes, content types, bodies), and no
answer may show what the caller's rights do not allow: every seat request, course and resource
in a successful answer must be one the caller's permission functions let it see.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
)

from courses.models import Offering
from courses.permissions import viewable_courses, visible_resources, visible_seat_requests

from .factories import make_course, make_offering, make_seat_request
from .resource_factories import make_resource

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 15


@pytest.fixture
def api_world(centre_a, trainer_a, trainer_b, trainer_c, network_admin):
    """A small network: published and draft courses with offerings, a seat request of B on
    A's offering, and resources of each visibility."""
    course = make_course(centre_a, title="Host course")
    offering = make_offering(course, partner_seats=6)
    make_offering(course, start_in_days=120)
    draft = make_course(centre_a, title="Draft course", status="draft")
    make_offering(draft)
    make_course(trainer_b.membership.centre, title="Bravo course")
    make_seat_request(offering, by=trainer_b)
    for visibility in ("public", "network", "centre"):
        make_resource(centre_a, visibility=visibility, title=f"{visibility} plan")
    return {
        "anonymous": None,
        "host": trainer_a,
        "requester": trainer_b,
        "third": trainer_c,
        "network_admin": network_admin,
    }


@pytest.fixture
def callers(api_world):
    """{role: (user, headers)}: a token for each role (none for the visitor)."""
    from courses.services.tokens import api_token_create

    callers = {}
    for role, user in api_world.items():
        # The in-process WSGI calls get the body as the app sends it: a browser or an HTTP
        # library would undo the site's gzip, the WSGI transport does not.
        headers = {"Accept-Encoding": "identity"}
        if user is not None:
            _token, key = api_token_create(by=user, name="schemathesis")
            headers["Authorization"] = f"Token {key}"
        callers[role] = (user, headers)
    return callers


@pytest.fixture
def unthrottled(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    # The run makes a few thousand requests from one address in a minute: not a flood.
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture(autouse=True)
def _requests_keep_the_test_connection():
    """Schemathesis calls the WSGI application itself, so Django's request signals run and
    `close_old_connections` may close the test's database connection (with its open
    transaction) after an error response, which broke every later call on PostgreSQL.
    Django's own test client disconnects it the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _load_schema():
    from apcn.wsgi import application

    # The document does not depend on the database: it is read once, when the tests are
    # collected (schemathesis' fixture-based loading does not work with pytest 9).
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    loaded.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        max_examples=EXAMPLES_PER_OPERATION,
        deterministic=True,
    )
    return loaded


schema = _load_schema()

# What every answer must satisfy. Not `positive_data_acceptance`: a well-formed slug that names
# no theme, centre or language (`theme=abc`) is valid by the document's pattern and still a 400
# naming the field, exactly as on the catalog page; the document cannot list the rows.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    use_after_free,
]


def _ids(data, key: str) -> set:
    """Every value of `key` in the objects of a list page or of one object."""
    if not isinstance(data, dict):
        return set()
    items = data.get("results") if "results" in data else [data]
    return {item[key] for item in items or [] if isinstance(item, dict) and key in item}


def no_way_past_authorization(user):
    def no_way_past_authorization(ctx, response, case) -> None:
        if not 200 <= response.status_code < 300:
            return
        path = case.operation.path
        data = json.loads(response.content) if response.content else None
        viewer = user or _anonymous()
        if path.startswith("/api/v1/seat-requests/"):
            shown = _ids(data, "id")
            allowed = set(
                visible_seat_requests(viewer).filter(pk__in=shown).values_list("pk", flat=True)
            )
            assert shown <= allowed, f"seat requests {shown - allowed} shown to {user}"
        elif path.startswith("/api/v1/courses/"):
            shown = _ids(data, "slug")
            allowed = set(
                viewable_courses(viewer).filter(slug__in=shown).values_list("slug", flat=True)
            )
            assert shown <= allowed, f"courses {shown - allowed} shown to {user}"
        elif path.startswith("/api/v1/offerings/"):
            shown = _ids(data, "id")
            allowed = set(
                Offering.objects.filter(
                    pk__in=shown, course__in=viewable_courses(viewer)
                ).values_list("pk", flat=True)
            )
            assert shown <= allowed, f"offerings {shown - allowed} shown to {user}"
        elif path.startswith("/api/v1/resources/"):
            shown = _ids(data, "id")
            allowed = set(
                visible_resources(viewer).filter(pk__in=shown).values_list("pk", flat=True)
            )
            assert shown <= allowed, f"resources {shown - allowed} shown to {user}"

    return no_way_past_authorization


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@schema.parametrize()
@settings(
    deadline=None,
    database=None,  # a pinned run: nothing remembered between runs
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_keeps_its_document_and_its_rules(case, callers, unthrottled):
    # Each generated request is sent by every role in turn. A visitor's request carries the
    # credentials schemathesis makes up (never valid): `ignored_auth` then proves that the
    # operations needing a member refuse it, and that they refuse a request without any.
    for user, headers in callers.values():
        checks = [*CHECKS, no_way_past_authorization(user)]
        if user is None:
            checks.append(ignored_auth)
        case.call_and_validate(headers=headers, checks=checks)


def test_sequences_of_calls_follow_the_documents_links(api_world, callers, unthrottled):
    """Stateful: schemathesis follows the document's links (a new seat request to its page and
    its decision, a catalog row to its course and offering) as the third centre's member, who
    may submit a request on the host's offering and then withdraw or re-open it."""
    user, headers = callers["third"]
    base = schema.as_state_machine()

    class AsTheThirdCentre(base):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                checks=[*CHECKS, no_way_past_authorization(user)],
                transport_kwargs=kwargs or None,
                recorder=getattr(self, "recorder", None),
            )

    AsTheThirdCentre.run(
        settings=settings(
            max_examples=10,
            stateful_step_count=5,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
