"""At 375x812, without JavaScript: a compact header whose menu opens, what the visitor came for
first, targets of at least 24x24 px. Screenshots of the pages a member goes through."""

from __future__ import annotations

import pytest

from ..factories import make_centre, make_course, make_offering, make_seat_request, make_user
from .conftest import log_in


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 375, "height": 812},
        locale="en-GB",
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None, locator
    return box


def test_a_member_on_a_phone_finds_dates_seats_and_a_menu_without_javascript(phone, screenshot):
    page = phone
    host = make_centre(name="Malaysian Peacekeeping Centre", short_name="MPC", slug="mpc")
    guest = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    trainer = make_user("poc-trainer", centre=guest)
    course = make_course(
        host,
        title="Protection of Civilians Course",
        slug="poc-course",
        description="\n\n".join(
            ["A long description of the course, paragraph after paragraph."] * 12
        ),
    )
    offering = make_offering(course, start_in_days=45)
    later = make_offering(course, start_in_days=120)
    seat_request = make_seat_request(offering, by=trainer)

    log_in(page, "poc-trainer")
    page.goto("/")
    # The header is one compact row; the menu is folded behind its summary.
    assert _box(page.locator(".site-header")).get("height") <= 80
    nav_link = page.locator(".site-nav").get_by_role("link", name="Calendar")
    assert not nav_link.is_visible()
    page.locator(".site-menu__toggle").click()
    assert nav_link.is_visible()
    logout = _box(page.get_by_role("button", name="Log out"))
    assert logout["width"] >= 24 and logout["height"] >= 24
    screenshot(page, "1-home-menu-open")
    page.goto("/")
    screenshot(page, "1-home")

    page.goto("/courses/")
    screenshot(page, "2-catalog")

    page.goto(f"/courses/{course.slug}/")
    offerings = _box(page.locator(".course-offerings"))
    description = _box(page.get_by_role("region", name="Description"))
    assert offerings["y"] < description["y"], "the dates come before the description"
    assert offerings["y"] < 812, "the dates are on the first screen"
    screenshot(page, "3-course")

    page.goto(f"/offerings/{later.pk}/request/")
    facts = _box(page.get_by_role("complementary", name="The offering"))
    form = _box(page.locator("main form").first)
    assert facts["y"] < form["y"], "the seats left come above the request form"
    screenshot(page, "4-request-form")

    page.goto(f"/requests/{seat_request.pk}/")
    screenshot(page, "5-request")
    # Nothing wider than the screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_signed_in_members_header_on_a_phone_in_thai_reads_in_lines(browser, live_server):
    # Thai words are long and unbreakable; the account part must still read as lines: who,
    # then the account links (each on one line, 24x24 at least), then the language.
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 375, "height": 812},
        locale="th-TH",
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    centre = make_centre(name="Peace Operations Center", short_name="POC", slug="poc")
    make_user("poc-admin", centre=centre, first_name="Somchai", last_name="Prasertsuk")
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("poc-admin")
    page.locator("input[name=password]").fill("pass-for-tests")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "th"
    toggle = page.locator(".site-menu__toggle")
    closed = _box(toggle)
    assert _box(page.locator(".site-header"))["height"] <= 80
    toggle.click()
    # The open menu keeps its toggle where it was, on the brand's row.
    assert _box(toggle)["y"] == closed["y"]
    name = _box(page.locator(".site-user__name"))
    controls = page.locator(".site-user .site-user__link, .site-user button, .site-user select")
    assert controls.count() >= 4
    for i in range(controls.count()):
        box = _box(controls.nth(i))
        assert box["width"] >= 24 and box["height"] >= 24, controls.nth(i).inner_text()
        assert box["height"] <= 40, "one line each"
        assert box["y"] >= name["y"] + name["height"], "the name has a line of its own"
    assert name["height"] <= 30
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_on_a_phone_the_instructors_list_shows_the_offers_before_the_filters(browser, live_server):
    from ..test_instructors import make_instructor

    make_instructor(make_centre(name="Peace Operations Center", slug="poc"), title="Gender adviser")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 812}, locale="en-GB"
    )
    page = context.new_page()
    page.goto("/instructors/")
    # The filters fold behind their summary (they stay open without JavaScript, as the
    # catalog's do), so the first offer is on the first screen.
    assert not page.locator(".filters__details").evaluate("details => details.open")
    assert _box(page.get_by_role("link", name="Gender adviser"))["y"] < 812
    page.get_by_text("Filters", exact=True).click()
    assert page.get_by_role("button", name="Filter", exact=True).is_visible()
    context.close()
