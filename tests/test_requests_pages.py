"""The seat request pages: the request form, /requests/, one request, and the home page count."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses.models import SeatRequest
from courses.services import (
    seat_request_approve,
    seat_request_decline,
    seat_request_waitlist,
    seat_request_withdraw,
)

from .factories import make_course, make_offering, make_seat_request, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(centre_a):
    return make_offering(make_course(centre_a, title="Peacekeeper Safety"), partner_seats=4)


def request_url(offering):
    return reverse("offering-request", kwargs={"pk": offering.pk})


# --- The request form ------------------------------------------------------------------------


def test_a_trainer_requests_seats_and_lands_on_the_request(
    client, offering, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    client.force_login(trainer_b)
    assert client.get(request_url(offering)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            request_url(offering),
            {
                "seats_requested": "3",
                "women_nominated": "1",
                "participant_profile": "2 captains, 1 major",
                "message": "For our next rotation.",
            },
        )
    seat_request = SeatRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == seat_request.get_absolute_url()
    assert (seat_request.seats_requested, seat_request.women_nominated) == (3, 1)
    deliver_outbox()
    assert len(mail.outbox) == 1


def test_women_above_seats_is_shown_on_the_field_with_input_kept(client, offering, trainer_b):
    client.force_login(trainer_b)
    response = client.post(
        request_url(offering),
        {"seats_requested": "2", "women_nominated": "3", "participant_profile": "Kept profile"},
    )
    assert response.status_code == 200
    assert "cannot exceed the seats requested" in str(
        response.context["form"].errors["women_nominated"]
    )
    assert "Kept profile" in response.content.decode()
    assert not SeatRequest.objects.exists()


def test_own_centres_offering_shows_why_and_a_post_changes_nothing(client, offering, trainer_a):
    client.force_login(trainer_a)
    response = client.get(request_url(offering))
    assert response.status_code == 200
    assert "your own centre" in response.content.decode()
    assert '<form method="post" class="form card"' not in response.content.decode()
    client.post(request_url(offering), {"seats_requested": "1", "women_nominated": "0"})
    assert not SeatRequest.objects.exists()


def test_a_passed_deadline_is_explained(client, centre_a, trainer_b):
    late = make_offering(
        make_course(centre_a),
        start_in_days=5,
        application_deadline=timezone.localdate() - datetime.timedelta(days=2),
    )
    client.force_login(trainer_b)
    response = client.post(request_url(late), {"seats_requested": "1", "women_nominated": "0"})
    assert "deadline" in response.content.decode()
    assert not SeatRequest.objects.exists()


def test_a_second_request_links_to_the_first(client, offering, trainer_b, admin_b):
    first = make_seat_request(offering, by=trainer_b)
    client.force_login(admin_b)
    response = client.post(request_url(offering), {"seats_requested": "1", "women_nominated": "0"})
    assert response.status_code == 200
    assert f'href="{first.get_absolute_url()}"' in response.content.decode()
    assert SeatRequest.objects.count() == 1


def test_non_numeric_seats_are_a_field_error_not_a_crash(client, offering, trainer_b):
    client.force_login(trainer_b)
    response = client.post(
        request_url(offering), {"seats_requested": "many", "women_nominated": "-1"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"seats_requested", "women_nominated"}


# --- /requests/ ------------------------------------------------------------------------------


def test_request_list_shows_incoming_to_decide_oldest_first_and_outgoing(
    client,
    centre_a,
    centre_b,
    offering,
    trainer_a,
    trainer_b,
    trainer_c,
    django_assert_max_num_queries,
):
    older = make_seat_request(offering, by=trainer_b)
    newer = make_seat_request(offering, by=trainer_c)
    other = make_offering(make_course(centre_a, title="Second"))
    decided = make_seat_request(other, by=trainer_b)
    seat_request_decline(seat_request=decided, by=trainer_a)
    outgoing = make_seat_request(make_offering(make_course(centre_b)), by=trainer_a)
    client.force_login(trainer_a)
    # Two more than a list without pages: each list counts its rows for its pages; one to note
    # the member's visit; one for the instructor requests of the centre.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("request-list"))
    assert [r.pk for r in response.context["incoming"]] == [older.pk, newer.pk, decided.pk]
    assert [r.pk for r in response.context["outgoing"]] == [outgoing.pk]


def test_request_list_filters_by_status_and_offering(
    client, centre_a, offering, trainer_a, trainer_b, trainer_c
):
    pending = make_seat_request(offering, by=trainer_b)
    approved = make_seat_request(offering, by=trainer_c, seats_requested=1)
    seat_request_approve(seat_request=approved, by=trainer_a)
    other = make_seat_request(make_offering(make_course(centre_a)), by=trainer_b)
    client.force_login(trainer_a)
    response = client.get(reverse("request-list"), {"status": "approved"})
    assert [r.pk for r in response.context["incoming"]] == [approved.pk]
    response = client.get(reverse("request-list"), {"offering": offering.pk})
    assert {r.pk for r in response.context["incoming"]} == {pending.pk, approved.pk}
    assert other.pk not in [r.pk for r in response.context["incoming"]]


@pytest.mark.parametrize(
    "query", [{"status": "nonsense"}, {"offering": "abc"}, {"offering": "99999"}]
)
def test_a_bad_filter_value_is_shown_on_the_field_not_a_crash(client, trainer_a, query):
    client.force_login(trainer_a)
    response = client.get(reverse("request-list"), query)
    assert response.status_code == 200
    assert next(iter(query)) in response.context["filters"].errors


def test_freed_seats_promote_the_waitlist_without_a_click(
    client, offering, trainer_a, trainer_b, trainer_c, admin_b, centre_a
):
    holder = make_seat_request(offering, by=trainer_b, seats_requested=4)
    seat_request_approve(seat_request=holder, by=trainer_a)
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=3)
    seat_request_waitlist(seat_request=waiting, by=trainer_a)
    client.force_login(trainer_a)
    assert client.get(reverse("request-list")).context["freed"] == []
    seat_request_withdraw(seat_request=holder, by=admin_b)
    # The waitlist moved in the withdrawal's transaction: nothing is left for the host to do.
    waiting.refresh_from_db()
    assert (waiting.status, waiting.seats_approved) == ("approved", 3)
    response = client.get(reverse("request-list"))
    assert response.context["freed"] == []
    page = client.get(waiting.get_absolute_url()).content.decode()
    assert "Promoted from the waitlist: 3 seats approved" in page


def test_a_promotion_shows_no_stale_answer_and_the_host_is_told_who_moved_up(
    client, offering, trainer_a, trainer_b, trainer_c
):
    holder = make_seat_request(offering, by=trainer_b, seats_requested=4)
    seat_request_approve(seat_request=holder, by=trainer_a)
    waiting = make_seat_request(offering, by=trainer_c, seats_requested=3)
    seat_request_waitlist(seat_request=waiting, by=trainer_a, response="Full for now")
    client.force_login(trainer_a)
    url = holder.get_absolute_url()
    seen = client.get(url).context["seen"]
    response = client.post(
        url, {"action": "adjust", "seats_approved": "1", "seen": seen}, follow=True
    )
    notes = [str(m) for m in response.context["messages"]]
    assert notes == [
        f"1 of 4 seats approved; {holder.requesting_centre.short_name} has been told by e-mail.",
        f"The freed seats went to #{waiting.pk} {waiting.requesting_centre.short_name}, next "
        "on the waitlist; its centre has been told by e-mail.",
    ]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.response, waiting.decided_by) == ("approved", "", None)
    # The requesting centre reads the approval, not the waitlisting's answer beside it; the
    # waitlisting and its words stay on the timeline.
    client.force_login(trainer_c)
    page = client.get(waiting.get_absolute_url()).content.decode()
    answer = page.split("Answer</dt>")[1].split("</dd>")[0]
    assert "Full for now" not in answer and "trainer-a" not in answer
    timeline = page.split('id="timeline-title"')[1]
    assert "Full for now" in timeline and "Promoted from the waitlist: 3 seats approved" in timeline


def test_approving_a_waitlisted_request_is_not_told_as_a_move_up(
    client, offering, trainer_a, trainer_b
):
    waiting = make_seat_request(offering, by=trainer_b, seats_requested=2)
    seat_request_waitlist(seat_request=waiting, by=trainer_a)
    client.force_login(trainer_a)
    url = waiting.get_absolute_url()
    seen = client.get(url).context["seen"]
    response = client.post(url, {"action": "approve", "seen": seen}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"2 of 2 seats approved; {waiting.requesting_centre.short_name} has been told by e-mail."
    ]


# --- One request -----------------------------------------------------------------------------


def test_request_detail_shows_the_timeline_and_only_the_viewers_actions(
    client, offering, trainer_a, trainer_b
):
    seat_request = make_seat_request(offering, by=trainer_b)
    seat_request_waitlist(seat_request=seat_request, by=trainer_a, response="Full for now")
    client.force_login(trainer_a)
    response = client.get(seat_request.get_absolute_url())
    assert response.context["actions"] == ["approve", "decline"]
    page = response.content.decode()
    assert "Waitlisted" in page and "Full for now" in page and "trainer-a" in page
    client.force_login(trainer_b)
    response = client.get(seat_request.get_absolute_url())
    assert response.context["actions"] == ["ask-more", "withdraw"]
    assert 'value="approve"' not in response.content.decode()


def test_the_host_approves_fewer_seats_from_the_detail_page(
    client, offering, trainer_a, trainer_b, django_capture_on_commit_callbacks, deliver_outbox
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=3)
    client.force_login(trainer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            seat_request.get_absolute_url(),
            {"action": "approve", "seats_approved": "2", "response": "Two seats only."},
        )
    assert response.status_code == 302
    seat_request.refresh_from_db()
    assert (seat_request.status, seat_request.seats_approved) == ("approved", 2)
    assert seat_request.decided_by == trainer_a
    deliver_outbox()
    assert "approved" in mail.outbox[-1].subject


def test_approving_more_than_free_seats_shows_the_error_on_the_field(
    client, offering, trainer_a, trainer_b
):
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=4)
    offering.partner_seats_taken = 0
    client.force_login(trainer_a)
    response = client.post(
        seat_request.get_absolute_url(), {"action": "approve", "seats_approved": "9"}
    )
    assert response.status_code == 200
    assert "seats_approved" in response.context["form"].errors
    seat_request.refresh_from_db()
    assert seat_request.status == "pending"


def test_a_transition_the_status_does_not_allow_is_a_message_and_changes_nothing(
    client, offering, trainer_a, trainer_b
):
    seat_request = make_seat_request(offering, by=trainer_b)
    seat_request_decline(seat_request=seat_request, by=trainer_a)
    client.force_login(trainer_a)
    response = client.post(seat_request.get_absolute_url(), {"action": "approve"})
    assert response.status_code == 200
    assert "declined" in str(response.context["form"].non_field_errors())
    seat_request.refresh_from_db()
    assert seat_request.status == "declined"


def test_the_requester_reopens_a_declined_request(client, offering, trainer_a, trainer_b):
    seat_request = make_seat_request(offering, by=trainer_b)
    seat_request_decline(seat_request=seat_request, by=trainer_a)
    client.force_login(trainer_b)
    response = client.post(seat_request.get_absolute_url(), {"action": "reopen"})
    assert response.status_code == 302
    seat_request.refresh_from_db()
    assert seat_request.status == "pending"


# --- Home page -------------------------------------------------------------------------------
# The home page itself links to the catalog (another part of the product); its request panel is
# tested here through the context it gets and the include it renders.


def _home_panel(user) -> tuple[dict, str]:
    from django.template.loader import render_to_string

    from courses.permissions import membership_of
    from courses.views.exchange import pending_requests_context

    context = {"membership": membership_of(user), **pending_requests_context(user)}
    return context, render_to_string("courses/exchange/_pending_requests.html", context)


def test_home_page_shows_a_member_its_centres_pending_count(
    offering, trainer_a, trainer_b, trainer_c
):
    make_seat_request(offering, by=trainer_b)
    make_seat_request(offering, by=trainer_c)
    context, html = _home_panel(trainer_a)
    assert context["pending_incoming_count"] == 2
    assert "2 requests wait for your decision" in html
    context, html = _home_panel(trainer_b)
    assert context["pending_incoming_count"] == 0
    assert context["pending_outgoing_count"] == 1
    assert "1 of your centre's requests is still pending" in html


def test_home_page_shows_no_request_count_to_visitors(offering, trainer_b):
    from django.contrib.auth.models import AnonymousUser

    make_seat_request(offering, by=trainer_b)
    context, html = _home_panel(AnonymousUser())
    assert "pending_incoming_count" not in context
    assert html.strip() == ""


def test_confirming_without_choosing_an_action_asks_for_one(client, offering, trainer_a, trainer_b):
    seat_request = make_seat_request(offering, by=trainer_b)
    client.force_login(trainer_a)
    response = client.post(seat_request.get_absolute_url(), {"response": "Hello"})
    assert response.status_code == 200
    assert "action" in response.context["form"].errors
    seat_request.refresh_from_db()
    assert seat_request.status == "pending"


def test_request_detail_queries_do_not_grow_with_the_timeline(
    client, offering, trainer_a, trainer_b, django_assert_max_num_queries
):
    seat_request = make_seat_request(offering, by=trainer_b)
    for _ in range(3):
        seat_request_waitlist(seat_request=seat_request, by=trainer_a)
        seat_request_approve(seat_request=seat_request, by=trainer_a)
        seat_request_withdraw(seat_request=seat_request, by=trainer_b)
        from courses.services import seat_request_reopen

        seat_request_reopen(seat_request=seat_request, by=trainer_b)
    client.force_login(trainer_a)
    with django_assert_max_num_queries(12):
        response = client.get(seat_request.get_absolute_url())
    assert len(response.context["events"]) == 13


def test_a_user_of_no_centre_has_no_request_pages(client, offering, trainer_b, outsider):
    seat_request = make_seat_request(offering, by=trainer_b)
    client.force_login(outsider)
    assert client.get(reverse("request-list")).status_code == 404
    assert client.get(seat_request.get_absolute_url()).status_code == 404
    assert client.get(request_url(offering)).status_code == 404
    assert client.get(reverse("course-create")).status_code == 404


def test_the_network_admin_sees_every_request_read_only(client, offering, trainer_b, network_admin):
    seat_request = make_seat_request(offering, by=trainer_b)
    client.force_login(network_admin)
    response = client.get(reverse("request-list"))
    assert [r.pk for r in response.context["all_requests"]] == [seat_request.pk]
    response = client.get(seat_request.get_absolute_url())
    assert response.context["actions"] == []
    assert 'name="action"' not in response.content.decode()


def test_requests_page_lists_resource_access_requests_beside_seat_requests(
    client, centre_a, trainer_a, trainer_b
):
    from courses.services import access_request_submit

    from .resource_factories import make_resource

    resource = make_resource(centre_a, title="Centre-only convoy scenario", visibility="centre")
    access_request_submit(resource=resource, by=trainer_b, message="For our pre-deployment course")

    client.force_login(trainer_a)
    page = client.get("/requests/").content.decode()
    assert "Resource access requests" in page
    assert "Centre-only convoy scenario" in page


def test_a_request_still_shows_when_the_accounts_on_it_are_deleted(
    client, offering, trainer_a, trainer_b, centre_a, centre_b
):
    # Accounts are SET_NULL on requests and events: their rows stay, and so must the page.
    asker = make_user("asker-gone", centre=centre_b)
    answerer = make_user("answerer-gone", centre=centre_a)
    seat_request = make_seat_request(offering, by=asker, seats_requested=2)
    seat_request_waitlist(seat_request=seat_request, by=answerer, response="Full for now")
    asker.delete()
    answerer.delete()
    for viewer in (trainer_a, trainer_b):
        client.force_login(viewer)
        response = client.get(seat_request.get_absolute_url())
        assert response.status_code == 200
        page = response.content.decode()
        assert "Sent by</dt><dd>—," in page and "by —" in page
