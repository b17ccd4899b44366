"""Shared things are archived by centres; only the network admin erases, and never mid-request."""

from __future__ import annotations

import threading
from functools import partial

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connections

from courses.exceptions import DomainError
from courses.models import Course, Offering, SeatRequest
from courses.services import seat_request_submit
from courses.services.catalog import course_delete, offering_delete

from .admin_world import admin_url, model_admin
from .factories import make_centre, make_course, make_offering, make_seat_request, make_user


def _actions(user, model, rf):
    request = rf.get("/admin/")
    request.user = user
    return set(model_admin(model).get_actions(request))


@pytest.mark.parametrize("model", [Course, Offering, SeatRequest])
def test_centre_admins_have_no_delete_action_and_no_delete_view(
    client, rf, admin_a, centre_a, model
):
    course = make_course(centre_a)
    offering = make_offering(course)
    target = {Course: course, Offering: offering, SeatRequest: None}[model]
    assert "delete_selected" not in _actions(admin_a, model, rf)
    if target is not None:
        client.force_login(admin_a)
        assert client.get(admin_url(target, "delete")).status_code == 403
        assert client.post(admin_url(target, "delete"), {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=target.pk).exists()


def test_the_centre_admins_group_has_no_delete_permission_on_shared_things(db):
    group = Group.objects.get(name="Centre admins")
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in ["course", "offering", "seatrequest", "resource", "resourceaccessrequest"]:
        assert f"delete_{model}" not in codenames
    assert Permission.objects.filter(codename="delete_course").exists()


def test_the_delete_services_refuse_a_centre_admin(admin_a, centre_a):
    offering = make_offering(make_course(centre_a))
    with pytest.raises(DomainError, match="Only the network admin"):
        offering_delete(offering=offering, by=admin_a)
    with pytest.raises(DomainError, match="Only the network admin"):
        course_delete(course=offering.course, by=admin_a)
    assert Offering.objects.filter(pk=offering.pk).exists()


def test_the_network_admin_deletes_after_a_confirmation_naming_what_goes(
    client, network_admin, centre_a
):
    course = make_course(centre_a, title="Entered In Error")
    offering = make_offering(course, city="Sentul")
    client.force_login(network_admin)
    page = client.get(admin_url(course, "delete")).content.decode()
    assert "Entered In Error" in page
    assert str(offering) in page  # its offerings go with it, and the page says so
    assert "delete_selected" in _actions_for_client(network_admin, Course)
    response = client.post(admin_url(course, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Course.objects.filter(pk=course.pk).exists()
    assert not Offering.objects.filter(pk=offering.pk).exists()


def _actions_for_client(user, model):
    from django.test import RequestFactory

    return _actions(user, model, RequestFactory())


def test_a_request_arriving_between_confirmation_and_delete_is_a_message_not_a_500(
    client, network_admin, centre_a, trainer_b, monkeypatch
):
    from courses.admin import catalog as catalog_admin

    offering = make_offering(make_course(centre_a))
    make_seat_request(offering, by=trainer_b)
    # The confirmation page was read before the request came: it listed nothing protected.
    monkeypatch.setattr(catalog_admin, "seat_requests_blocking_delete", lambda **kw: [])
    client.force_login(network_admin)
    response = client.post(admin_url(offering, "delete"), {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "cancel it instead" in response.content.decode()
    assert Offering.objects.filter(pk=offering.pk).exists()
    bulk = client.post(
        admin_url(Course, "changelist"),
        {"action": "delete_selected", "_selected_action": [offering.course_id], "post": "yes"},
        follow=True,
    )
    assert bulk.status_code == 200
    assert "Nothing was deleted" in bulk.content.decode()
    assert Course.objects.filter(pk=offering.course_id).exists()


def test_a_seat_request_on_an_erased_offering_is_refused_cleanly(
    client, network_admin, centre_a, trainer_b
):
    offering = make_offering(make_course(centre_a))
    stale = Offering.objects.get(pk=offering.pk)
    offering_delete(offering=offering, by=network_admin)
    with pytest.raises(DomainError, match="no longer exists"):
        seat_request_submit(
            offering=stale, centre=trainer_b.membership.centre, by=trainer_b, seats_requested=1
        )


def _race(**actions) -> dict[str, str]:
    """Run the actions at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(actions))
    outcomes: dict[str, str] = {}

    def run(name, action):
        try:
            barrier.wait(timeout=10)
            try:
                action()
                outcomes[name] = "done"
            except DomainError:
                outcomes[name] = "refused"
            except Exception as error:
                outcomes[name] = f"crash: {type(error).__name__}: {error}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in actions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_deleting_while_a_seat_request_arrives_never_fails(postgresql_only, reference_data):
    host_centre = make_centre(slug="host", short_name="HOST")
    guest = make_user("guest-trainer", centre=make_centre(slug="guest", short_name="GST"))
    network_admin = make_user("secretariat-race", is_staff=True, is_superuser=True)
    for repetition in range(12):
        course = make_course(host_centre, title=f"Race course {repetition}")
        offering = make_offering(course, start_in_days=40 + repetition)
        if repetition % 2:
            erase = partial(course_delete, course=course, by=network_admin)
        else:
            erase = partial(offering_delete, offering=offering, by=network_admin)
        submit = partial(
            seat_request_submit,
            offering=offering,
            centre=guest.membership.centre,
            by=guest,
            seats_requested=1,
        )
        outcomes = _race(delete=erase, submit=submit)
        assert len(outcomes) == 2
        assert not [o for o in outcomes.values() if o.startswith("crash")], outcomes
        # Exactly one wins: the offering is gone and no request was written, or the request
        # is there and the offering stayed.
        exists = Offering.objects.filter(pk=offering.pk).exists()
        requests = SeatRequest.objects.filter(offering_id=offering.pk).count()
        assert (exists, requests) in {(False, 0), (True, 1)}, (outcomes, exists, requests)
