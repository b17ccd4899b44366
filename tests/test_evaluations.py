"""Evaluations after the course: the invitation (once, through the outbox, in the participant's
language), the private single-use link, anonymous answers, aggregates only from three answers,
who reads them; and the host's after-action report at the visibility it chooses."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import (
    AfterActionReport,
    EvaluationAnswer,
    EvaluationInvitation,
    OutboxMessage,
    Participant,
)
from courses.models.catalog import as_of
from courses.services import (
    EvaluationScores,
    ParticipantDetails,
    evaluation_answer_submit,
    participant_substitute,
    participants_purge,
    participants_update,
    seat_request_approve,
)
from courses.services.preferences import preferences_update

from .factories import make_course, make_offering, make_seat_request, make_user

pytestmark = pytest.mark.django_db


def person(name: str, gender: str = "male", email: str | None = None) -> ParticipantDetails:
    return ParticipantDetails(
        full_name=name,
        gender=gender,
        service="military",
        email=email if email is not None else f"{name.lower().replace(' ', '.')}@example.org",
    )


@pytest.fixture
def world(centre_a, centre_b, trainer_a):
    """Alpha hosts a course; Bravo's namer (who reads Vietnamese) names four people, one of
    them without an e-mail, then substitutes one (before the start, as the rules allow)."""
    course = make_course(centre_a, title="Protection of Civilians Course")
    offering = make_offering(
        course,
        start_in_days=10,
        partner_seats=6,
        application_deadline=timezone.localdate() + datetime.timedelta(days=5),
    )
    namer = make_user("namer-b", centre=centre_b)
    preferences_update(user=namer, by=namer, language="vi")
    seat_request = make_seat_request(offering, by=namer, seats_requested=5)
    seat_request_approve(seat_request=seat_request, by=trainer_a, seats_approved=5)
    participants_update(
        seat_request=seat_request,
        by=namer,
        add=[
            person("Nguyen Thi Hoa", "female"),
            person("Somchai Boonmee"),
            person("Dewi Lestari", "female"),
            person("No Mail Person", email=""),
        ],
    )
    leaving = Participant.objects.get(full_name="Somchai Boonmee")
    participant_substitute(participant=leaving, by=namer, replacement=person("Sok Dara"))
    return {"offering": offering, "course": course, "leaving": leaving}


def after_end(offering, days: int = 1) -> datetime.date:
    return offering.end_date + datetime.timedelta(days=days)


def invite(on: datetime.date) -> str:
    out = io.StringIO()
    with as_of(on), translation.override("en"):
        call_command("send_evaluation_invitations", stdout=out)
    return out.getvalue()


def invitations_sent() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(topic="evaluation_invitation").order_by("pk"))


def token_of(message: OutboxMessage) -> str:
    return re.search(r"/evaluations/([\w-]+)/", message.body_text).group(1)


def answer(score: int = 4, keep: str = "", change: str = "") -> dict:
    return {
        "relevance": str(score),
        "content": str(score),
        "instructors": str(score),
        "organisation": str(score),
        "keep": keep,
        "change": change,
    }


# Invitations ---------------------------------------------------------------------------------


def test_nobody_is_invited_before_the_offering_has_ended(world):
    assert "0 participants invited" in invite(world["offering"].end_date)
    assert invitations_sent() == []


def test_invitations_go_once_to_each_participant_who_still_comes_in_their_language(world):
    on = after_end(world["offering"])
    assert "3 participants invited" in invite(on)
    messages = invitations_sent()
    # Hoa, Dewi and Sok Dara: not the substituted Somchai, not the person without an e-mail.
    assert sorted(m.recipients[0] for m in messages) == [
        "dewi.lestari@example.org",
        "nguyen.thi.hoa@example.org",
        "sok.dara@example.org",
    ]
    assert {m.language for m in messages} == {"vi"}  # the namer's chosen language
    assert all(m.subject.startswith("[APCN] Bạn thấy Protection of Civilians") for m in messages)
    assert all("Liên kết riêng của bạn" in m.body_text for m in messages)
    assert all(m.recipients == [m.recipients[0]] for m in messages)  # one link, one person
    assert len({token_of(m) for m in messages}) == 3
    assert not EvaluationInvitation.objects.filter(participant=world["leaving"]).exists()
    # Idempotent: the daily job runs again, the next day too, and sends nothing new.
    assert "0 participants invited" in invite(on)
    assert "0 participants invited" in invite(on + datetime.timedelta(days=1))
    assert len(invitations_sent()) == 3


def test_the_daily_job_sends_the_invitations(world):
    with as_of(after_end(world["offering"])):
        call_command("refresh_next_offerings", stdout=io.StringIO())
    assert len(invitations_sent()) == 3


def test_the_token_is_long_and_only_its_hash_is_stored(world):
    invite(after_end(world["offering"]))
    message = invitations_sent()[0]
    token = token_of(message)
    assert len(token) >= 43  # 32 random bytes, URL-safe
    invitation = EvaluationInvitation.objects.get(participant__email=message.recipients[0])
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64


# The link ------------------------------------------------------------------------------------


def test_the_link_works_once_and_says_so_afterwards(client, world):
    client.cookies["django_language"] = "en"  # the invitation is in Vietnamese
    on = after_end(world["offering"])
    invite(on)
    token = token_of(invitations_sent()[0])
    url = reverse("evaluation", args=[token])
    with as_of(on):
        page = client.get(url)
        assert page.status_code == 200
        assert "Protection of Civilians Course" in page.content.decode()
        assert page["Referrer-Policy"] == "no-referrer"
        done = client.post(url, answer(5, keep="The field exercise."))
        assert done.status_code == 200
        assert "is recorded, anonymously" in done.content.decode()
        again = client.get(url)
        assert "already been answered" in again.content.decode()
        second = client.post(url, answer(1))
        assert "already been answered" in second.content.decode()
    assert EvaluationAnswer.objects.count() == 1
    assert EvaluationAnswer.objects.get().relevance == 5


def test_the_service_refuses_a_second_answer(world):
    on = after_end(world["offering"])
    invite(on)
    token = token_of(invitations_sent()[0])
    scores = EvaluationScores(relevance=3, content=3, instructors=3, organisation=3)
    with as_of(on):
        evaluation_answer_submit(token=token, scores=scores)
        with pytest.raises(Exception, match="already been answered"):
            evaluation_answer_submit(token=token, scores=scores)
    assert EvaluationAnswer.objects.count() == 1


def test_each_link_answers_only_for_its_own_participant(client, world):
    client.cookies["django_language"] = "en"  # the invitation is in Vietnamese
    on = after_end(world["offering"])
    invite(on)
    first, second = (token_of(m) for m in invitations_sent()[:2])
    with as_of(on):
        client.post(reverse("evaluation", args=[first]), answer(2))
        # The first link used up does not use up the second, nor the other way round.
        assert client.get(reverse("evaluation", args=[second])).status_code == 200
        assert (
            "Send my evaluation"
            in client.get(reverse("evaluation", args=[second])).content.decode()
        )
    answered = EvaluationInvitation.objects.filter(is_answered=True)
    assert answered.count() == 1
    assert answered.get().participant.email == invitations_sent()[0].recipients[0]


def test_an_unknown_or_expired_link_is_a_clear_404(client, world, settings):
    client.cookies["django_language"] = "en"  # the invitation is in Vietnamese
    on = after_end(world["offering"])
    invite(on)
    token = token_of(invitations_sent()[0])
    with as_of(on):
        response = client.get(reverse("evaluation", args=["not-a-real-token-" + "x" * 30]))
        assert response.status_code == 404
        assert "This evaluation link does not open" in response.content.decode()
        assert client.post(reverse("evaluation", args=["nope"]), answer()).status_code == 404
    late = after_end(world["offering"], settings.EVALUATION_OPEN_DAYS + 1)
    with as_of(late):
        assert client.get(reverse("evaluation", args=[token])).status_code == 404
        assert client.post(reverse("evaluation", args=[token]), answer()).status_code == 404
    assert EvaluationAnswer.objects.count() == 0


def test_a_bad_answer_rerenders_with_the_message_and_the_input_kept(client, world):
    client.cookies["django_language"] = "en"  # the invitation is in Vietnamese
    on = after_end(world["offering"])
    invite(on)
    url = reverse("evaluation", args=[token_of(invitations_sent()[0])])
    data = answer(4, keep="Keep the role plays.")
    data["content"] = "9"
    with as_of(on):
        response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep the role plays." in html
    assert "error-summary" in html
    assert EvaluationAnswer.objects.count() == 0
    assert not EvaluationInvitation.objects.filter(is_answered=True).exists()


def test_an_answer_cannot_be_tied_back_to_its_participant():
    # The answer row knows its offering and nothing else; the invitation records that it was
    # answered, never when, so no time can be matched between the two.
    answer_fields = {f.name for f in EvaluationAnswer._meta.get_fields()}
    assert answer_fields == {
        "id",
        "offering",
        "relevance",
        "content",
        "instructors",
        "organisation",
        "keep",
        "change",
    }
    invitation_fields = {f.name for f in EvaluationInvitation._meta.get_fields()}
    assert "answer" not in invitation_fields
    assert not {"answered_at", "updated_at"} & invitation_fields


def test_the_retention_purge_keeps_invitations_and_answers(world):
    on = after_end(world["offering"])
    invite(on)
    token = token_of(invitations_sent()[0])
    scores = EvaluationScores(relevance=4, content=4, instructors=4, organisation=4)
    with as_of(on):
        evaluation_answer_submit(token=token, scores=scores)
    purged = participants_purge(months=0, on=on + datetime.timedelta(days=1))
    assert purged == 5
    assert EvaluationInvitation.objects.count() == 3
    assert EvaluationAnswer.objects.count() == 1
    # Purged participants are not invited again, and nothing breaks on the next run.
    assert "0 participants invited" in invite(on + datetime.timedelta(days=2))


# Aggregates ----------------------------------------------------------------------------------


def _answers(offering, scores: list[tuple[int, int, int, int, str, str]]):
    for relevance, content, instructors, organisation, keep, change in scores:
        EvaluationAnswer.objects.create(
            offering=offering,
            relevance=relevance,
            content=content,
            instructors=instructors,
            organisation=organisation,
            keep=keep,
            change=change,
        )


def evaluation_url(offering) -> str:
    return reverse("offering-evaluations", args=[offering.pk])


def test_the_host_sees_only_counts_below_three_answers(client, trainer_a, world):
    offering = world["offering"]
    invite(after_end(offering))
    _answers(offering, [(5, 4, 3, 2, "Role plays", "Longer days"), (1, 2, 3, 4, "", "")])
    client.force_login(trainer_a)
    with as_of(after_end(offering)):
        html = client.get(evaluation_url(offering)).content.decode()
    assert "2 of 3 answered; results show from 3 answers" in html
    assert "Role plays" not in html and "Longer days" not in html
    assert "Average (1 to 5)" not in html


def test_the_host_sees_averages_distribution_and_free_text_from_three_answers(
    client, trainer_a, world
):
    offering = world["offering"]
    invite(after_end(offering))
    _answers(
        offering,
        [
            (5, 4, 3, 2, "Role plays", "Longer days"),
            (1, 2, 3, 4, "", ""),
            (3, 3, 3, 3, "The instructors", ""),
        ],
    )
    client.force_login(trainer_a)
    with as_of(after_end(offering)):
        response = client.get(evaluation_url(offering))
    html = response.content.decode()
    evaluation = response.context["evaluation"]
    assert evaluation.shown and evaluation.answered == 3 and evaluation.invited == 3
    averages = {q.key: q.average for q in evaluation.questions}
    assert averages == {"relevance": 3.0, "content": 3.0, "instructors": 3.0, "organisation": 3.0}
    relevance = next(q for q in evaluation.questions if q.key == "relevance")
    assert relevance.distribution == [(1, 1), (2, 0), (3, 1), (4, 0), (5, 1)]
    assert "Role plays" in html and "The instructors" in html and "Longer days" in html
    assert "3 of 3 invited participants answered" in html


def test_the_evaluation_page_is_404_for_other_centres(
    client, trainer_b, trainer_c, network_admin, world
):
    offering = world["offering"]
    for user in (trainer_b, trainer_c):
        client.force_login(user)
        assert client.get(evaluation_url(offering)).status_code == 404
    client.force_login(network_admin)
    assert client.get(evaluation_url(offering)).status_code == 200
    client.logout()
    assert client.get(evaluation_url(offering)).status_code == 302


def test_the_network_sees_averages_per_course_and_theme_from_three_answers(
    client, trainer_c, world, centre_b
):
    offering = world["offering"]
    few = make_offering(make_course(centre_b, title="Few Answers Course"), start_in_days=20)
    _answers(offering, [(5, 5, 5, 5, "secret", ""), (4, 4, 4, 4, "", ""), (3, 3, 3, 3, "", "")])
    _answers(few, [(1, 1, 1, 1, "", "")])
    client.force_login(trainer_c)
    response = client.get(reverse("network-evaluations"), {"year": offering.start_date.year})
    assert response.status_code == 200
    result = response.context["result"]
    by_course = {g.label: g for g in result.by_course}
    assert by_course["Protection of Civilians Course (APC)"].averages == [4.0, 4.0, 4.0, 4.0]
    assert by_course["Few Answers Course (BPOC)"].averages is None
    html = response.content.decode()
    assert "Shown from 3 answers" in html
    assert "secret" not in html  # the free text stays with the host
    # Both courses carry the default theme: 4 answers there, shown.
    (theme,) = result.by_theme
    assert theme.answered == 4 and theme.averages == [3.25, 3.25, 3.25, 3.25]


def test_the_network_evaluations_need_a_centre(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("network-evaluations")).status_code == 404
    assert client.get(reverse("network-evaluations"), {"year": "abc"}).status_code == 404


# After-action reports ------------------------------------------------------------------------


def _write(client, offering, visibility: str, **extra):
    data = {"text": "Run the field exercise on day two.", "visibility": visibility, **extra}
    return client.post(reverse("after-action-edit", args=[offering.pk]), data)


def test_the_host_writes_the_after_action_report_once_the_offering_has_ended(
    client, trainer_a, world
):
    offering = world["offering"]
    client.force_login(trainer_a)
    refused = _write(client, offering, "network")
    assert "once the offering has ended" in refused.content.decode()
    assert not AfterActionReport.objects.exists()
    with as_of(after_end(offering)):
        response = _write(client, offering, "network")
    assert response.status_code == 302
    report = AfterActionReport.objects.get()
    assert (report.text, report.visibility, report.written_by) == (
        "Run the field exercise on day two.",
        "network",
        trainer_a,
    )


def test_another_centre_cannot_write_the_after_action_report(client, trainer_b, world):
    client.force_login(trainer_b)
    with as_of(after_end(world["offering"])):
        assert _write(client, world["offering"], "public").status_code == 404
    assert not AfterActionReport.objects.exists()


def test_an_empty_report_rerenders_with_the_message(client, trainer_a, world):
    client.force_login(trainer_a)
    with as_of(after_end(world["offering"])):
        response = client.post(
            reverse("after-action-edit", args=[world["offering"].pk]),
            {"text": "", "visibility": "network"},
        )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not AfterActionReport.objects.exists()


@pytest.mark.parametrize(
    "visibility, readers",
    [
        ("centre", {"trainer_a", "network_admin"}),
        ("network", {"trainer_a", "trainer_b", "network_admin"}),
        ("public", {"trainer_a", "trainer_b", "network_admin", "visitor"}),
    ],
)
def test_the_after_action_report_shows_on_the_course_page_to_those_who_may_see_it(
    client, trainer_a, trainer_b, network_admin, world, visibility, readers
):
    offering = world["offering"]
    client.force_login(trainer_a)
    with as_of(after_end(offering)):
        _write(client, offering, visibility)
    assert AfterActionReport.objects.get().visibility == visibility
    users = {"trainer_a": trainer_a, "trainer_b": trainer_b, "network_admin": network_admin}
    seen = set()
    for name in ("trainer_a", "trainer_b", "network_admin", "visitor"):
        client.logout()
        if name != "visitor":
            client.force_login(users[name])
        html = client.get(world["course"].get_absolute_url()).content.decode()
        if "Run the field exercise on day two." in html:
            seen.add(name)
    assert seen == readers


def test_the_after_action_file_is_checked_and_served_only_to_readers(
    client, trainer_a, trainer_b, world
):
    offering = world["offering"]
    client.force_login(trainer_a)
    fake = SimpleUploadedFile("lessons.pdf", b"<html><script>alert(1)</script></html>")
    with as_of(after_end(offering)):
        refused = _write(client, offering, "centre", file=fake)
    assert refused.status_code == 400
    assert not AfterActionReport.objects.exists()
    pdf = SimpleUploadedFile(
        "lessons.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    )
    with as_of(after_end(offering)):
        assert _write(client, offering, "centre", file=pdf).status_code == 302
    url = reverse("after-action-file", args=[offering.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(trainer_b)
    assert client.get(url).status_code == 404


def test_the_page_opens_in_the_language_of_the_invitation_unless_one_was_chosen(client, world):
    on = after_end(world["offering"])
    invite(on)
    url = reverse("evaluation", args=[token_of(invitations_sent()[0])])
    with as_of(on):
        page = client.get(url)
        assert '<html lang="vi">' in page.content.decode()
        assert "Gửi đánh giá của tôi" in page.content.decode()
        assert page["Content-Language"] == "vi"
        client.cookies["django_language"] = "th"
        assert '<html lang="th">' in client.get(url).content.decode()


def test_a_public_after_action_file_of_a_draft_course_is_not_served(client, trainer_a, world):
    offering = world["offering"]
    client.force_login(trainer_a)
    pdf = SimpleUploadedFile(
        "lessons.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    )
    with as_of(after_end(offering)):
        assert _write(client, offering, "public", file=pdf).status_code == 302
    url = reverse("after-action-file", args=[offering.pk])
    client.logout()
    assert client.get(url).status_code == 200
    type(world["course"]).objects.filter(pk=world["course"].pk).update(status="draft")
    assert client.get(url).status_code == 404
