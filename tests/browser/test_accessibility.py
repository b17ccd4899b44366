"""axe-core (brought by axe-playwright-python, no CDN) over every page type a visitor, a trainer
and a centre admin reach, the admin's too: no violation of WCAG 2.2 AA."""

from __future__ import annotations

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import (
    AfterActionReport,
    Centre,
    CentreRole,
    EvaluationAnswer,
    EvaluationInvitation,
    Participant,
    SeatRequest,
)
from courses.models.catalog import as_of
from courses.models.evaluations import hash_evaluation_token
from courses.services import (
    ParticipantDetails,
    attendance_record,
    participants_update,
    seat_request_approve,
)

from ..factories import make_centre, make_course, make_offering, make_seat_request, make_user
from ..resource_factories import make_resource
from ..test_instructors import ask, make_instructor
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


def _instructors():
    offer = make_instructor(
        Centre.objects.get(slug="mpc"), title="MTT Protection of Civilians", kind="team"
    )
    loan = ask(offer, get_user_model().objects.get(username="poc-trainer"), start=12, days=3)
    return offer, loan


EVALUATION_TOKEN = "a-test-token-that-is-long-enough-for-the-form-0001"


def _after_the_course(course, guest):
    """A run that ended last week: three answers, an open invitation, an after-action report."""
    past = make_offering(
        make_course(course.centre, title="Civil-Military Coordination Course"), start_in_days=-12
    )
    seat_request = SeatRequest.objects.create(
        offering=past,
        requesting_centre=guest,
        seats_requested=1,
        seats_approved=1,
        status="approved",
    )
    participant = Participant.objects.create(
        seat_request=seat_request,
        full_name="Dewi Lestari",
        gender="female",
        service="police",
        email="dewi@example.org",
    )
    EvaluationInvitation.objects.create(
        participant=participant, offering=past, token_hash=hash_evaluation_token(EVALUATION_TOKEN)
    )
    for score in (3, 4, 5):
        EvaluationAnswer.objects.create(
            offering=past,
            relevance=score,
            content=score,
            instructors=score,
            organisation=score,
            keep="The exercise",
            change="Longer",
        )
    AfterActionReport.objects.create(offering=past, text="Lessons learned.", visibility="public")
    return past


def _started_roll():
    """An offering that started yesterday, its one participant completed (a certificate)."""
    users = get_user_model().objects
    host, guest = users.get(username="mpc-admin"), users.get(username="poc-trainer")
    course = make_course(host.membership.centre, title="Gender in Peace Operations")
    with as_of(timezone.localdate() - datetime.timedelta(days=30)):
        offering = make_offering(course, start_in_days=-1)
        seat_request = make_seat_request(offering, by=guest)
        seat_request_approve(seat_request=seat_request, by=host, seats_approved=1)
        participants_update(
            seat_request=seat_request,
            by=guest,
            add=[ParticipantDetails(full_name="Somsri Jaidee", gender="female", service="police")],
        )
    participant = seat_request.participants.get()
    attendance_record(offering=offering, by=host, changes={participant.pk: "completed"})
    return offering, participant.certificates.get()


@pytest.fixture
def axe_page(browser, live_server):
    # Its own page, without the journeys' console check (tests/browser/test_admin_pages.py
    # keeps the admin's autocompletes free of console errors): what is judged here is axe-core's
    # verdict on every page.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_every_page_a_visitor_trainer_and_centre_admin_reach_passes_axe(axe_page):
    page = axe_page
    course, offering, seat_request, resource = _world()
    past = _after_the_course(course, seat_request.requesting_centre)
    # Another centre's centre-only resource: listed to the trainer, with "Ask for access".
    private = make_resource(
        course.centre, title="Closed exercise scenario", visibility="centre", kind="other"
    )
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
        f"/evaluations/{EVALUATION_TOKEN}/",
        f"/courses/{past.course.slug}/",
        "/evaluations/an-unknown-token/",
    ]
    offer, loan = _instructors()
    public += ["/instructors/", f"/instructors/{offer.pk}/"]
    started, certificate = _started_roll()
    public += ["/certificates/", f"/certificates/{certificate.code}/"]
    found = check(page, [path for path in public if "unknown" not in path])
    # The unknown links are 404 pages (the certificate's with the lookup form), checked all
    # the same.
    page.goto("/evaluations/an-unknown-token/")
    found += violations(page)
    page.goto("/certificates/APCN-0000-0000-0000-0000/")
    found += violations(page)

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
            "/instructors/new/",
            f"/instructors/{offer.pk}/",
            f"/instructors/{offer.pk}/request/",
            f"/requests/instructors/{loan.pk}/",
            f"/instructors/calendar/?month={loan.start_date:%Y-%m}",
            "/reports/ledger/",
            "/reports/evaluations/",
        ],
    )
    # Asking for the other centre's resource, then withdrawing: the confirmation page.
    page.goto(f"/resources/{private.pk}/")
    found += violations(page)
    page.get_by_role("link", name="Ask for access").click()
    page.get_by_label("Message").fill("For our own exercise next year.")
    page.get_by_role("button", name=re.compile("Send the request")).click()
    page.get_by_role("button", name="Withdraw the request").click()
    assert page.get_by_role("heading", name="Withdraw this request?").is_visible()
    found += violations(page)
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
            f"/offerings/{started.pk}/participants/",
            f"/certificates/{certificate.code}/revoke/",
            f"/resources/{resource.pk}/edit/",
            "/reports/",
            f"/offerings/{past.pk}/evaluations/",
            f"/offerings/{past.pk}/after-action/",
            "/admin/",
            "/admin/courses/course/",
            f"/admin/courses/course/{course.pk}/change/",
            "/admin/courses/course/add/",
            "/admin/courses/offering/",
            f"/admin/courses/offering/{offering.pk}/change/",
            "/admin/courses/seatrequest/",
            "/admin/courses/resource/",
            f"/instructors/{offer.pk}/edit/",
            f"/requests/instructors/{loan.pk}/",
            "/admin/courses/instructor/",
            "/admin/courses/instructorrequest/",
            f"/admin/courses/instructorrequest/{loan.pk}/change/",
            "/admin/courses/certificate/",
        ],
    )
    assert not found, f"{len(found)} axe violations:\n" + "\n".join(found)
