"""axe-core (brought by axe-playwright-python, no CDN) over every page type a visitor, a trainer
and a centre admin reach, the admin's too: no violation of WCAG 2.2 AA."""

from __future__ import annotations

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from courses.models import CentreRole

from ..factories import make_centre, make_course, make_offering, make_seat_request, make_user
from ..resource_factories import make_resource
from .conftest import log_in

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()


def violations(page) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page, one readable line per failing node."""
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            found.append(f"{page.url} {violation['id']}: {node['target']} {node['failureSummary']}")
    return found


def check(page, paths: list[str]) -> list[str]:
    found: list[str] = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        found += violations(page)
    return found


def _world():
    host = make_centre(name="Malaysian Peacekeeping Centre", short_name="MPC", slug="mpc")
    guest = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    make_user("mpc-admin", centre=host, role=CentreRole.CENTRE_ADMIN)
    trainer = make_user("poc-trainer", centre=guest)
    course = make_course(host, title="Protection of Civilians Course", slug="poc-course")
    offering = make_offering(course, start_in_days=45)
    seat_request = make_seat_request(offering, by=trainer)
    resource = make_resource(host, title="Protection of civilians lesson plan")
    make_offering(course, start_in_days=120)
    # A partner institution with a course whose UN recognition has expired: the partner marks,
    # the centres' second list and the expired recognition are on the pages checked.
    partner = make_centre(
        name="European Security and Defence College",
        short_name="ESDC",
        slug="esdc",
        country="BE",
        city="Brussels",
        kind="partner",
        partner_type="eu-csdp",
    )
    make_course(
        partner,
        title="CSDP Orientation Course",
        slug="csdp-orientation",
        un_status="recognised",
        un_certificate_date=datetime.date(2020, 1, 15),
    )
    return course, offering, seat_request, resource


@pytest.fixture
def axe_page(browser, live_server):
    # Its own page, without the journeys' console check: the admin's vendored Select2 (the
    # centre and course autocompletes) writes style attributes that the Content-Security-Policy
    # refuses, and logs so; what is judged here is axe-core's verdict on every page.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_every_page_a_visitor_trainer_and_centre_admin_reach_passes_axe(axe_page):
    page = axe_page
    course, offering, seat_request, resource = _world()
    public = [
        "/",
        "/courses/",
        "/courses/?theme=protection-of-civilians&audience=military",
        f"/courses/{course.slug}/",
        "/centres/",
        "/centres/mpc/",
        "/centres/esdc/",
        "/courses/csdp-orientation/",
        "/courses/?centre_kind=partner&un_recognised=1",
        "/calendar/",
        "/accounts/login/",
        "/accounts/password_reset/",
    ]
    found = check(page, public)

    # A wrong password: the error summary is part of what is checked.
    log_in(page, "poc-trainer", "not the password")
    found += violations(page)

    log_in(page, "poc-trainer")
    found += check(
        page,
        [
            "/",
            f"/offerings/{offering.pk}/request/",
            "/requests/",
            f"/requests/{seat_request.pk}/",
            f"/requests/{seat_request.pk}/participants/",
            "/resources/",
            f"/resources/{resource.pk}/",
            "/resources/new/",
            "/courses/new/",
            "/account/preferences/",
            "/account/tokens/",
            "/accounts/password_change/",
        ],
    )
    # The request form sent empty: its error summary too.
    later = course.offerings.exclude(pk=offering.pk).get()
    page.goto(f"/offerings/{later.pk}/request/")
    page.get_by_label("Seats requested").fill("")
    page.get_by_role("button", name="Send the request").click()
    found += violations(page)
    # The summary has taken focus, and its link leads to the field to correct.
    summary = page.locator(".error-summary")
    assert summary.evaluate("element => element === document.activeElement")
    summary.get_by_role("link", name=re.compile("Seats requested")).click()
    assert page.evaluate("document.activeElement.id") == "id_seats_requested"

    page.context.clear_cookies()
    log_in(page, "mpc-admin")
    found += check(
        page,
        [
            f"/courses/{course.slug}/edit/",
            f"/courses/{course.slug}/offerings/new/",
            f"/offerings/{offering.pk}/edit/",
            f"/offerings/{offering.pk}/participants/",
            f"/resources/{resource.pk}/edit/",
            "/reports/",
            "/admin/",
            "/admin/courses/course/",
            f"/admin/courses/course/{course.pk}/change/",
            "/admin/courses/course/add/",
            "/admin/courses/offering/",
            f"/admin/courses/offering/{offering.pk}/change/",
            "/admin/courses/seatrequest/",
            "/admin/courses/resource/",
        ],
    )
    assert not found, f"{len(found)} axe violations:\n" + "\n".join(found)
