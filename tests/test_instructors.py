"""The instructor exchange: offers, personal details, the request and its moves through the one
request engine, availability, overlapping loans, notices, the list's filters and the calendar."""

from __future__ import annotations

import datetime
from functools import partial

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import workflow
from courses.exceptions import DomainError
from courses.models import (
    Instructor,
    InstructorRequest,
    InstructorRequestEvent,
    InstructorRequestStatus,
    Language,
    OutboxMessage,
    Theme,
    Webhook,
    WebhookDelivery,
)
from courses.services.instructors import (
    INSTRUCTOR_REQUEST_MOVES,
    Window,
    instructor_request_approve,
    instructor_request_submit,
    instructor_save,
)
from courses.services.preferences import preferences_update
from courses.workflow import StaleDecision

from .factories import make_centre, make_user
from .test_security_races import _race

S = InstructorRequestStatus
TODAY = timezone.localdate


def day(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


def make_instructor(centre, *, title="Gender adviser", kind="instructor", **values) -> Instructor:
    fields = {
        "kind": kind,
        "title": title,
        "summary": "Gender mainstreaming in mission planning.",
        "ranks": "Major",
        "team_size": 1 if kind == "instructor" else 4,
        "person_name": "Dewi Lestari",
        "person_rank": "Maj",
        "bio": "Served as gender adviser in a UN mission.",
        "contact_email": "dewi.lestari@example.org",
    }
    fields.update(values)
    return instructor_save(
        instructor=None,
        centre=centre,
        by=None,
        themes=[Theme.objects.get(slug="women-peace-security")],
        languages=[Language.objects.get(code="en")],
        windows=[Window(day(1), day(120))],
        **fields,
    )


def ask(instructor, by, *, start=10, days=3, **values) -> InstructorRequest:
    fields = {"city": "Bangkok", "country": "TH", "purpose": "A national gender course."}
    fields.update(values)
    return instructor_request_submit(
        instructor=instructor,
        by=by,
        start_date=day(start),
        end_date=day(start + days - 1),
        **fields,
    )


@pytest.fixture
def offer(centre_a):
    return make_instructor(centre_a)


@pytest.fixture
def pending(offer, trainer_b):
    return ask(offer, trainer_b)


def in_state(state: str, offer, asker, host) -> InstructorRequest:
    instructor_request = ask(offer, asker)
    if state in (S.APPROVED, S.CANCELLED):
        instructor_request_approve(instructor_request=instructor_request, by=host)
    if state != S.PENDING and state != S.APPROVED:
        move = {S.DECLINED: "decline", S.WITHDRAWN: "withdraw", S.CANCELLED: "cancel"}[state]
        by = asker if move == "withdraw" else host
        INSTRUCTOR_REQUEST_MOVES[move](instructor_request=instructor_request, by=by)
    instructor_request.refresh_from_db()
    assert instructor_request.status == state
    return instructor_request


# --- personal details -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_visitor_sees_the_offer_without_the_person(client, offer):
    for url in (reverse("instructor-list"), offer.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Gender adviser" in page
        assert "Dewi Lestari" not in page
        assert "dewi.lestari@example.org" not in page
        assert "Served as gender adviser" not in page


@pytest.mark.django_db
def test_a_user_of_no_centre_is_a_visitor_for_personal_details(client, offer, outsider):
    client.force_login(outsider)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Gender adviser" in page and "Dewi Lestari" not in page


@pytest.mark.django_db
def test_members_of_any_centre_and_the_network_admin_see_the_person(
    client, offer, trainer_c, network_admin
):
    for user in (trainer_c, network_admin):
        client.force_login(user)
        page = client.get(offer.get_absolute_url()).content.decode()
        assert "Dewi Lestari" in page and "dewi.lestari@example.org" in page


@pytest.mark.django_db
def test_an_archived_offer_leaves_the_list_and_is_a_404_for_others(
    client, offer, trainer_b, trainer_a
):
    client.force_login(trainer_a)
    client.post(reverse("instructor-archive", args=[offer.pk]), {"archived": "1"})
    assert Instructor.objects.get(pk=offer.pk).is_archived
    client.force_login(trainer_b)
    assert "Gender adviser" not in client.get(reverse("instructor-list")).content.decode()
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert client.get(reverse("instructor-request", args=[offer.pk])).status_code == 404


# --- the request ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_of_another_centre_asks_and_the_lending_centre_is_told(
    client, offer, trainer_b, admin_a
):
    client.force_login(trainer_b)
    response = client.post(
        reverse("instructor-request", args=[offer.pk]),
        {
            "start_date": day(10).isoformat(),
            "end_date": day(12).isoformat(),
            "city": "Bangkok",
            "country": "TH",
            "purpose": "Gender in planning, for our staff officers' course.",
        },
    )
    instructor_request = InstructorRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == instructor_request.get_absolute_url()
    assert instructor_request.status == S.PENDING
    assert instructor_request.requesting_centre == trainer_b.membership.centre
    assert list(instructor_request.events.values_list("action", flat=True)) == ["submit"]
    mail = OutboxMessage.objects.get(topic="instructor_request_submitted")
    assert admin_a.email in mail.recipients
    assert "BPOC" in mail.subject and "Gender adviser" in mail.subject


@pytest.mark.django_db
def test_dates_outside_the_windows_are_a_form_error_with_the_input_kept(client, offer, trainer_b):
    client.force_login(trainer_b)
    response = client.post(
        reverse("instructor-request", args=[offer.pk]),
        {
            "start_date": day(118).isoformat(),
            "end_date": day(125).isoformat(),
            "city": "Khon Kaen",
            "country": "TH",
            "purpose": "An exercise.",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not available from" in page
    assert 'value="Khon Kaen"' in page
    assert not InstructorRequest.objects.exists()


@pytest.mark.django_db
def test_a_bad_date_on_the_request_form_is_a_form_error_not_a_500(client, offer, trainer_b):
    client.force_login(trainer_b)
    response = client.post(
        reverse("instructor-request", args=[offer.pk]),
        {"start_date": "2026-02-31", "end_date": "yesterday", "city": "", "purpose": ""},
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not InstructorRequest.objects.exists()


@pytest.mark.django_db
def test_the_lending_centre_cannot_ask_for_its_own_instructor(client, offer, trainer_a):
    client.force_login(trainer_a)
    assert client.get(reverse("instructor-request", args=[offer.pk])).status_code == 404
    with pytest.raises(DomainError):
        ask(offer, trainer_a)


# --- the moves, from every state --------------------------------------------------------------

# Which moves each status allows (every other is refused with nothing changed).
ALLOWED = {
    S.PENDING: {"approve", "decline", "withdraw"},
    S.APPROVED: {"cancel", "withdraw"},
    S.DECLINED: set(),
    S.WITHDRAWN: set(),
    S.CANCELLED: set(),
}
TARGET = {
    "approve": S.APPROVED,
    "decline": S.DECLINED,
    "cancel": S.CANCELLED,
    "withdraw": S.WITHDRAWN,
}


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(ALLOWED))
@pytest.mark.parametrize("move", list(TARGET))
def test_every_move_from_every_state(state, move, offer, trainer_b, trainer_a):
    instructor_request = in_state(state, offer, trainer_b, trainer_a)
    events = instructor_request.events.count()
    by = trainer_b if move == "withdraw" else trainer_a
    if move in ALLOWED[state]:
        INSTRUCTOR_REQUEST_MOVES[move](instructor_request=instructor_request, by=by, response="ok")
        instructor_request.refresh_from_db()
        assert instructor_request.status == TARGET[move]
        last = instructor_request.events.last()
        assert (last.action, last.from_status, last.to_status) == (move, state, TARGET[move])
    else:
        with pytest.raises(StaleDecision):
            INSTRUCTOR_REQUEST_MOVES[move](instructor_request=instructor_request, by=by)
        instructor_request.refresh_from_db()
        assert instructor_request.status == state
        assert instructor_request.events.count() == events


@pytest.mark.django_db
def test_the_engine_offers_each_side_only_its_moves(pending, trainer_a, trainer_b, trainer_c):
    engine = workflow.instructor_requests()
    assert engine.actions_for(trainer_a, pending) == ["approve", "decline"]
    assert engine.actions_for(trainer_b, pending) == ["withdraw"]
    assert engine.actions_for(trainer_c, pending) == []


@pytest.mark.django_db
def test_a_decision_on_a_stale_page_is_refused_and_says_what_happened(
    client, pending, trainer_a, trainer_b
):
    client.force_login(trainer_a)
    seen = workflow.instructor_requests().seen(pending)
    # Meanwhile the requesting centre withdraws.
    INSTRUCTOR_REQUEST_MOVES["withdraw"](instructor_request=pending, by=trainer_b)
    with pytest.raises(StaleDecision):
        instructor_request_approve(instructor_request=pending, by=trainer_a, seen=seen)
    response = client.post(pending.get_absolute_url(), {"action": "approve", "seen": seen})
    assert response.status_code == 200
    assert "withdrawn by" in response.content.decode()
    assert InstructorRequest.objects.get(pk=pending.pk).status == S.WITHDRAWN


@pytest.mark.django_db
def test_approving_dates_that_overlap_an_approved_loan_is_refused(
    offer, trainer_a, trainer_b, trainer_c
):
    first = ask(offer, trainer_b, start=10, days=5)
    second = ask(offer, trainer_c, start=13, days=5)
    apart = ask(offer, trainer_c, start=20, days=2)
    # Both asked before either was approved: the approval is where the clash is refused.
    instructor_request_approve(instructor_request=first, by=trainer_a)
    with pytest.raises(DomainError, match="two places at once"):
        instructor_request_approve(instructor_request=second, by=trainer_a)
    assert InstructorRequest.objects.get(pk=second.pk).status == S.PENDING
    instructor_request_approve(instructor_request=apart, by=trainer_a)
    assert InstructorRequest.objects.get(pk=apart.pk).status == S.APPROVED


@pytest.mark.django_db
def test_asking_for_dates_already_lent_is_a_form_error(
    client, offer, trainer_a, trainer_b, trainer_c
):
    instructor_request_approve(
        instructor_request=ask(offer, trainer_b, start=10, days=5), by=trainer_a
    )
    client.force_login(trainer_c)
    response = client.post(
        reverse("instructor-request", args=[offer.pk]),
        {
            "start_date": day(12).isoformat(),
            "end_date": day(13).isoformat(),
            "city": "Hanoi",
            "country": "VN",
            "purpose": "A course.",
        },
    )
    assert response.status_code == 200
    assert "two places at once" in response.content.decode()
    assert InstructorRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_list_takes_the_same_queries_for_many_offers(
    client, centre_a, django_assert_max_num_queries
):
    for n in range(12):
        make_instructor(centre_a, title=f"Instructor {n:02d}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("instructor-list"))
    assert "Instructor 11" in response.content.decode()


@pytest.mark.django_db
def test_a_cancelled_loan_frees_its_dates(offer, trainer_a, trainer_b, trainer_c):
    first = ask(offer, trainer_b, start=10, days=5)
    second = ask(offer, trainer_c, start=12, days=2)
    instructor_request_approve(instructor_request=first, by=trainer_a)
    INSTRUCTOR_REQUEST_MOVES["cancel"](instructor_request=first, by=trainer_a)
    instructor_request_approve(instructor_request=second, by=trainer_a)
    assert InstructorRequest.objects.get(pk=second.pk).status == S.APPROVED


@pytest.mark.django_db
def test_the_overlap_is_shown_on_the_page_and_nothing_changes(
    client, offer, trainer_a, trainer_b, trainer_c
):
    clash = ask(offer, trainer_c)
    instructor_request_approve(instructor_request=ask(offer, trainer_b), by=trainer_a)
    client.force_login(trainer_a)
    response = client.post(
        clash.get_absolute_url(),
        {"action": "approve", "seen": workflow.instructor_requests().seen(clash)},
    )
    assert response.status_code == 200
    assert "two places at once" in response.content.decode()
    assert InstructorRequest.objects.get(pk=clash.pk).status == S.PENDING


@pytest.mark.django_db
def test_withdrawing_asks_for_confirmation_on_a_page_of_its_own(client, pending, trainer_b):
    client.force_login(trainer_b)
    seen = workflow.instructor_requests().seen(pending)
    response = client.post(pending.get_absolute_url(), {"action": "withdraw", "seen": seen})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Withdraw this request?" in page and 'name="confirmed" value="1"' in page
    assert InstructorRequest.objects.get(pk=pending.pk).status == S.PENDING
    response = client.post(
        pending.get_absolute_url(), {"action": "withdraw", "seen": seen, "confirmed": "1"}
    )
    assert response.status_code == 302
    assert InstructorRequest.objects.get(pk=pending.pk).status == S.WITHDRAWN


@pytest.mark.django_db
def test_a_move_the_status_no_longer_allows_is_a_message_on_the_page(client, pending, trainer_a):
    INSTRUCTOR_REQUEST_MOVES["decline"](instructor_request=pending, by=trainer_a)
    client.force_login(trainer_a)
    response = client.post(pending.get_absolute_url(), {"action": "approve"})
    assert response.status_code == 200
    assert "cannot be changed that way now" in response.content.decode()
    assert InstructorRequest.objects.get(pk=pending.pk).status == S.DECLINED


# --- notices and webhooks ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_answer_reaches_the_requesting_centre_in_each_members_language(
    pending, trainer_a, trainer_b
):
    preferences_update(user=trainer_b, by=trainer_b, language="vi", time_zone="Asia/Bangkok")
    OutboxMessage.objects.all().delete()
    instructor_request_approve(instructor_request=pending, by=trainer_a, response="Welcome.")
    mails = OutboxMessage.objects.filter(topic="instructor_request_changed")
    by_language = {mail.language: mail for mail in mails}
    assert trainer_b.email in by_language["vi"].recipients
    assert "Welcome." in by_language["vi"].body_text
    assert by_language["vi"].subject.startswith("[APCN] Yêu cầu huấn luyện viên #")
    assert "Centre đã phê duyệt yêu cầu của trung tâm bạn" in by_language["vi"].body_text
    assert by_language["en"].subject.startswith("[APCN] Instructor request #")
    # Only the other side is told: the lending centre's members get nothing of their own move.
    assert all(trainer_a.email not in mail.recipients for mail in mails)


@pytest.mark.django_db
def test_a_withdrawal_tells_the_lending_centre(pending, trainer_a, trainer_b):
    OutboxMessage.objects.all().delete()
    INSTRUCTOR_REQUEST_MOVES["withdraw"](instructor_request=pending, by=trainer_b, response="")
    mail = OutboxMessage.objects.get(topic="instructor_request_changed")
    assert trainer_a.email in mail.recipients and trainer_b.email not in mail.recipients
    assert "withdrawn" in mail.body_text


@pytest.mark.django_db
def test_both_centres_webhooks_hear_every_move_without_personal_details(
    offer, centre_a, centre_b, admin_a, trainer_a, trainer_b
):
    hooks = [
        Webhook.objects.create(
            centre=centre,
            url=f"https://hooks.example.org/{centre.slug}",
            secret="s" * 20,
            events=["instructor_request.changed"],
        )
        for centre in (centre_a, centre_b)
    ]
    instructor_request = ask(offer, trainer_b)
    instructor_request_approve(instructor_request=instructor_request, by=trainer_a)
    deliveries = WebhookDelivery.objects.filter(event="instructor_request.changed")
    assert {d.webhook_id for d in deliveries} == {hook.pk for hook in hooks}
    assert sorted(d.payload["data"]["action"] for d in deliveries) == [
        "approve",
        "approve",
        "submit",
        "submit",
    ]
    assert all("Dewi" not in str(d.payload) for d in deliveries)


# --- the list, its filters, the calendar, /requests/ -----------------------------------------


@pytest.fixture
def offers(centre_a, centre_b):
    team = instructor_save(
        instructor=None,
        centre=centre_b,
        by=None,
        themes=[Theme.objects.get(slug="protection-of-civilians")],
        languages=[Language.objects.get(code="th")],
        windows=[Window(day(200), day(260))],
        kind="team",
        title="MTT Protection of Civilians",
        team_size=4,
    )
    return {"adviser": make_instructor(centre_a), "team": team}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"Gender adviser", "MTT Protection of Civilians"}),
        ("?theme=protection-of-civilians", {"MTT Protection of Civilians"}),
        ("?language=en", {"Gender adviser"}),
        ("?kind=team", {"MTT Protection of Civilians"}),
        ("?centre=alpha", {"Gender adviser"}),
        (f"?available_from={day(210)}&available_until={day(220)}", {"MTT Protection of Civilians"}),
        (f"?available_from={day(5)}", {"Gender adviser"}),
    ],
)
def test_the_list_filters(client, offers, query, expected):
    response = client.get(reverse("instructor-list") + query)
    page = response.content.decode()
    shown = {title for title in ("Gender adviser", "MTT Protection of Civilians") if title in page}
    assert shown == expected


