"""Pages tell the truth about an offering: open seats only while one may ask, a course under
way is running (not held), and no "0 of 0" where no partner seat was offered."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from .factories import make_course, make_offering


def _home_row(html: str, title: str) -> str:
    row = re.search(rf"<tr>\s*<td[^>]*><span><a[^>]*>{re.escape(title)}</a>.*?</tr>", html, re.S)
    assert row, f"{title} is not among the next offerings"
    return row.group(0)


def test_home_never_offers_partner_seats_after_the_deadline(client, centre_a):
    today = timezone.localdate()
    closed = make_course(centre_a, title="Deadline passed course")
    make_offering(
        closed,
        start_in_days=5,
        application_deadline=today - datetime.timedelta(days=1),
        partner_seats=4,
    )
    still_open = make_course(centre_a, title="Still open course")
    make_offering(still_open, start_in_days=40, partner_seats=4)

    html = client.get(reverse("home")).content.decode()
    closed_row = _home_row(html, "Deadline passed course")
    assert "Applications closed" in closed_row
    assert not re.search(r'class="num">\s*4\s*<', closed_row)
    assert re.search(r'class="num">\s*4\s*<', _home_row(html, "Still open course"))


def test_a_course_under_way_says_running_now_and_a_finished_one_held(client, centre_a):
    course = make_course(centre_a, title="Under way course", duration_days=10)
    make_offering(course, start_in_days=-3)
    make_offering(course, start_in_days=-40)

    html = client.get(reverse("course-detail", args=[course.slug])).content.decode()
    assert html.count("Running now") == 1
    assert html.count(">Held<") == 1


def test_no_zero_of_zero_where_no_partner_seat_was_offered(client, centre_a):
    course = make_course(centre_a, title="Host only course")
    make_offering(course, start_in_days=30, partner_seats=0)

    html = client.get(reverse("course-detail", args=[course.slug])).content.decode()
    assert "0 of 0" not in html
    assert "Partner seats taken" not in html
    assert "No partner seats offered" in html
