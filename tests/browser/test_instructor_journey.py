"""The instructor exchange in a real browser: a member of one centre finds another centre's
gender adviser, asks to borrow her for dates and a place, the lending centre's admin approves,
and the asking centre sees the loan approved."""

from __future__ import annotations

from playwright.sync_api import expect

from courses.models import CentreRole, InstructorRequest, InstructorRequestStatus

from ..factories import make_centre, make_user
from ..test_instructors import day, make_instructor
from .conftest import log_in


def test_a_member_asks_for_an_instructor_and_the_lending_centre_approves(page, screenshot):
    asker_centre = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    lender = make_centre(name="Indonesia Peace and Security Center", short_name="IPSC", slug="ipsc")
    make_user("poc-trainer", centre=asker_centre)
    make_user("ipsc-admin", centre=lender, role=CentreRole.CENTRE_ADMIN)
    make_instructor(lender, title="Gender adviser")

    log_in(page, "poc-trainer", next_url="/instructors/")
    page.get_by_role("link", name="Gender adviser").click()
    expect(page.locator("main")).to_contain_text("Dewi Lestari")
    page.get_by_role("link", name="Ask to borrow").click()
    page.get_by_label("From").fill(day(20).isoformat())
    page.get_by_label("Until").fill(day(22).isoformat())
    page.get_by_label("City").fill("Bangkok")
    page.get_by_label("Country").select_option("TH")
    page.get_by_label("Purpose").fill("Gender in planning, for our staff officers' course.")
    screenshot(page, "1-asking")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("main")).to_contain_text("POC asks IPSC for Gender adviser")
    expect(page.locator("main")).to_contain_text("Pending")
    url = page.url
    page.get_by_role("button", name="Log out").click()

    log_in(page, "ipsc-admin", next_url=url)
    page.get_by_label("Note").fill("Glad to help.")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("main")).to_contain_text("Approved")
    screenshot(page, "2-approved")
    page.get_by_role("button", name="Log out").click()

    log_in(page, "poc-trainer", next_url="/requests/")
    page.get_by_role("link", name="Gender adviser").click()
    expect(page.locator(".badge").first).to_have_text("Approved")
    expect(page.locator("main")).to_contain_text("Glad to help.")
    expect(page.locator(".timeline")).to_contain_text("Approved")
    screenshot(page, "3-seen-approved")
    loan = InstructorRequest.objects.get()
    assert loan.status == InstructorRequestStatus.APPROVED
    assert loan.requesting_centre == asker_centre