@pytest.mark.django_db
def test_an_approved_loan_takes_the_offer_out_of_available_between(
    client, offers, trainer_b, trainer_a
):
    instructor_request_approve(
        instructor_request=ask(offers["adviser"], trainer_b, start=10, days=3), by=trainer_a
    )
    page = client.get(
        reverse("instructor-list") + f"?available_from={day(11)}&available_until={day(11)}"
    ).content.decode()
    assert "Gender adviser" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?available_from=2026-13-45",
        "?theme=no-such-theme",
        "?language=zz",
        "?kind=x",
        "?centre=%00",
    ],
)
def test_a_bad_filter_is_shown_on_the_form_never_a_500(client, offers, query):
    response = client.get(reverse("instructor-list") + query)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


@pytest.mark.django_db
def test_the_calendar_shows_who_is_lent_where_to_members_only(
    client, offer, trainer_a, trainer_b, trainer_c, outsider
):
    instructor_request_approve(
        instructor_request=ask(offer, trainer_b, city="Lop Buri"), by=trainer_a
    )
    url = reverse("instructor-calendar") + f"?month={day(10):%Y-%m}"
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(trainer_c)
    page = client.get(url).content.decode()
    assert "Lop Buri" in page and "Gender adviser" in page and "BPOC" in page
    assert client.get(reverse("instructor-calendar") + "?month=2026-99").status_code == 200


