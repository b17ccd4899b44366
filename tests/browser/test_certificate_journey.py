"""The host marks completion on the roll, opens the certificate, and a visitor checks its code."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Certificate
from courses.models.catalog import as_of
from courses.services import ParticipantDetails, participants_update, seat_request_approve

from ..factories import make_centre, make_course, make_offering, make_seat_request, make_user
from .conftest import log_in

NHUNG = "Nguyễn Thị Hồng Nhung"


def started_offering_with_people():
    """An offering that started two days ago, with two named people of another centre."""
    host = make_centre(name="Malaysian Peacekeeping Centre", short_name="MPC", slug="mpc")
    guest = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    host_trainer = make_user("mpc-trainer", centre=host)
    guest_trainer = make_user("poc-trainer", centre=guest)
    course = make_course(host, title="Protection of Civilians Course")
    # Requested, approved and named a month ago, before it started.
    with as_of(timezone.localdate() - datetime.timedelta(days=30)):
        offering = make_offering(course, start_in_days=-2, partner_seats=6)
        seat_request = make_seat_request(offering, by=guest_trainer, seats_requested=2)
        seat_request_approve(seat_request=seat_request, by=host_trainer, seats_approved=2)
        participants_update(
            seat_request=seat_request,
            by=guest_trainer,
            add=[
                ParticipantDetails(
                    full_name=NHUNG, gender="female", service="military", rank="Capt."
                ),
                ParticipantDetails(
                    full_name="Somchai Boonmee", gender="male", service="police", rank="Pol. Maj."
                ),
            ],
        )
    return offering


def test_the_host_marks_completion_and_a_visitor_verifies_the_certificate(page, screenshot):
    offering = started_offering_with_people()

    log_in(page, "mpc-trainer", next_url=f"/offerings/{offering.pk}/participants/")
    expect(page.get_by_role("heading", name="Attendance and completion")).to_be_visible()
    page.get_by_label(f"Attendance of Capt. {NHUNG}").select_option("completed")
    page.get_by_label("Attendance of Pol. Maj. Somchai Boonmee").select_option("no-show")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".messages")).to_contain_text("Attendance recorded for 2 participants.")
    expect(page.locator(".messages")).to_contain_text("1 certificate issued.")
    expect(page.locator("main")).to_contain_text("recorded by mpc-trainer")
    screenshot(page, "1-roll")
    # On a phone the roll is still a form: one card a person, nothing wider than the screen.
    page.set_viewport_size({"width": 375, "height": 812})
    select = page.get_by_label(f"Attendance of Capt. {NHUNG}")
    box = select.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 375
    expect(page.get_by_role("button", name="Save attendance")).to_be_visible()
    expect(page.get_by_label("Mark everyone as")).to_be_visible()
    screenshot(page, "1-roll-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    certificate = Certificate.objects.get()
    # The host opens the certificate: its page, then its PDF.
    page.get_by_role("link", name=certificate.code).click()
    expect(page.locator("main")).to_contain_text("Genuine and valid")
    pdf = page.request.get(f"/certificates/{certificate.code}/pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # A visitor (no account) types the code as read from the paper, lower case with spaces.
    page.context.clear_cookies()
    page.goto("/certificates/")
    page.get_by_label("Certificate code").fill(certificate.code.lower().replace("-", " "))
    page.get_by_role("button", name="Check").click()
    expect(page).to_have_url(re.compile(rf"/certificates/{certificate.code}/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Genuine and valid")
    expect(main).to_contain_text(f"Capt. {NHUNG}")
    expect(main).to_contain_text("Protection of Civilians Course")
    expect(main).to_contain_text("Malaysian Peacekeeping Centre")
    expect(page.get_by_role("link", name="Download the PDF")).to_have_count(0)
    screenshot(page, "2-verified")
