"""Fixtures shared by the whole suite: three centres and their people."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from courses.models import CentreRole

from .factories import make_centre, make_user


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    # Login throttling counts failures in the database and needs the request in authenticate(),
    # which the test client's login() does not pass; the throttling tests switch it back on.
    settings.AXES_ENABLED = False
    # The catalog's counts live in the cache between requests; every test starts without them.
    cache.clear()
    # Every test starts in the site's language: a page asked for in Thai leaves Thai active in
    # the thread (the locale middleware does not reset it), and a later test's messages with it.
    translation.deactivate()


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


@pytest.fixture
def reference_data(db):
    """The themes and languages the data migrations wrote, for a transactional test.

    A transactional test ends by emptying every table, so whichever runs after another cannot
    count on what the migrations seeded; each asks for it here instead.
    """
    from courses.services.reference import reference_data_sync

    reference_data_sync()


@pytest.fixture
def centre_a(db):
    return make_centre(
        name="Alpha Peacekeeping Centre",
        short_name="APC",
        slug="alpha",
        country="MY",
        city="Port Dickson",
    )


@pytest.fixture
def centre_b(db):
    return make_centre(
        name="Bravo Peace Operations Center",
        short_name="BPOC",
        slug="bravo",
        country="TH",
        city="Bangkok",
    )


@pytest.fixture
def centre_c(db):
    return make_centre(
        name="Charlie Training Institute",
        short_name="CTI",
        slug="charlie",
        country="VN",
        city="Hanoi",
    )


@pytest.fixture
def trainer_a(centre_a):
    return make_user("trainer-a", centre=centre_a)


@pytest.fixture
def admin_a(centre_a):
    return make_user("admin-a", centre=centre_a, role=CentreRole.CENTRE_ADMIN)


@pytest.fixture
def trainer_b(centre_b):
    return make_user("trainer-b", centre=centre_b)


@pytest.fixture
def admin_b(centre_b):
    return make_user("admin-b", centre=centre_b, role=CentreRole.CENTRE_ADMIN)


@pytest.fixture
def trainer_c(centre_c):
    return make_user("trainer-c", centre=centre_c)


@pytest.fixture
def network_admin(db):
    return make_user("secretariat-test", is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db):
    """A signed-in user who belongs to no centre."""
    return make_user("no-centre")


@pytest.fixture
def admin_c(centre_c):
    return make_user("admin-c", centre=centre_c, role=CentreRole.CENTRE_ADMIN)


@pytest.fixture
def api_client():
    """`api_client(user)`: a REST API client sending a new personal token of `user` (or, with
    no user, a visitor's client without one)."""
    import itertools

    from rest_framework.test import APIClient

    from courses.services.tokens import api_token_create

    names = itertools.count(1)

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            _token, key = api_token_create(by=user, name=f"test token {next(names)}")
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return client_for


@pytest.fixture
def deliver_outbox(db, monkeypatch):
    """Run the outbox worker's own loop in-process until nothing is due; return tasks run.

    It is `manage.py outbox_worker --batch`: django-tasks' database worker on the outbox
    queue, against the test database, with the queue rows the services wrote.
    """
    from django_tasks_db.management.commands import db_worker

    from courses.notifications.outbox import QUEUE_NAME

    # The worker drops stale connections between tasks; inside a test's transaction that
    # would throw the test's data away, and the test database connection is never stale.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> int:
        worker = db_worker.Worker(
            queue_names=[QUEUE_NAME],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        worker.run()
        return worker._run_tasks

    return run


def pytest_sessionstart(session):
    # The compiled catalogs are not in the repository; a run straight from pytest (not through
    # `make test`) builds the ones that are missing or stale, so translated pages are tested.
    from django.conf import settings

    from courses.catalogs import compile_catalogs

    for locale_dir in settings.LOCALE_PATHS:
        compile_catalogs(locale_dir)
