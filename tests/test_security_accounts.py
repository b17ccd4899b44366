"""Log-in and account findings: the client address behind the proxy, overlong usernames, the
password reset throttle, and DEBUG off by default."""

from __future__ import annotations

import json
import subprocess

import pytest
from django.core import mail
from django.urls import reverse

from .factories import make_user
from .test_deploy import ROOT, _production_env, _run

PROXY = "127.0.0.1"  # nginx on the same machine: every request arrives from it


def _settings_under(**env: str) -> dict:
    """The throttling settings a production start computes from this environment."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k, None) for k in ('AXES_IPWARE_META_PRECEDENCE_ORDER', "
        "'AXES_IPWARE_PROXY_COUNT', 'AXES_IPWARE_PROXY_ORDER', 'IPWARE_STRICT')}))"
    )
    result = _run(["-c", code], _production_env(**env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def behind_one_proxy(settings):
    """The settings `AXES_PROXY_COUNT=1` gives (read from a real start), and throttling on."""
    for name, value in _settings_under(AXES_PROXY_COUNT="1").items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _log_in(client, username, password, *, forwarded_for):
    # What nginx passes on: its own address as REMOTE_ADDR, the client's appended to the header.
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_wrong_passwords_from_one_address_never_lock_the_owner_out_behind_the_proxy(
    client, behind_one_proxy, db
):
    make_user("secretariat-like")
    for _ in range(5):
        _log_in(client, "secretariat-like", "guess", forwarded_for="198.51.100.7")
    # The attacker's own address is locked...
    locked = _log_in(client, "secretariat-like", "pass-for-tests", forwarded_for="198.51.100.7")
    assert locked.status_code == 429
    # ...the owner, through the same proxy from another address, signs in.
    response = _log_in(client, "secretariat-like", "pass-for-tests", forwarded_for="203.0.113.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_forged_forwarded_for_header_cannot_pose_as_the_owner_address(
    client, behind_one_proxy, db
):
    make_user("centre-admin-like")
    # The attacker writes the owner's address into the header; nginx appends the real one.
    for _ in range(6):
        _log_in(client, "centre-admin-like", "guess", forwarded_for="203.0.113.20, 198.51.100.7")
    response = _log_in(client, "centre-admin-like", "pass-for-tests", forwarded_for="203.0.113.20")
    assert response.status_code == 302


def test_without_a_proxy_only_the_connection_address_counts():
    assert _settings_under(AXES_PROXY_COUNT="0")["AXES_IPWARE_META_PRECEDENCE_ORDER"] == [
        "REMOTE_ADDR"
    ]


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_a_256_character_username_is_a_form_error_not_a_server_error(client, settings, db, path):
    settings.AXES_ENABLED = True
    client.raise_request_exception = False
    response = client.post(path, {"username": "u" * 256, "password": "whatever"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()
    assert "_auth_user_id" not in client.session


def _ask_reset(client, email, ip="198.51.100.30"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_is_throttled_per_address_without_revealing_the_account(client, db):
    make_user("forgetful", email="forgetful@example.org")
    for _ in range(3):
        assert _ask_reset(client, "forgetful@example.org").status_code == 302
    assert len(mail.outbox) == 3
    for _ in range(7):
        response = _ask_reset(client, "Forgetful@Example.org", ip="203.0.113.40")
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == 3
    # An address with no account is refused with the very same words after as many posts.
    for _ in range(4):
        unknown = _ask_reset(client, "nobody@example.org", ip="203.0.113.41")
    assert unknown.status_code == 429
    assert "Too many password reset requests" in unknown.content.decode()


def test_password_reset_is_throttled_per_client_across_addresses(client, db):
    for n in range(10):
        assert _ask_reset(client, f"someone{n}@example.org").status_code == 302
    response = _ask_reset(client, "someone-else@example.org")
    assert response.status_code == 429
    # Another client is not affected.
    assert _ask_reset(client, "someone-else@example.org", ip="203.0.113.50").status_code == 302


def test_debug_is_off_when_the_environment_does_not_set_it():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG)"
    result = _run(["-c", code], _production_env(DEBUG=None))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
    # And so a start without any configuration refuses rather than run with a known key.
    bare = _run(
        ["-c", "import django; django.setup()"], _production_env(DEBUG=None, SECRET_KEY=None)
    )
    assert bare.returncode != 0
    assert "SECRET_KEY is not set" in bare.stderr


def test_the_development_commands_turn_debug_on():

    for target, command in [("run", "manage.py runserver"), ("test", "-m pytest")]:
        plan = subprocess.run(  # noqa: S603 - make with our own Makefile, dry run
            ["make", "-n", target],  # noqa: S607 - make from the PATH, as a developer runs it
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        line = next(line for line in plan.splitlines() if command in line)
        assert line.startswith("DEBUG=${DEBUG:-1} "), line
