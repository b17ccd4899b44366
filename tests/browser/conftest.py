"""Browser journeys: Debian's headless Chromium driven by Playwright against the live server.

CI installs the `chromium` package (`make browsers`): it reaches the package registries but not
Playwright's own browser downloads, so `playwright install` is never used. Without Chromium the
journeys fail, loudly, rather than skip: a green run must mean the journeys ran.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


HERE = Path(__file__).resolve().parent


def _is_journey(item) -> bool:
    return Path(str(item.path)).resolve().parent == HERE


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # The markers go on first, before pytest's own `-m` selection runs, so that
    # `-m "not browser"` really leaves the journeys out (a marker added after the selection
    # would be seen by nothing). Every journey runs against the live server in its own thread,
    # so it needs real transactions (each journey ends by emptying the tables; see
    # _reference_data).
    for item in items:
        if _is_journey(item):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    # The journeys run last (after pytest-django's own ordering), so the tables they empty
    # when they end cannot surprise another transactional test.
    items = session.items
    journeys = [item for item in items if _is_journey(item)]
    chosen = {id(item) for item in journeys}
    items[:] = [item for item in items if id(item) not in chosen] + journeys


@pytest.fixture(autouse=True)
def _reference_data(_live_server_helper):
    # A transactional test ends by emptying every table (Django then recreates content types
    # and permissions). What the data migrations wrote must come back for each journey: the
    # themes and languages, and the "Centre admins" group with its permissions.
    from django.contrib.auth.models import Group, Permission

    from courses.services.reference import reference_data_sync

    reference_data_sync()
    migration = importlib.import_module("courses.migrations.0005_centre_admins_group")
    group, _ = Group.objects.get_or_create(name=migration.GROUP_NAME)
    for app_label, model, actions in migration.PERMISSIONS:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )
    # Later migrations give the group the permissions of their own models.
    for name in ("0018_certificates", "0021_instructors"):
        later = importlib.import_module(f"courses.migrations.{name}")
        for model, actions in later.CENTRE_ADMIN_PERMISSIONS:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="courses",
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: apt-get install chromium "
            "(see make browsers). The browser journeys need it; they are never skipped.",
            pytrace=False,
        )
    # Playwright's sync API runs an asyncio event loop in this thread; Django would then refuse
    # the test's own (synchronous) database access with SynchronousOnlyOperation.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    # A page error or a CSP violation is a bug even when the journey's assertions pass.
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    page.on("console", lambda msg: _note_console_error(msg, errors))
    page.on("response", lambda response: _note_failed_response(response, errors))
    yield page
    context.close()
    assert not errors, "\n".join(errors)


def _note_console_error(msg, errors: list[str]) -> None:
    # Failed loads are judged by _note_failed_response, which knows the URL.
    if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
        errors.append(f"console error: {msg.text}")


def _note_failed_response(response, errors: list[str]) -> None:
    # Browsers ask for /favicon.ico on pages (the admin's) that do not name an icon.
    broken_asset = response.status == 404 and "/static/" in response.url
    if response.status >= 500 or broken_asset:
        errors.append(f"{response.status} for {response.url}")


@pytest.fixture
def screenshot(request) -> Iterator[Callable]:
    """Save a full-page screenshot as tests/screenshots/<database>/<test name>-<step>.png: the
    suites of the two databases (which CI runs side by side) each keep their own."""
    from django.db import connection

    folder = SCREENSHOTS / connection.vendor
    folder.mkdir(parents=True, exist_ok=True)
    base = re.sub(r"[^a-z0-9_-]+", "-", request.node.name.lower()).strip("-")

    def take(page, step: str) -> Path:
        path = folder / f"{base}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    yield take


def log_in(page, username: str, password: str = "pass-for-tests", next_url: str = "") -> None:  # noqa: S107
    """Log in through the real login form, as a person would."""
    page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
