"""What a centre admin does in the admin goes through the same services as the web UI."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from courses.models import Course, CourseStatus, Language, Offering, SeatRequest, Theme

from .admin_world import admin_url, build_world
from .factories import make_course, make_offering, make_user

User = get_user_model()


@pytest.fixture
def client_a(client, admin_a):
    client.force_login(admin_a)
    return client


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _course_form(**overrides):
    data = {
        "title": "Civil-Military Coordination Course",
        "summary": "CIMIC for UN missions.",
        "description": "## Aims\n- coordinate",
        "status": "draft",
        "themes": [Theme.objects.get(slug="civil-military-coordination").pk],
        "audience": "mixed",
        "level": "intermediate",
        "languages": [Language.objects.get(code="en").pk, Language.objects.get(code="vi").pk],
        "delivery_mode": "blended",
        "duration_days": "10",
        "prerequisites": "",
        "offerings-TOTAL_FORMS": "0",
        "offerings-INITIAL_FORMS": "0",
        "offerings-MIN_NUM_FORMS": "0",
        "offerings-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_course_added_in_the_admin_gets_a_slug_creator_and_its_offerings(
    client_a, admin_a, centre_a
):
    form = _course_form(
        **{
            "offerings-TOTAL_FORMS": "1",
            "offerings-0-start_date": "2030-05-04",
            "offerings-0-end_date": "2030-05-13",
            "offerings-0-city": "Hanoi",
            "offerings-0-country": "VN",
            "offerings-0-application_deadline": "2030-04-01",
            "offerings-0-seats_total": "30",
            "offerings-0-partner_seats": "8",
        }
    )
    response = client_a.post(admin_url(Course, "add"), form)
    assert response.status_code == 302
    course = Course.objects.get(slug="civil-military-coordination-course")
    assert course.centre == centre_a
    assert course.created_by == admin_a
    assert {lang.code for lang in course.languages.all()} == {"en", "vi"}
    offering = course.offerings.get()
    assert (offering.city, offering.partner_seats) == ("Hanoi", 8)


def test_invalid_offering_in_the_course_form_is_shown_on_its_field_and_nothing_is_saved(
    client_a,
):
    form = _course_form(
        **{
            "offerings-TOTAL_FORMS": "1",
            "offerings-0-start_date": "2030-05-04",
            "offerings-0-end_date": "2030-05-13",
            "offerings-0-city": "Hanoi",
            "offerings-0-country": "VN",
            "offerings-0-application_deadline": "2030-04-01",
            "offerings-0-seats_total": "5",
            "offerings-0-partner_seats": "8",
        }
    )
    response = client_a.post(admin_url(Course, "add"), form)
    assert response.status_code == 200
    assert (
        "Seats open to partner centres cannot exceed the total seats." in response.content.decode()
    )
    assert not Course.objects.filter(title="Civil-Military Coordination Course").exists()


def test_a_stale_or_foreign_offering_row_is_ignored_not_copied(client_a, centre_a, centre_b):
    course = make_course(centre_a, title="Gender Advisers Course")
    foreign = make_offering(make_course(centre_b, title="Their course"), city="Bangkok")
    row = {
        "offerings-TOTAL_FORMS": "1",
        "offerings-INITIAL_FORMS": "1",
        "offerings-0-id": str(foreign.pk),
        "offerings-0-course": str(course.pk),
        "offerings-0-start_date": foreign.start_date.isoformat(),
        "offerings-0-end_date": foreign.end_date.isoformat(),
        "offerings-0-city": "Bangkok",
        "offerings-0-country": "TH",
        "offerings-0-application_deadline": foreign.application_deadline.isoformat(),
        "offerings-0-seats_total": str(foreign.seats_total),
        "offerings-0-partner_seats": str(foreign.partner_seats),
    }
    response = client_a.post(admin_url(course, "change"), _course_form(status="published", **row))
    assert response.status_code == 302
    assert not course.offerings.exists()
    assert Offering.objects.get(pk=foreign.pk).course.centre == centre_b


def test_the_network_admin_sees_a_courses_centre_but_cannot_move_it(
    client, network_admin, centre_a, centre_b
):
    course = make_course(centre_a, title="Gender Advisers Course")
    client.force_login(network_admin)
    page = client.get(admin_url(course, "change"))
    assert "centre" not in page.context["adminform"].form.fields
    assert centre_a.name in page.content.decode()
    # A centre sent anyway is not taken, and no success is claimed for it.
    response = client.post(
        admin_url(course, "change"), _course_form(centre=str(centre_b.pk), status="published")
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.centre, course.status) == (centre_a, "published")


def test_course_slug_stays_when_the_title_changes(client_a, centre_a):
    course = make_course(centre_a, title="Gender Advisers Course")
    response = client_a.post(
        admin_url(course, "change"),
        _course_form(title="Gender Advisors Course (revised)", status="published"),
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.title == "Gender Advisors Course (revised)"
    assert course.slug == "gender-advisers-course"


def test_a_published_course_cannot_go_back_to_draft_in_the_admin(client_a, centre_a):
    course = make_course(centre_a, title="Gender Advisers Course")
    response = client_a.post(
        admin_url(course, "change"), _course_form(title="Renamed meanwhile", status="draft")
    )
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    course.refresh_from_db()
    assert (course.title, course.status) == ("Gender Advisers Course", "published")


def test_lowering_partner_seats_below_approved_is_refused_on_the_field(client_a, centre_a):
    course = make_course(centre_a)
    offering = make_offering(course, partner_seats=6)
    Offering.objects.filter(pk=offering.pk).update(partner_seats_taken=4)
    response = client_a.post(
        admin_url(offering, "change"),
        {
            "start_date": offering.start_date.isoformat(),
            "end_date": offering.end_date.isoformat(),
            "city": offering.city,
            "country": offering.country,
            "application_deadline": offering.application_deadline.isoformat(),
            "seats_total": "30",
            "partner_seats": "3",
            "notes": "",
        },
    )
    assert response.status_code == 200
    assert "partner_seats" in response.context["adminform"].form.errors
    offering.refresh_from_db()
    assert offering.partner_seats == 6


def test_publish_and_archive_actions_change_only_the_selected_own_courses(
    client_a, centre_a, centre_b
):
    draft = make_course(centre_a, status=CourseStatus.DRAFT)
    other_draft = make_course(centre_a, status=CourseStatus.DRAFT)
    b_draft = make_course(centre_b, status=CourseStatus.DRAFT)
    response = client_a.post(
        admin_url(Course, "changelist"),
        {"action": "publish", "_selected_action": [draft.pk, b_draft.pk]},
    )
    assert response.status_code == 302
    assert "1 course published." in _messages(response)
    statuses = dict(Course.objects.values_list("pk", "status"))
    assert statuses[draft.pk] == CourseStatus.PUBLISHED
    assert statuses[other_draft.pk] == CourseStatus.DRAFT
    assert statuses[b_draft.pk] == CourseStatus.DRAFT

    client_a.post(
        admin_url(Course, "changelist"), {"action": "archive", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == CourseStatus.ARCHIVED


def test_an_action_refused_on_one_row_changes_no_row(client_a, centre_a, monkeypatch):
    from courses.admin import catalog as catalog_admin
    from courses.exceptions import DomainError

    first = make_course(centre_a, status=CourseStatus.DRAFT, title="Aaa first")
    second = make_course(centre_a, status=CourseStatus.DRAFT, title="Zzz second")
    real_publish = catalog_admin.course_publish

    def publish_refusing_second(*, course, by):
        if course.pk == second.pk:
            raise DomainError("This course has no offering yet.")
        return real_publish(course=course, by=by)

    monkeypatch.setattr(catalog_admin, "course_publish", publish_refusing_second)
    response = client_a.post(
        admin_url(Course, "changelist"),
        {"action": "publish", "_selected_action": [first.pk, second.pk]},
    )
    assert any("Nothing was changed" in message for message in _messages(response))
    assert set(
        Course.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {CourseStatus.DRAFT}


def test_csv_export_has_the_selected_rows_and_neutralises_formulas(client_a, centre_a):
    course = make_course(centre_a, title='=HYPERLINK("http://evil") course')
    plain = make_course(centre_a, title="Plain course")
    make_course(centre_a, title="Not selected")
    response = client_a.post(
        admin_url(Course, "changelist"),
        {"action": "export_csv", "_selected_action": [course.pk, plain.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    # A byte-order mark first, as the site's own exports, so Excel reads non-Latin names.
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["title", "slug", "centre"]
    titles = sorted(row[0] for row in rows[1:])
    assert titles == ['\'=HYPERLINK("http://evil") course', "Plain course"]


def test_centre_admin_creates_a_trainer_of_its_own_centre(client_a, centre_a):
    response = client_a.post(
        admin_url(User, "add"),
        {
            "username": "new-trainer",
            "first_name": "Siti",
            "last_name": "Rahman",
            "email": "siti@example.org",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
            "is_staff": "on",
            "is_superuser": "on",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new-trainer")
    assert user.membership.centre == centre_a
    assert user.membership.role == "trainer"
    assert not user.is_staff and not user.is_superuser
    assert user.check_password("a-long-Passphrase-42")


def test_a_weak_trainer_password_is_refused_on_the_form(client_a):
    response = client_a.post(
        admin_url(User, "add"),
        {
            "username": "weak",
            "email": "weak@example.org",
            "password1": "password",
            "password2": "password",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()


def test_centre_admin_resets_a_trainers_password(client_a, trainer_a):
    url = reverse("admin:auth_user_password_change", args=[trainer_a.pk])
    response = client_a.post(
        url,
        {
            "password1": "another-Passphrase-7",
            "password2": "another-Passphrase-7",
            "usable_password": "true",
            "set-password": "1",
        },
    )
    assert response.status_code == 302
    trainer_a.refresh_from_db()
    assert trainer_a.check_password("another-Passphrase-7")


def test_centre_admin_cannot_reset_another_centres_password(client_a, trainer_b):
    url = reverse("admin:auth_user_password_change", args=[trainer_b.pk])
    response = client_a.post(
        url, {"password1": "another-Passphrase-7", "password2": "another-Passphrase-7"}
    )
    assert response.status_code in (302, 403, 404)
    trainer_b.refresh_from_db()
    assert trainer_b.check_password("pass-for-tests")


def test_deactivate_action_stops_own_trainers_only(client_a, trainer_a, trainer_b, admin_a):
    response = client_a.post(
        admin_url(User, "changelist"),
        {"action": "deactivate", "_selected_action": [trainer_a.pk, trainer_b.pk, admin_a.pk]},
    )
    assert response.status_code == 302
    trainer_a.refresh_from_db()
    trainer_b.refresh_from_db()
    admin_a.refresh_from_db()
    assert not trainer_a.is_active
    assert trainer_b.is_active
    assert admin_a.is_active


def test_centre_admins_get_the_group_and_trainers_do_not(admin_a, trainer_a):
    assert admin_a.groups.filter(name="Centre admins").exists()
    assert not trainer_a.groups.exists()


def test_network_admin_making_a_membership_centre_admin_gives_the_admin_rights(
    client, network_admin, centre_a
):
    user = make_user("promoted")
    client.force_login(network_admin)
    response = client.post(
        reverse("admin:courses_membership_add"),
        {"user": user.pk, "centre": centre_a.pk, "role": "centre-admin"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(name="Centre admins").exists()


def test_seat_request_is_read_only_with_its_timeline(client_a, centre_a, centre_b, centre_c):
    world = build_world(centre_a, centre_b, centre_c)
    request_ = world.request_b_to_a
    request_.events.create(action="submit", to_status="pending", note="Two captains.")
    response = client_a.get(admin_url(request_, "change"))
    assert response.status_code == 200
    assert "Two captains." in response.content.decode()
    before = SeatRequest.objects.filter(pk=request_.pk).values().get()
    client_a.post(admin_url(request_, "change"), {"status": "approved", "seats_approved": "2"})
    assert SeatRequest.objects.filter(pk=request_.pk).values().get() == before


def test_no_one_adds_seat_requests_in_the_admin(client_a):
    assert client_a.get(admin_url(SeatRequest, "add")).status_code == 403


def test_removing_a_centre_admins_membership_takes_its_admin_rights(client, network_admin, admin_a):
    client.force_login(network_admin)
    response = client.post(admin_url(admin_a.membership, "delete"), {"post": "yes"})
    assert response.status_code == 302
    admin_a.refresh_from_db()
    assert not admin_a.is_staff
    assert not admin_a.groups.exists()


def test_member_create_puts_a_centre_admin_in_the_admin_group(centre_a):
    from courses.services import member_create

    user = member_create(
        centre=centre_a, username="new-admin", role="centre-admin", password_hash="x"
    )
    assert user.is_staff
    assert user.groups.filter(name="Centre admins").exists()


# --- seat request decisions: the exchange services, with the capacity guarantee ------------


@pytest.fixture
def host_offering(centre_a):
    return make_offering(make_course(centre_a, title="Partner Seats Course"), partner_seats=3)


def _submit(offering, user, seats):
    from courses.services import seat_request_submit

    return seat_request_submit(
        offering=offering, centre=user.membership.centre, by=user, seats_requested=seats
    )


def _act(client, action, *requests):
    return client.post(
        admin_url(SeatRequest, "changelist"),
        {"action": action, "_selected_action": [r.pk for r in requests]},
    )


def test_admin_approves_incoming_requests_through_the_service(
    client_a, admin_a, host_offering, trainer_b
):
    seat_request = _submit(host_offering, trainer_b, 2)
    response = _act(client_a, "approve", seat_request)
    assert "1 request approved." in _messages(response)
    seat_request.refresh_from_db()
    host_offering.refresh_from_db()
    assert (seat_request.status, seat_request.seats_approved) == ("approved", 2)
    assert seat_request.decided_by == admin_a
    assert host_offering.partner_seats_taken == 2
    assert seat_request.events.filter(action="approve", actor=admin_a).exists()


def test_admin_approval_that_would_overbook_is_refused_and_changes_nothing(
    client_a, host_offering, trainer_b, trainer_c
):
    # 2 + 2 seats asked for, 3 partner seats open: approving both would overbook.
    first = _submit(host_offering, trainer_b, 2)
    second = _submit(host_offering, trainer_c, 2)
    response = _act(client_a, "approve", first, second)
    messages = _messages(response)
    assert any(m.startswith("Nothing was changed") and "partner seats" in m for m in messages)
    host_offering.refresh_from_db()
    assert host_offering.partner_seats_taken == 0
    for seat_request in (first, second):
        seat_request.refresh_from_db()
        assert (seat_request.status, seat_request.seats_approved) == ("pending", 0)
        assert not seat_request.events.filter(action="approve").exists()


def test_admin_waitlists_and_declines_incoming_requests(
    client_a, host_offering, trainer_b, trainer_c
):
    waiting = _submit(host_offering, trainer_b, 1)
    declined = _submit(host_offering, trainer_c, 1)
    _act(client_a, "waitlist", waiting)
    _act(client_a, "decline", declined)
    waiting.refresh_from_db()
    declined.refresh_from_db()
    assert waiting.status == "waitlisted"
    assert declined.status == "declined"


def test_requesting_centre_cannot_decide_its_own_request_but_can_withdraw_it(
    client_a, centre_b, trainer_a
):
    offering_b = make_offering(make_course(centre_b), partner_seats=5)
    outgoing = _submit(offering_b, trainer_a, 2)
    _act(client_a, "approve", outgoing)
    outgoing.refresh_from_db()
    assert outgoing.status == "pending"
    response = _act(client_a, "withdraw", outgoing)
    assert "1 request withdrawn." in _messages(response)
    outgoing.refresh_from_db()
    assert outgoing.status == "withdrawn"


def test_host_cannot_withdraw_an_incoming_request(client_a, host_offering, trainer_b):
    incoming = _submit(host_offering, trainer_b, 1)
    _act(client_a, "withdraw", incoming)
    incoming.refresh_from_db()
    assert incoming.status == "pending"


def test_cancel_action_cancels_through_the_service_and_tells_requesters(
    client_a,
    host_offering,
    trainer_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
    deliver_outbox,
):
    seat_request = _submit(host_offering, trainer_b, 1)
    deliver_outbox()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(
            admin_url(Offering, "changelist"),
            {"action": "cancel", "_selected_action": [host_offering.pk]},
        )
    host_offering.refresh_from_db()
    assert host_offering.status == "cancelled"
    assert seat_request.events.filter(action="offering-cancelled").exists()
    deliver_outbox()
    assert any(trainer_b.email in mail.to for mail in mailoutbox)


# --- deleting: never erases another centre's seat requests ------------------------------------


def test_deleting_an_offering_with_a_partner_request_is_refused_and_keeps_the_request(
    client, network_admin, centre_a, trainer_b
):
    # Even the network admin, who may delete seat requests, does not erase them by cascade.
    from .factories import make_seat_request

    client.force_login(network_admin)
    offering = make_offering(make_course(centre_a))
    seat_request = make_seat_request(offering, by=trainer_b)
    page = client.get(admin_url(offering, "delete"))
    assert "Cannot delete offering" in page.content.decode()
    client.post(admin_url(offering, "delete"), {"post": "yes"})
    assert Offering.objects.filter(pk=offering.pk).exists()
    assert SeatRequest.objects.filter(pk=seat_request.pk).exists()


def test_bulk_deleting_courses_with_partner_requests_deletes_none(
    client, network_admin, centre_a, trainer_b
):
    from .factories import make_seat_request

    client.force_login(network_admin)
    requested = make_course(centre_a, title="Asked for")
    make_seat_request(make_offering(requested), by=trainer_b)
    plain = make_course(centre_a, title="Typed in error")
    client.post(
        admin_url(Course, "changelist"),
        {"action": "delete_selected", "_selected_action": [requested.pk, plain.pk], "post": "yes"},
    )
    assert Course.objects.filter(pk__in=[requested.pk, plain.pk]).count() == 2
    assert SeatRequest.objects.filter(offering__course=requested).count() == 1


def test_an_offering_nobody_asked_for_is_deleted_by_the_network_admin(
    client, network_admin, centre_a
):
    client.force_login(network_admin)
    offering = make_offering(make_course(centre_a))
    response = client.post(admin_url(offering, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Offering.objects.filter(pk=offering.pk).exists()


def test_offering_delete_service_refuses_while_seat_requests_exist(
    centre_a, network_admin, trainer_b
):
    from courses.exceptions import DomainError
    from courses.services.catalog import course_delete, offering_delete

    from .factories import make_seat_request

    offering = make_offering(make_course(centre_a))
    make_seat_request(offering, by=trainer_b)
    with pytest.raises(DomainError, match="cancel it instead"):
        offering_delete(offering=offering, by=network_admin)
    with pytest.raises(DomainError, match="archive it instead"):
        course_delete(course=offering.course, by=network_admin)
    assert SeatRequest.objects.filter(offering=offering).count() == 1
