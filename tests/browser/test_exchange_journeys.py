"""Journeys of the seat exchange after a decision, in a real browser: a partial approval, more
seats asked for and granted; held seats released and the waiting list moving."""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import SeatRequest
from courses.services import seat_request_approve, seat_request_waitlist

from ..factories import make_centre, make_course, make_offering, make_seat_request, make_user
from .conftest import log_in


def test_partial_approval_then_the_requester_asks_for_more_and_the_host_raises(page, screenshot):
    host = make_centre(name="Indonesia Peace and Security Center", short_name="IPSC", slug="ipsc")
    guest = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    host_trainer = make_user("ipsc-trainer", centre=host)
    guest_trainer = make_user("poc-trainer", centre=guest)
    course = make_course(host, title="UN Military Observers Course")
    offering = make_offering(course, start_in_days=50, partner_seats=6)
    seat_request = make_seat_request(offering, by=guest_trainer, seats_requested=4)
    url = seat_request.get_absolute_url()

    log_in(page, "ipsc-trainer", next_url=url)
    page.get_by_role("radio", name="Approve").check()
    page.locator("[name=seats_approved]").fill("2")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("main")).to_contain_text("2 of 4 seats approved")
    screenshot(page, "1-partly-approved")
    page.get_by_role("button", name="Log out").click()

    log_in(page, "poc-trainer", next_url=url)
    expect(page.locator("main")).to_contain_text("2 of 4 seats approved")
    # Nothing is chosen for the requester: withdrawing is never the default.
    expect(page.get_by_role("radio", name="Withdraw")).not_to_be_checked()
    page.get_by_role("radio", name="Ask for more seats").check()
    page.locator("[name=seats_requested]").fill("5")
    page.locator("[name=response]").fill("One more officer joins.")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("main")).to_contain_text("2 of 5 seats approved")
    screenshot(page, "2-asked-for-more")
    page.get_by_role("button", name="Log out").click()

    log_in(page, "ipsc-trainer", next_url=url)
    page.get_by_role("radio", name="Change the approved seats").check()
    page.locator("[name=seats_approved]").fill("5")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("main")).to_contain_text("5 of 5 seats approved")
    expect(page.locator(".timeline")).to_contain_text("Asked for more seats")
    expect(page.locator(".timeline")).to_contain_text("Approved seats changed to 5")
    screenshot(page, "3-raised")
    seat_request.refresh_from_db()
    assert (seat_request.seats_requested, seat_request.seats_approved) == (5, 5)
    assert host_trainer.pk == seat_request.decided_by_id


def test_withdrawing_approved_seats_asks_first_and_the_waiting_list_moves(page, screenshot):
    host = make_centre(name="Malaysian Peacekeeping Centre", short_name="MPC", slug="mpc")
    holder_centre = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    waiting_centre = make_centre(name="AFP Peacekeeping Operations Center", short_name="AFPPKOC")
    host_trainer = make_user("mpc-trainer", centre=host)
    holder_trainer = make_user("poc-trainer", centre=holder_centre)
    waiting_trainer = make_user("afp-trainer", centre=waiting_centre)
    offering = make_offering(make_course(host, title="Protection of Civilians"), partner_seats=3)
    holder = make_seat_request(offering, by=holder_trainer, seats_requested=3)
    seat_request_approve(seat_request=holder, by=host_trainer)
    waiting = make_seat_request(offering, by=waiting_trainer, seats_requested=2)
    seat_request_waitlist(seat_request=waiting, by=host_trainer)

    log_in(page, "poc-trainer", next_url=holder.get_absolute_url())
    page.get_by_role("radio", name="Withdraw").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Withdraw this request?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("The 3 approved seats are given up")
    screenshot(page, "1-confirm")
    page.get_by_role("button", name="Yes, withdraw the request").click()
    expect(page.locator(".badge--withdrawn").first).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in(page, "afp-trainer", next_url=waiting.get_absolute_url())
    expect(page.locator("main")).to_contain_text("2 of 2 seats approved")
    expect(page.locator(".timeline")).to_contain_text(
        "Promoted from the waitlist: 2 seats approved"
    )
    screenshot(page, "2-promoted")


def test_a_release_date_passes_and_the_waiting_list_moves(page, screenshot):
    host = make_centre(name="Malaysian Peacekeeping Centre", short_name="MPC", slug="mpc")
    partner = make_centre(name="Brunei Darussalam Focal Point", short_name="BN FP", slug="bn")
    asker = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    host_trainer = make_user("mpc-trainer", centre=host)
    asker_trainer = make_user("poc-trainer", centre=asker)
    offering = make_offering(make_course(host, title="Staff Officers Course"), partner_seats=4)

    log_in(page, "mpc-trainer", next_url=f"/offerings/{offering.pk}/quotas/")
    expect(page.get_by_role("heading", name="Held seats", exact=True)).to_be_visible()
    release = timezone.localdate() + datetime.timedelta(days=7)
    page.locator("[name=quota_release_date]").fill(release.isoformat())
    page.locator("[name=quotas-0-centre]").select_option(label=str(partner))
    page.locator("[name=quotas-0-seats]").fill("4")
    page.get_by_role("button", name="Save the held seats").click()
    expect(page.locator("main")).to_contain_text(
        "0 of 4 partner seats approved; 0 free for any centre."
    )
    screenshot(page, "1-held")

    waiting = make_seat_request(offering, by=asker_trainer, seats_requested=2)
    seat_request_waitlist(seat_request=waiting, by=host_trainer)
    page.reload()
    expect(page.locator(".waitlist")).to_contain_text("POC")

    # The daily job runs on the release date.
    call_command("release_held_seats", "--on", release.isoformat())
    page.goto(waiting.get_absolute_url())
    expect(page.locator("main")).to_contain_text("2 of 2 seats approved")
    expect(page.locator(".timeline")).to_contain_text("Promoted from the waitlist")
    screenshot(page, "2-released-and-promoted")
    assert SeatRequest.objects.get(pk=waiting.pk).status == "approved"
