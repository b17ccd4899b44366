"""The admin in Chromium: its autocomplete widgets (Select2) under the site's
Content-Security-Policy log no error, and dates carry no "hours behind server time" note."""

from __future__ import annotations

import pytest

from courses.models import CentreRole
from courses.services.preferences import preferences_update

from ..factories import make_centre, make_course, make_offering, make_user
from .conftest import _note_console_error, _note_failed_response, log_in


@pytest.fixture
def utc_page(browser, live_server):
    """A browser whose device clock is in UTC, far from the member's zone, logging every
    console error, page error and failed asset."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale="en-GB",
        timezone_id="UTC",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    page.on("console", lambda msg: _note_console_error(msg, errors))
    page.on("response", lambda response: _note_failed_response(response, errors))
    yield page, errors
    context.close()


def test_admin_autocompletes_and_dates_without_console_errors_or_offset_notes(utc_page):
    page, errors = utc_page
    host = make_centre(name="Viet Nam Department of Peacekeeping Operations", short_name="VDPO")
    admin = make_user("vdpo-admin", centre=host, role=CentreRole.CENTRE_ADMIN)
    make_user("secretariat", is_superuser=True, is_staff=True)
    preferences_update(user=admin, by=admin, language="en", time_zone="Asia/Ho_Chi_Minh")
    course = make_course(host, title="Protection of Civilians Course")
    offering = make_offering(course)

    visits = [
        ("vdpo-admin", f"/admin/courses/offering/{offering.pk}/change/", "Asia/Ho_Chi_Minh"),
        ("vdpo-admin", "/admin/courses/offering/add/", "Asia/Ho_Chi_Minh"),
        ("vdpo-admin", f"/admin/courses/course/{course.pk}/change/", "Asia/Ho_Chi_Minh"),
        # The network admin picks the course's centre with an autocomplete too.
        ("secretariat", f"/admin/courses/course/{course.pk}/change/", "Asia/Jakarta"),
        ("secretariat", "/admin/courses/offering/add/", "Asia/Jakarta"),
    ]
    signed_in = None
    for username, path, zone in visits:
        if username != signed_in:
            page.context.clear_cookies()
            log_in(page, username)
            signed_in = username
        page.goto(path)
        # The date fields are there, with their shortcuts, and no note about the device's zone.
        assert page.locator("input.vDateField").count() > 0
        assert page.locator(".datetimeshortcuts").count() > 0
        assert not page.locator(".timezonewarning").first.is_visible()
        assert page.get_by_text(f"Times are shown in the {zone} time zone.").is_visible()
        # Open the autocomplete (the offering's course) and search: Select2 writes its styles.
        autocomplete = page.locator(".select2-selection")
        if autocomplete.count():
            autocomplete.first.click()
            page.locator(".select2-search__field").fill("V")
            page.locator(".select2-results__option").first.wait_for()
            page.keyboard.press("Escape")
    assert errors == []
