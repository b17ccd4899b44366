"""Account changes of centre members: the services hold the admin's line for every caller."""

from __future__ import annotations

import pytest

from courses.exceptions import DomainError
from courses.services import member_deactivate, member_set_password, member_update


def test_centre_admin_updates_its_own_centres_trainer(admin_a, trainer_a):
    assert member_update(user=trainer_a, by=admin_a, first_name="Lan").first_name == "Lan"


def test_centre_admin_cannot_change_another_centres_trainer(admin_a, trainer_b):
    with pytest.raises(DomainError):
        member_update(user=trainer_b, by=admin_a, first_name="Taken")
    with pytest.raises(DomainError):
        member_deactivate(user=trainer_b, by=admin_a)
    with pytest.raises(DomainError):
        member_set_password(user=trainer_b, by=admin_a, password="a-long-new-pass-phrase-9")
    trainer_b.refresh_from_db()
    assert trainer_b.first_name != "Taken"
    assert trainer_b.is_active
    assert not trainer_b.check_password("a-long-new-pass-phrase-9")


def test_centre_admin_cannot_change_a_fellow_admin(centre_a, admin_a):
    from .factories import make_user

    fellow = make_user(centre=centre_a, role="centre-admin", username="fellow-admin")
    with pytest.raises(DomainError):
        member_deactivate(user=fellow, by=admin_a)
    fellow.refresh_from_db()
    assert fellow.is_active


def test_a_trainer_cannot_change_a_colleague(trainer_a, centre_a):
    from .factories import make_user

    colleague = make_user(centre=centre_a, username="colleague")
    with pytest.raises(DomainError):
        member_update(user=colleague, by=trainer_a, email="mine@example.org")


def test_network_admin_changes_anyone(network_admin, trainer_b):
    assert member_update(user=trainer_b, by=network_admin, last_name="Ng").last_name == "Ng"


def test_membership_set_moves_a_member_and_refuses_an_unknown_role(trainer_a, centre_a, centre_b):
    from courses.models import Membership
    from courses.services.members import membership_set

    with pytest.raises(DomainError):
        membership_set(user=trainer_a, centre=centre_b, role="captain", by=None)
    assert Membership.objects.get(user=trainer_a).centre == centre_a
    membership_set(user=trainer_a, centre=centre_b, role="centre-admin", by=None)
    membership = Membership.objects.get(user=trainer_a)
    assert (membership.centre, membership.role) == (centre_b, "centre-admin")
    trainer_a.refresh_from_db()
    assert trainer_a.is_staff
