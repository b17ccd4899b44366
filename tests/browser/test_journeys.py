"""Journeys through the product in a real browser, each ending on a screenshot."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from courses.models import CentreRole

from ..factories import make_centre, make_user
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
