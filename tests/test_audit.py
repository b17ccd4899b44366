"""Every change to courses, offerings and seat requests is kept: who, when, what changed.

Changes made in the admin and in the web UI are recorded alike (the web UI through
the site's own course edit and request pages).
"""

from __future__ import annotations

from django.urls import reverse

from courses.services import course_update

from .admin_world import admin_url
from .factories import make_course, make_offering


def _course_form(course, **overrides):
    data = {
        "title": course.title,
        "summary": course.summary,
        "description": course.description,
        "status": course.status,
        "themes": [theme.pk for theme in course.themes.all()],
        "audience": course.audience,
        "level": course.level,
        "languages": [language.pk for language in course.languages.all()],
        "delivery_mode": course.delivery_mode,
        "duration_days": str(course.duration_days),
        "prerequisites": course.prerequisites,
        "offerings-TOTAL_FORMS": "0",
        "offerings-INITIAL_FORMS": "0",
        "offerings-MIN_NUM_FORMS": "0",
        "offerings-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_admin_change_to_a_course_is_kept_with_who_when_and_what(client, admin_a, centre_a):
    course = make_course(centre_a, title="Military Observers Course", duration_days=10)
    client.force_login(admin_a)
    response = client.post(
        admin_url(course, "change"), _course_form(course, duration_days="12", status="archived")
    )
    assert response.status_code == 302
    latest = course.history.latest()
    assert latest.history_user == admin_a
    assert latest.history_type == "~"
    changed = {change.field for change in latest.diff_against(latest.prev_record).changes}
    assert changed >= {"duration_days", "status"}
    assert "title" not in changed


def test_web_ui_change_to_a_course_records_the_signed_in_user(client, trainer_a, centre_a):
    course = make_course(centre_a, title="Peacekeeper Safety Course")
    client.force_login(trainer_a)
    data = _course_form(course, title="Peacekeeper Safety")
    response = client.post(reverse("course-edit", kwargs={"slug": course.slug}), data)
    assert response.status_code == 302
    latest = course.history.latest()
    assert latest.history_user == trainer_a
    assert latest.title == "Peacekeeper Safety"
    assert latest.prev_record.title == "Peacekeeper Safety Course"


def test_web_ui_decision_on_a_seat_request_is_kept_with_who(client, admin_a, centre_a, trainer_b):
    from courses.services import seat_request_submit

    offering = make_offering(make_course(centre_a), partner_seats=4)
    seat_request = seat_request_submit(
        offering=offering, centre=trainer_b.membership.centre, by=trainer_b, seats_requested=2
    )
    client.force_login(admin_a)
    response = client.post(seat_request.get_absolute_url(), {"action": "approve"})
    assert response.status_code == 302
    latest = seat_request.history.latest()
    assert (latest.status, latest.history_user) == ("approved", admin_a)
    offering_record = offering.history.latest()
    assert offering_record.partner_seats_taken == 2


def test_offering_creation_and_change_are_kept(client, admin_a, centre_a):
    offering = make_offering(make_course(centre_a), partner_seats=5)
    client.force_login(admin_a)
    client.post(
        admin_url(offering, "change"),
        {
            "start_date": offering.start_date.isoformat(),
            "end_date": offering.end_date.isoformat(),
            "city": "Nilai",
            "country": offering.country,
            "application_deadline": offering.application_deadline.isoformat(),
            "seats_total": "30",
            "partner_seats": "7",
            "notes": "",
        },
    )
    records = list(offering.history.order_by("history_date"))
    assert [record.history_type for record in records] == ["+", "~"]
    assert records[-1].history_user == admin_a
    assert (records[-1].city, records[-1].partner_seats) == ("Nilai", 7)


def test_seat_request_status_changes_are_kept(centre_a, centre_b):
    from .admin_world import seat_request

    request_ = seat_request(make_offering(make_course(centre_b)), centre_a)
    request_.status = "declined"
    request_.response = "The course is full."
    request_.save()
    assert [r.status for r in request_.history.order_by("history_date")] == [
        "pending",
        "declined",
    ]


def test_centre_admin_reads_its_courses_history_with_the_changes(client, admin_a, centre_a):
    course = make_course(centre_a, title="Child Protection Course")
    course_update(course=course, by=admin_a, summary="Protecting children in missions.")
    client.force_login(admin_a)
    response = client.get(admin_url(course, "history"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Child Protection Course" in body
    # The list shows which fields each change touched and who made it.
    assert "Protecting children in missions." in body
    assert admin_a.username in body


def test_history_cannot_be_reverted_from_the_admin(client, admin_a, centre_a):
    course = make_course(centre_a, title="Engineering Course")
    first = course.history.earliest()
    course_update(course=course, by=admin_a, title="Engineering Course, revised")
    client.force_login(admin_a)
    url = reverse("admin:courses_course_simple_history", args=[course.pk, first.history_id])
    assert client.get(url).status_code == 200
    response = client.post(url, _course_form(course, title="Engineering Course"))
    assert response.status_code == 404
    course.refresh_from_db()
    assert course.title == "Engineering Course, revised"


def test_archiving_a_resource_in_the_admin_is_kept_with_who(client, admin_a, centre_a):
    from .resource_factories import make_resource

    resource = make_resource(centre_a, external_url="https://example.org/handbook")
    client.force_login(admin_a)
    client.post(
        reverse("admin:courses_resource_changelist"),
        {"action": "archive", "_selected_action": [resource.pk]},
    )
    latest = resource.history.latest()
    assert latest.is_archived
    assert latest.history_user == admin_a
    assert not latest.prev_record.is_archived
