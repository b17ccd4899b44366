"""Each side learns what happened: the home page's changes since the member's last look at its
requests, and what each row of /requests/ waits for and from whom."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import Membership, SeatRequest
from courses.models.catalog import as_of
from courses.services import (
    ParticipantDetails,
    participants_update,
    seat_request_approve,
    seat_request_decline,
    seat_request_waitlist,
)

from .factories import make_course, make_offering, make_seat_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(centre_a):
    return make_offering(
        make_course(centre_a, title="Civil-Military Coordination"), partner_seats=6
    )


def news_texts(client) -> list[str]:
    return [n.text for n in client.get(reverse("home")).context["request_news"]]


def test_the_home_page_tells_each_side_what_the_other_did_since_its_last_look(
    client, offering, trainer_a, trainer_b
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=4)
    client.force_login(trainer_b)
    client.get(reverse("request-list"))  # Bravo looks at its requests: nothing new from now
    assert news_texts(client) == []
    seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=2)
    texts = news_texts(client)
    assert texts == ["APC approved 2 of 4 seats on Civil-Military Coordination."]
    assert "APC approved 2 of 4 seats" in client.get(reverse("home")).content.decode()
    client.get(reverse("request-list"))
    assert news_texts(client) == []
    # The host learns that the requester named its participants, but not its own approval.
    client.force_login(trainer_a)
    assert news_texts(client) == ["BPOC asked for seats on Civil-Military Coordination."]
    client.get(reverse("request-list"))
    participants_update(
        seat_request=seat_request,
        by=trainer_b,
        add=[ParticipantDetails(full_name="Ana Reyes", gender="female", service="civilian")],
    )
    assert news_texts(client) == ["BPOC changed its participants on Civil-Military Coordination."]
    assert "Ana Reyes" not in client.get(reverse("home")).content.decode()


def test_opening_the_requests_notes_the_visit(client, trainer_b):
    membership = Membership.objects.get(user=trainer_b)
    assert membership.requests_seen_at is None
    client.force_login(trainer_b)
    client.get(reverse("request-list"))
    membership.refresh_from_db()
    assert membership.requests_seen_at is not None


def test_visitors_and_the_network_admin_get_no_news(client, network_admin):
    assert "request_news" not in client.get(reverse("home")).context
    client.force_login(network_admin)
    assert "request_news" not in client.get(reverse("home")).context


def test_the_home_page_queries_stay_few_with_many_changes(
    client, centre_a, trainer_a, trainer_b, trainer_c, django_assert_max_num_queries
):
    client.force_login(trainer_b)
    for n in range(12):
        offering = make_offering(make_course(centre_a, title=f"Course {n}"), partner_seats=4)
        seat_request = make_seat_request(offering, by=trainer_b, seats_requested=1)
        seat_request_approve(seat_request=seat_request, by=trainer_a)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("home"))
    assert len(response.context["request_news"]) == 8
    assert response.context["request_news_count"] == 12
    assert "12 changes in all." in response.content.decode()


# --- What each row waits for ------------------------------------------------------------------


def rows(client, side: str) -> dict[int, str]:
    return {r.pk: r.waiting_for for r in client.get(reverse("request-list")).context[side]}


def test_each_row_says_what_it_waits_for_and_from_whom(
    client, offering, trainer_a, trainer_b, trainer_c
):
    pending = make_seat_request(offering, by=trainer_b, seats_requested=3)
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=2)
    seat_request_waitlist(seat_request=waiting, by=trainer_a)
    client.force_login(trainer_a)
    assert rows(client, "incoming") == {
        pending.pk: "Waiting for you to decide.",
        waiting.pk: "On your waitlist: waiting for seats to free up.",
    }
    client.force_login(trainer_b)
    assert rows(client, "outgoing") == {pending.pk: "Waiting for APC to decide."}
    seat_request_approve(seat_request=pending, by=trainer_a, seats_approved=2)
    assert rows(client, "outgoing") == {pending.pk: "Waiting for you to name 2 participants."}
    participants_update(
        seat_request=pending,
        by=trainer_b,
        add=[ParticipantDetails(full_name="Ana Reyes", gender="female", service="civilian")],
    )
    assert rows(client, "outgoing") == {pending.pk: "Waiting for you to name 1 participant."}
    client.force_login(trainer_a)
    assert rows(client, "incoming")[pending.pk] == "Waiting for BPOC to name 1 participant."
    with as_of(offering.end_date.replace(year=offering.end_date.year + 1)):
        assert rows(client, "incoming")[pending.pk] == "Nothing: the offering has ended."
    seat_request_decline(seat_request=waiting, by=trainer_a)
    assert rows(client, "incoming")[waiting.pk] == "Nothing: the request is closed."


def test_rows_show_the_offerings_dates(client, offering, trainer_b):
    make_seat_request(offering, by=trainer_b)
    client.force_login(trainer_b)
    html = client.get(reverse("request-list")).content.decode()
    assert f"{offering.end_date.day} {offering.end_date:%b %Y}" in html


def test_the_direction_and_year_filters(client, centre_a, centre_b, offering, trainer_a, trainer_b):
    incoming = make_seat_request(offering, by=trainer_b)
    later = make_offering(make_course(centre_b), start_in_days=400, partner_seats=3)
    outgoing = make_seat_request(later, by=trainer_a)
    client.force_login(trainer_a)
    response = client.get(reverse("request-list"), {"direction": "incoming"})
    assert [r.pk for r in response.context["incoming"]] == [incoming.pk]
    assert "outgoing" not in response.context
    response = client.get(reverse("request-list"), {"direction": "outgoing"})
    assert [r.pk for r in response.context["outgoing"]] == [outgoing.pk]
    assert "incoming" not in response.context
    response = client.get(reverse("request-list"), {"year": later.start_date.year})
    assert [r.pk for r in response.context["outgoing"]] == [outgoing.pk]
    if later.start_date.year != offering.start_date.year:
        assert response.context["incoming"] == []
    response = client.get(reverse("request-list"), {"direction": "sideways", "year": "1999"})
    assert response.status_code == 200
    assert set(response.context["filters"].errors) == {"direction", "year"}


def test_each_list_pages_on_its_own_with_the_filters_kept(
    client, centre_a, trainer_a, trainer_b, monkeypatch
):
    from courses.views import exchange

    monkeypatch.setattr(exchange, "CENTRE_REQUESTS_PER_PAGE", 2)
    course = make_course(centre_a)
    made = [
        make_seat_request(make_offering(course, start_in_days=60 + n), by=trainer_b)
        for n in range(3)
    ]
    client.force_login(trainer_a)
    first = client.get(reverse("request-list"), {"status": "pending"})
    assert [r.pk for r in first.context["incoming"]] == [made[0].pk, made[1].pk]
    assert 'href="?status=pending&amp;incoming_page=2" rel="next"' in first.content.decode()
    second = client.get(reverse("request-list"), {"status": "pending", "incoming_page": "2"})
    assert [r.pk for r in second.context["incoming"]] == [made[2].pk]


def test_a_row_with_more_people_named_than_seats_asks_for_removals(offering, centre_b):
    from courses.views.request_news import waiting_for

    seat_request = SeatRequest(
        offering=offering, requesting_centre=centre_b, status="approved", seats_approved=1
    )
    seat_request.named_count = 3
    assert waiting_for(seat_request, centre_b) == (
        "Waiting for you to remove 2 participants: fewer seats are approved now."
    )
    assert waiting_for(seat_request, offering.course.centre) == (
        "Waiting for BPOC to remove 2 participants."
    )


def test_the_home_page_tells_of_more_seats_asked_raised_and_promotions(
    client, offering, trainer_a, trainer_b, trainer_c
):
    from courses.services import seat_request_adjust, seat_request_ask_more, seat_request_withdraw

    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=2)
    seat_request_approve(seat_request=seat_request, by=trainer_a)
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=6)
    seat_request_waitlist(seat_request=waiting, by=trainer_a)
    for user in (trainer_a, trainer_b, trainer_c):
        client.force_login(user)
        client.get(reverse("request-list"))
    seat_request_ask_more(seat_request=seat_request, by=trainer_b, seats_requested=4)
    client.force_login(trainer_a)
    assert news_texts(client) == ["BPOC asked for more seats on Civil-Military Coordination."]
    seat_request_adjust(seat_request=seat_request, by=trainer_a, seats_approved=3)
    client.force_login(trainer_b)
    assert news_texts(client) == [
        "APC changed the approved seats on Civil-Military Coordination: 3 of 4 seats approved."
    ]
    seat_request_withdraw(seat_request=seat_request, by=trainer_b)
    client.force_login(trainer_c)
    assert news_texts(client) == [
        "Promoted from the waitlist of APC on Civil-Military Coordination."
    ]