@pytest.mark.django_db
def test_both_centres_find_the_request_on_their_requests_page(
    client, pending, trainer_a, trainer_b, trainer_c
):
    for user in (trainer_a, trainer_b):
        client.force_login(user)
        page = client.get(reverse("request-list")).content.decode()
        assert pending.get_absolute_url() in page
    client.force_login(trainer_c)
    assert pending.get_absolute_url() not in client.get(reverse("request-list")).content.decode()
    assert client.get(pending.get_absolute_url()).status_code == 404


# --- offers: the centre's own pages ----------------------------------------------------------


@pytest.mark.django_db
def test_a_member_offers_a_team_with_windows_and_errors_keep_the_input(client, trainer_a, centre_a):
    client.force_login(trainer_a)
    theme = Theme.objects.get(slug="mine-action")
    data = {
        "kind": "team",
        "title": "MTT Mine action",
        "themes": [theme.pk],
        "languages": [Language.objects.get(code="en").pk],
        "team_size": "3",
        "ranks": "1 Major, 2 Captains",
        "windows-TOTAL_FORMS": "2",
        "windows-INITIAL_FORMS": "0",
        "windows-MIN_NUM_FORMS": "0",
        "windows-MAX_NUM_FORMS": "20",
        "windows-0-start_date": day(30).isoformat(),
        "windows-0-end_date": day(10).isoformat(),
    }
    response = client.post(reverse("instructor-create"), data)
    assert response.status_code == 200
    assert 'value="MTT Mine action"' in response.content.decode()
    assert not Instructor.objects.exists()
    data["windows-0-end_date"] = day(60).isoformat()
    response = client.post(reverse("instructor-create"), data)
    instructor = Instructor.objects.get()
    assert response["Location"] == instructor.get_absolute_url()
    assert (instructor.centre, instructor.team_size) == (centre_a, 3)
    assert list(instructor.availability.values_list("start_date", "end_date")) == [
        (day(30), day(60))
    ]


