"""Production rails: `check --deploy`, refusals without secrets, CSP, login throttling."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from .factories import make_user

ROOT = Path(__file__).resolve().parent.parent
REAL_SECRET_KEY = "k3Yq8-vN2pLw7Zr4Tx9Hb6Jm1Fs5Dc0Ga8Qe3Uy7Io2Pk4Vn6Wm9Xz1Lb5Rt8Sh0Ej"
# The database the production-settings processes may open: one file per test process, so that
# two suites running at once never share it, removed when the module's tests are done.
DEPLOY_CHECK_DATABASE = Path(tempfile.gettempdir()) / f"apcn-deploy-check-{os.getpid()}.sqlite3"


@pytest.fixture(scope="module", autouse=True)
def _remove_deploy_check_database():
    yield
    DEPLOY_CHECK_DATABASE.unlink(missing_ok=True)


def _production_env(**overrides: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AXES_"))}
    env.update(
        DEBUG="0",
        SECRET_KEY=REAL_SECRET_KEY,
        ALLOWED_HOSTS="training.apcn.example",
        DATABASE_URL=f"sqlite:///{DEPLOY_CHECK_DATABASE}",
        DJANGO_SETTINGS_MODULE="apcn.settings",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "System check identified no issues" in output


def test_production_settings_harden_cookies_hsts_and_static_files():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_PROXY_SSL_HEADER[0], "
        "s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = _run(["-c", code], _production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "True",
        "HTTP_X_FORWARDED_PROTO",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_media_goes_to_s3_compatible_storage_when_a_bucket_is_configured():
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "media = storages['default']; print(type(media).__name__, media.bucket_name)"
    )
    env = _production_env(
        AWS_STORAGE_BUCKET_NAME="apcn-media", AWS_S3_ENDPOINT_URL="https://s3.example"
    )
    result = _run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["S3Storage", "apcn-media"]


@pytest.mark.parametrize(
    ("missing", "message"),
    [("SECRET_KEY", "SECRET_KEY is not set"), ("ALLOWED_HOSTS", "ALLOWED_HOSTS is not set")],
)
def test_production_start_without_a_secret_refuses_with_a_clear_message(missing, message):
    result = _run(["-c", "import django; django.setup()"], _production_env(**{missing: None}))
    assert result.returncode != 0
    assert message in result.stderr


def _bare_env() -> dict[str, str]:
    """A fresh clone's shell: none of the app's settings in the environment."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}


def test_a_fresh_clone_checks_its_migrations_without_any_setting():
    result = _run(["manage.py", "makemigrations", "--check", "--dry-run"], _bare_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_a_command_without_its_secret_names_what_is_missing():
    result = _run(["manage.py", "migrate", "--plan"], _bare_env())
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "DEBUG=1" in result.stderr
    assert "Models aren't loaded yet" not in result.stderr


def test_every_page_carries_a_csp_forbidding_inline_script_and_style(client, db):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    directives = dict(
        [*part.strip().split(" ", 1), ""][:2] for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _log_in(client, username, password, ip):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_five_failed_logins_lock_that_account_from_that_address(client, throttled, db):
    make_user("locked-trainer")
    for _ in range(4):
        response = _log_in(client, "locked-trainer", "wrong password", "198.51.100.7")
        assert response.status_code == 200  # the form again, with its error
    # The fifth failure locks the pair at once.
    assert _log_in(client, "locked-trainer", "wrong again", "198.51.100.7").status_code == 429
    response = _log_in(client, "locked-trainer", "pass-for-tests", "198.51.100.7")
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_account_can_still_log_in_from_another_address(client, throttled, db):
    make_user("locked-trainer")
    for _ in range(5):
        _log_in(client, "locked-trainer", "wrong password", "198.51.100.7")
    response = _log_in(client, "locked-trainer", "pass-for-tests", "203.0.113.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_four_failures_do_not_lock_and_a_success_clears_them(client, throttled, db):
    make_user("careless-trainer")
    for _ in range(4):
        _log_in(client, "careless-trainer", "wrong password", "198.51.100.8")
    assert _log_in(client, "careless-trainer", "pass-for-tests", "198.51.100.8").status_code == 302
    client.logout()
    for _ in range(4):
        _log_in(client, "careless-trainer", "wrong password", "198.51.100.8")
    assert _log_in(client, "careless-trainer", "pass-for-tests", "198.51.100.8").status_code == 302


def test_the_benchmark_baseline_view_is_not_routed_outside_the_benchmark(client, db):
    assert client.get("/bench/minimal").status_code == 404


def test_healthz_stays_on_plain_http_for_load_balancers_in_production():
    code = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client().get('/healthz').status_code, Client().get('/accounts/login/').status_code)"
    )
    result = _run(["-c", code], _production_env(ALLOWED_HOSTS="testserver"))
    assert result.returncode == 0, result.stderr
    # The health check answers; every other page redirects to HTTPS.
    assert result.stdout.strip().splitlines()[-1].split() == ["200", "301"]


def test_only_the_admin_allows_style_attributes_and_never_inline_script(client, db):
    site = client.get(reverse("login")).headers["Content-Security-Policy"]
    admin = client.get("/admin/login/").headers["Content-Security-Policy"]
    assert "style-src-attr" not in site
    assert "style-src-attr 'unsafe-inline'" in admin
    for policy in (site, admin):
        assert "script-src 'self';" in policy + ";"
        assert "style-src 'self'" in policy


def test_a_new_worker_answers_its_first_pages_in_every_language_before_any_visitor(db, settings):
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from apcn.wsgi import WARM_UP_PAGES, warm_up

    from .factories import make_centre, make_course, make_offering

    make_offering(make_course(make_centre(), title="Peacekeeping logistics"))
    # As the test client does: the test's transaction holds the connection, not the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        answered = warm_up()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert answered == [
        (page, language, 200) for language, _name in settings.LANGUAGES for page in WARM_UP_PAGES
    ]


def test_warming_up_stops_at_the_first_page_that_fails(monkeypatch, caplog):
    from apcn import wsgi

    asked = []

    def failing_app(environ, start_response):  # as Django answers with its database down
        asked.append(environ["PATH_INFO"])
        start_response("500 Internal Server Error", [("Content-Type", "text/html")])
        return [b"<h1>Server Error (500)</h1>"]

    monkeypatch.setattr(wsgi, "application", failing_app)
    assert wsgi.warm_up() == [("/", "en", 500)]
    assert asked == ["/"]
    assert "Warming up stopped: / answered 500" in caplog.text


def test_warming_up_keeps_the_worker_alive_and_stops_when_its_time_is_spent(monkeypatch):
    from apcn import wsgi

    clock = [0.0]
    asked = []

    def slow_app(environ, start_response):  # each page takes 4 seconds
        asked.append(environ["PATH_INFO"])
        clock[0] += 4
        start_response("200 OK", [("Content-Type", "text/html")])
        return [b"<html></html>"]

    monkeypatch.setattr(wsgi, "application", slow_app)
    monkeypatch.setattr(wsgi.time, "monotonic", lambda: clock[0])
    beats = []
    answered = wsgi.warm_up(seconds=10, alive=lambda: beats.append(clock[0]))
    # Pages begun at 0, 4 and 8 seconds; none after 10.
    assert [status for _page, _language, status in answered] == [200, 200, 200]
    assert asked == ["/", "/courses/", "/courses/"]
    assert beats == [4, 8, 12]
