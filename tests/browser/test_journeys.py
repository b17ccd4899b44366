"""Journeys through the product in a real browser, each ending on a screenshot."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from courses.models import CentreRole

from ..factories import make_centre, make_user
from ..resource_factories import make_resource
from .conftest import log_in


def test_a_centre_admin_logs_in_through_the_form_and_reaches_the_admin(page, screenshot):
    centre = make_centre(name="Malaysian Peacekeeping Centre", short_name="MPC", slug="mpc")
    make_user("mpc-admin", centre=centre, role=CentreRole.CENTRE_ADMIN)

    log_in(page, "mpc-admin", "not the password", next_url="/admin/")
    expect(page.locator(".errorlist")).to_contain_text("correct username and password")
    screenshot(page, "1-wrong-password")

    log_in(page, "mpc-admin", next_url="/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", name="Centre administration")).to_be_visible()
    screenshot(page, "2-admin")


def test_a_member_downloads_a_network_resource_from_the_library(page, screenshot):
    owner = make_centre(name="Indonesia Peace and Security Center", short_name="IPSC", slug="ipsc")
    member_centre = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    make_user("poc-trainer", centre=member_centre)
    shared = make_resource(owner, title="Protection of civilians lesson plan", visibility="network")
    make_resource(owner, title="IPSC internal exercise scenario", visibility="centre")

    log_in(page, "poc-trainer", next_url="/resources/")
    expect(page.get_by_role("heading", name="Resource library")).to_be_visible()
    expect(page.get_by_role("link", name="Protection of civilians lesson plan")).to_be_visible()
    screenshot(page, "1-library")

    page.get_by_role("link", name="Protection of civilians lesson plan").click()
    expect(page.get_by_role("heading", name="Protection of civilians lesson plan")).to_be_visible()
    screenshot(page, "2-resource")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download")).first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    shared.refresh_from_db()
    assert shared.download_count == 1
