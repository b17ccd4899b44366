"""Journeys of the API's pages in a real browser: a member's tokens, and the API's docs under
the site's Content-Security-Policy (a CSP violation fails the journey, see conftest.py)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from ..factories import make_centre, make_course, make_user
from .conftest import log_in


def test_a_trainer_creates_a_token_uses_it_and_revokes_it(page, screenshot, live_server):
    centre = make_centre(name="Malaysian Peacekeeping Centre", short_name="MPC", slug="mpc")
    make_user("mpc-trainer", centre=centre)
    make_course(centre, title="Draft convoy course", status="draft")

    log_in(page, "mpc-trainer", next_url="/account/tokens/")
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    page.get_by_label("Name").fill("Centre website")
    page.get_by_role("button", name="Create token").click()
    key = page.get_by_label("Key").input_value()
    assert key.startswith("apcn_")
    screenshot(page, "1-new-key")

    # The key acts as the trainer: its centre's draft is in the API's catalog.
    answer = page.request.get(
        f"{live_server.url}/api/v1/courses/", headers={"Authorization": f"Token {key}"}
    )
    assert answer.status == 200
    assert "Draft convoy course" in [c["title"] for c in answer.json()["results"]]

    page.goto("/account/tokens/")
    expect(page.get_by_label("Key")).to_have_count(0)  # shown once only
    expect(page.get_by_role("cell", name="Centre website")).to_be_visible()
    page.get_by_role("button", name="Revoke").click()
    expect(page.locator(".messages")).to_contain_text("is revoked")
    screenshot(page, "2-revoked")
    refused = page.request.get(
        f"{live_server.url}/api/v1/courses/", headers={"Authorization": f"Token {key}"}
    )
    assert refused.status == 401


def test_a_visitor_reads_the_api_docs_served_by_the_app(page, screenshot):
    page.goto("/api/v1/docs/")
    expect(page.get_by_text("APCN Training Catalog API").first).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"/api/v1/seat-requests/\{id\}/decision/")).first
    ).to_be_visible()
    screenshot(page, "1-docs")
