"""Journeys through the product in a real browser, each ending on a screenshot."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from courses.models import CentreRole, Theme

from ..factories import make_centre, make_course, make_offering, make_user
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


def test_a_visitor_filters_the_catalog_by_a_priority_theme_and_opens_a_course(page, screenshot):
    centre = make_centre(name="Malaysian Peacekeeping Centre", short_name="MPC", slug="mpc")
    protection = Theme.objects.get(slug="protection-of-civilians")
    logistics = Theme.objects.get(slug="logistics")
    wanted = make_course(
        centre,
        title="Protection of Civilians Course",
        summary="How a mission protects civilians under threat of physical violence.",
        themes=[protection],
    )
    make_offering(wanted, start_in_days=45)
    make_course(centre, title="Mission Logistics Course", themes=[logistics])

    page.goto("/courses/")
    expect(page.get_by_role("heading", name="2 courses")).to_be_visible()
    screenshot(page, "1-catalog")

    page.get_by_role("group", name="Theme").get_by_label("Protection of civilians").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"theme=protection-of-civilians"))
    expect(page.get_by_role("heading", name="1 course")).to_be_visible()
    results = page.locator(".result-list")
    expect(results).to_contain_text("Protection of Civilians Course")
    expect(results).not_to_contain_text("Mission Logistics Course")
    screenshot(page, "2-filtered")

    results.get_by_role("link", name="Protection of Civilians Course").click()
    expect(page).to_have_url(re.compile(rf"/courses/{wanted.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Protection of Civilians Course")
    screenshot(page, "3-course")


def test_a_trainer_logs_in_from_the_home_page_and_logs_out(page, screenshot):
    centre = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    make_user("poc-trainer", centre=centre)

    page.goto("/")
    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("Username").fill("poc-trainer")
    page.get_by_label("Password").fill("pass-for-tests")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".site-user")).to_contain_text("poc-trainer · POC")
    screenshot(page, "1-logged-in")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()
    expect(page.locator(".site-user")).not_to_contain_text("poc-trainer")
    screenshot(page, "2-logged-out")


def test_a_trainer_posts_a_course_with_an_offering_and_finds_it_in_the_catalog(page, screenshot):
    centre = make_centre(name="Malaysian Peacekeeping Centre", short_name="MPC", slug="mpc")
    make_user("mpc-trainer", centre=centre)
    starts = timezone.localdate() + datetime.timedelta(days=60)

    log_in(page, "mpc-trainer", next_url="/courses/new/")
    expect(page.get_by_role("heading", name="Post a course")).to_be_visible()
    page.locator("[name=title]").fill("Convoy Protection Course")
    page.locator("[name=summary]").fill("Planning and escorting convoys in a mission area.")
    page.locator("main [name=description]").fill("## Aims\n\n- plan a convoy\n- react to an ambush")
    page.locator("#field-themes").get_by_label("Safety and security of peacekeepers").check()
    page.locator("[name=audience]").select_option("military")
    page.locator("[name=level]").select_option("intermediate")
    page.locator("[name=delivery_mode]").select_option("in-person")
    page.locator("[name=duration_days]").fill("5")
    page.locator("#field-languages").get_by_label("English").check()
    page.locator("[name=status]").select_option("published")
    screenshot(page, "1-course-form")
    page.get_by_role("button", name="Save course").click()

    expect(page.get_by_role("heading", name="Add an offering")).to_be_visible()
    page.locator("[name=start_date]").fill(starts.isoformat())
    page.locator("[name=end_date]").fill((starts + datetime.timedelta(days=4)).isoformat())
    page.locator("[name=application_deadline]").fill(
        (starts - datetime.timedelta(days=21)).isoformat()
    )
    page.locator("[name=city]").fill("Port Dickson")
    page.locator("[name=country]").select_option("MY")
    page.locator("[name=seats_total]").fill("30")
    page.locator("[name=partner_seats]").fill("8")
    page.get_by_role("button", name="Add offering").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Convoy Protection Course")
    expect(page.locator("main")).to_contain_text("Port Dickson")
    screenshot(page, "2-course-page")

    page.goto("/courses/?q=convoy")
    results = page.locator(".result-list")
    expect(results.get_by_role("link", name="Convoy Protection Course")).to_be_visible()
    expect(results).to_contain_text("8 partner seats open")
    screenshot(page, "3-in-the-catalog")


def test_a_trainer_of_another_centre_requests_seats_and_the_host_approves(page, screenshot):
    host = make_centre(name="Indonesia Peace and Security Center", short_name="IPSC", slug="ipsc")
    guest = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    make_user("ipsc-trainer", centre=host)
    make_user("poc-trainer", centre=guest)
    course = make_course(host, title="UN Military Observers Course")
    make_offering(course, start_in_days=50, partner_seats=6)

    log_in(page, "poc-trainer", next_url=course.get_absolute_url())
    page.get_by_role("link", name="Request seats").first.click()
    expect(page.get_by_role("heading", name="Request seats")).to_be_visible()
    page.locator("[name=seats_requested]").fill("3")
    page.locator("[name=women_nominated]").fill("1")
    page.locator("[name=participant_profile]").fill("2 captains, 1 major")
    page.locator("[name=message]").fill("Our observers deploy next spring.")
    screenshot(page, "1-request-form")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".badge--pending").first).to_be_visible()
    request_url = page.url
    screenshot(page, "2-requested")
    page.get_by_role("button", name="Log out").click()

    log_in(page, "ipsc-trainer", next_url="/requests/")
    page.goto(request_url)
    page.get_by_role("radio", name="Approve").check()
    page.locator("[name=seats_approved]").fill("3")
    page.locator("[name=response]").fill("Welcome, see you in Sentul.")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("main")).to_contain_text("3 of 3 seats approved")
    screenshot(page, "3-approved")
    offering = course.offerings.get()
    assert offering.partner_seats_taken == 3


def test_a_centre_admin_edits_its_centres_course_in_the_admin(page, screenshot):
    centre = make_centre(name="Malaysian Peacekeeping Centre", short_name="MPC", slug="mpc")
    other = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    make_user("mpc-admin", centre=centre, role=CentreRole.CENTRE_ADMIN)
    course = make_course(centre, title="UN Staff Officers Course")
    make_course(other, title="Thai Engineers Course")

    log_in(page, "mpc-admin", next_url="/admin/courses/course/")
    results = page.locator("#result_list")
    expect(results).to_contain_text("UN Staff Officers Course")
    # Another centre's course is not even listed.
    expect(results).not_to_contain_text("Thai Engineers Course")
    screenshot(page, "1-changelist")

    results.get_by_role("link", name="UN Staff Officers Course").click()
    page.locator("[name=summary]").fill(
        "Staff work in a UN mission headquarters, revised for 2027."
    )
    screenshot(page, "2-change-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    screenshot(page, "3-saved")
    course.refresh_from_db()
    assert course.summary == "Staff work in a UN mission headquarters, revised for 2027."


def test_a_second_visitor_switches_the_kept_catalog_page_to_vietnamese(
    page, browser, live_server, screenshot
):
    """The second visitor is served the page the first one was built (`courses/page_cache.py`);
    its language menu carries the second visitor's own CSRF token, so the switch works."""
    centre = make_centre(name="Malaysian Peacekeeping Centre", short_name="MPC", slug="mpc")
    make_offering(make_course(centre, title="Protection of Civilians Course"), start_in_days=40)
    first = browser.new_context(base_url=live_server.url, locale="en-GB")
    first.new_page().goto("/courses/?sort=title")
    first.close()

    page.goto("/courses/?sort=title")
    expect(page.get_by_role("heading", name="Protection of Civilians Course")).to_be_visible()
    page.select_option("#language-menu-select", "vi")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page).to_have_url(re.compile(r"/courses/\?sort=title$"))
    expect(page.get_by_role("heading", name="Protection of Civilians Course")).to_be_visible()
    screenshot(page, "1-vietnamese")
