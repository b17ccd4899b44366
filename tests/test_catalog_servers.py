"""Two app server processes on one database: a write through one is seen at once by the other.

Each server keeps the catalog's counts and pages in its cache: a shared Redis (`CACHE_URL`, as
in production) or its own memory. Either way no server may answer from a page cached before a
write: the cache keys follow the database's catalog version, which the database moves on every
committed write, whichever process made it.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from .factories import make_centre, make_course, make_user

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")
TITLE = "Course that is archived through one server"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(tmp_path: Path) -> str:
    """A URL the servers can open for the test's own database (committed data)."""
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        user = db.get("USER") or "postgres"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return (
            f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:"
            f"{db.get('PORT') or 5432}/{db['NAME']}"
        )
    # SQLite's test database lives in this process's memory: copy it, triggers, full-text
    # tables and all, to a file both servers open.
    path = tmp_path / "servers.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


class Server:
    def __init__(self, database_url: str, cache_url: str | None) -> None:
        self.port = _free_port()
        env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", "AXES_ENABLED": "0"}
        env.pop("CACHE_URL", None)
        if cache_url:
            env["CACHE_URL"] = cache_url
        self.process = subprocess.Popen(  # noqa: S603 (our own manage.py, fixed arguments)
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get("/healthz")
                return
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("the app server did not start") from None
                time.sleep(0.3)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> str:
        with self.opener.open(self.url(path), timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, data: dict[str, str]) -> str:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(  # noqa: S310 (http to our own server)
            self.url(path), data=body, headers={"Referer": self.url(path)}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()

    def form_token(self, path: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path))
        assert match, f"no form on {path}"
        return match.group(1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(params=["redis", "per-process"])
def cache_url(request) -> str | None:
    if request.param == "per-process":
        return None
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()  # this test's Redis database: nothing left from an earlier run
    except redis.RedisError:
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def two_servers(tmp_path, cache_url, reference_data) -> Iterator[tuple[Server, Server]]:
    centre = make_centre(slug="servers")
    make_course(centre, title=TITLE)
    make_course(centre, title="Course that stays")
    admin = make_user("network-admin", is_staff=True, is_superuser=True)
    # The servers check passwords with the production hashers, not the tests' fast one.
    admin.password = PBKDF2PasswordHasher().encode("pass-for-tests", "serverstestsalt")
    admin.save(update_fields=["password"])
    database_url = _database_url(tmp_path)
    first = Server(database_url, cache_url)
    try:
        second = Server(database_url, cache_url)
    except Exception:
        first.stop()
        raise
    try:
        yield first, second
    finally:
        first.stop()
        second.stop()
        connection.close()


def test_a_write_through_one_server_is_seen_at_once_by_the_other(two_servers):
    from courses.models import Course

    first, second = two_servers
    pages = ["/courses/", "/courses/?centre=servers", "/courses/?q=archived"]
    for server in (first, second):
        for path in pages * 2:  # asked twice: the second answer comes from the cache
            assert TITLE in server.get(path)

    # The network admin archives the course through the first server's admin.
    token = first.form_token("/admin/login/")
    first.post(
        "/admin/login/?next=/admin/",
        {"csrfmiddlewaretoken": token, "username": "network-admin", "password": "pass-for-tests"},
    )
    course_id = Course.objects.get(title=TITLE).pk  # the same id in the servers' copy
    token = first.form_token("/admin/courses/course/")
    answer = first.post(
        "/admin/courses/course/",
        {
            "csrfmiddlewaretoken": token,
            "action": "archive",
            "_selected_action": str(course_id),
            "index": "0",
        },
    )
    assert "1 course(s) archived." in answer or "1 course archived." in answer

    stale = [
        (server.port, path)
        for _ in range(5)
        for server in (second, first)
        for path in pages
        if TITLE in server.get(path)
    ]
    assert stale == []
    assert "Course that stays" in second.get("/courses/")
