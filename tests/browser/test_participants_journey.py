"""A requester names and substitutes its participants; the host reads them on its roll."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from courses.services import seat_request_approve

from ..factories import make_centre, make_course, make_offering, make_seat_request, make_user
from .conftest import log_in

PHONE = {"width": 375, "height": 812}


def fill_row(page, index: int, **values: str) -> None:
    for name, value in values.items():
        field = page.locator(f"[name=participants-{index}-{name}]")
        if name in ("gender", "service"):
            field.select_option(value)
        else:
            field.fill(value)


def test_a_requester_names_and_substitutes_participants_and_the_host_sees_them(page, screenshot):
    host = make_centre(name="Malaysian Peacekeeping Centre", short_name="MPC", slug="mpc")
    guest = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    host_trainer = make_user("mpc-trainer", centre=host)
    guest_trainer = make_user("poc-trainer", centre=guest)
    course = make_course(host, title="Protection of Civilians Course")
    offering = make_offering(course, start_in_days=50, partner_seats=6)
    seat_request = make_seat_request(offering, by=guest_trainer, seats_requested=3)
    seat_request_approve(seat_request=seat_request, by=host_trainer, seats_approved=3)

    # The requester finds what its request waits for, and names two of its three people.
    log_in(page, "poc-trainer", next_url="/requests/")
    expect(page.locator("main")).to_contain_text("Waiting for you to name 3 participants.")
    screenshot(page, "1-requests")
    page.get_by_role("link", name="Protection of Civilians Course").first.click()
    page.get_by_role("link", name="Name the participants").click()
    expect(page.get_by_role("heading", name=re.compile("Participants of POC"))).to_be_visible()
    fill_row(
        page,
        0,
        rank="Capt.",
        full_name="Siriporn Chaiyasit",
        gender="female",
        email="siriporn@example.org",
        position="Staff officer",
        service="military",
    )
    fill_row(
        page,
        1,
        rank="Pol. Maj.",
        full_name="Anan Srisuk",
        gender="male",
        email="anan@example.org",
        position="Police adviser",
        service="police",
    )
    screenshot(page, "2-naming")
    page.get_by_role("button", name="Save participants").click()
    expect(page.locator(".messages")).to_contain_text("Participants saved")
    expect(page.locator("main")).to_contain_text("2 of 3 approved seats named")
    expect(page.locator("main")).to_contain_text("1 woman")

    # Anan cannot come: another officer goes instead, and the change is on record.
    substitute = page.locator("#substitute")
    substitute.get_by_label("Instead of").select_option(label="Pol. Maj. Anan Srisuk")
    substitute.get_by_label("Full name").fill("Kannika Thongdee")
    substitute.get_by_label("Rank").fill("Pol. Capt.")
    substitute.get_by_label("Gender").select_option("female")
    substitute.get_by_label("E-mail").fill("kannika@example.org")
    substitute.get_by_label("Service").select_option("police")
    page.get_by_role("button", name="Substitute", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Substitution saved")
    expect(page.locator("main")).to_contain_text(
        "Pol. Capt. Kannika Thongdee instead of Pol. Maj. Anan Srisuk"
    )
    expect(page.locator("main")).to_contain_text("2 women")
    screenshot(page, "3-substituted")
    page.set_viewport_size(PHONE)
    screenshot(page, "4-substituted-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Log out").click()

    # The host learns it on its home page and reads who comes on the roll.
    log_in(page, "mpc-trainer")
    expect(page.locator(".request-news")).to_contain_text("POC substituted a participant")
    screenshot(page, "5-host-home")
    page.goto(f"/offerings/{offering.pk}/participants/")
    roll = page.locator("main")
    expect(roll).to_contain_text("Siriporn Chaiyasit")
    expect(roll).to_contain_text("Kannika Thongdee")
    expect(roll).not_to_contain_text("Anan Srisuk")
    expect(roll).to_contain_text("2 of 3 approved seats named")
    screenshot(page, "6-roll")
    page.set_viewport_size(PHONE)
    screenshot(page, "7-roll-phone")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download CSV")).click()
    with open(download_info.value.path(), encoding="utf-8-sig") as handle:
        text = handle.read()
    assert "Kannika Thongdee" in text and "siriporn@example.org" in text