@pytest.mark.django_db
def test_an_instructor_is_one_person(centre_a):
    instructor = make_instructor(centre_a, team_size=5)
    assert instructor.team_size == 1


# --- two approvals at the same moment ---------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_approvals_at_once_lend_the_instructor_once(
    postgresql_only, reference_data
):
    lender = make_centre(slug="lender", short_name="LEN")
    host = make_user("lender-admin", centre=lender)
    askers = [make_user(f"asker-{n}", centre=make_centre(slug=f"asker-{n}")) for n in range(2)]
    offer = make_instructor(lender)
    for repetition in range(4):
        requests = [ask(offer, asker, start=10 + 10 * repetition, days=5) for asker in askers]
        outcomes = _race(
            **{
                f"approval-{n}": partial(
                    instructor_request_approve, instructor_request=instructor_request, by=host
                )
                for n, instructor_request in enumerate(requests)
            }
        )
        outcomes = {
            name: "approved" if isinstance(o, InstructorRequest) else o
            for name, o in outcomes.items()
        }
        assert sorted(outcomes.values())[0] == "approved", outcomes
        assert "two places at once" in sorted(outcomes.values())[1], outcomes
        statuses = InstructorRequest.objects.filter(pk__in=[r.pk for r in requests])
        assert sorted(statuses.values_list("status", flat=True)) == ["approved", "pending"]
    assert InstructorRequestEvent.objects.filter(action="approve").count() == 4


def test_an_answer_whose_author_is_gone_still_shows_with_its_date(
    client, pending, trainer_a, trainer_b, centre_a
):
    answerer = make_user("leaving", centre=centre_a)
    instructor_request_approve(instructor_request=pending, by=answerer, response="Yes, gladly.")
    answerer.delete()
    client.force_login(trainer_b)
    response = client.get(pending.get_absolute_url())
    assert response.status_code == 200
    answer = response.content.decode().split("</dt><dd>Yes, gladly.")[1].split("</dd>")[0]
    assert "(, " not in answer and "(" in answer
