"""Creating the people of the network: centre members and network admins."""

from __future__ import annotations

import pytest

from courses.exceptions import DomainError
from courses.models import CentreRole, Membership
from courses.services import member_create, network_admin_create, user_set_password


def test_a_centre_admin_is_staff_and_a_member_of_its_centre(centre_a):
    user = member_create(
        centre=centre_a,
        username="mpc-chief",
        role=CentreRole.CENTRE_ADMIN,
        email="Chief@MPC.example.org",
        first_name="Aminah",
        last_name="Yusof",
        password="a long enough training password",
    )
    assert user.is_staff and not user.is_superuser
    assert user.email == "Chief@mpc.example.org"
    assert (user.membership.centre, user.membership.role) == (centre_a, CentreRole.CENTRE_ADMIN)
    assert user.check_password("a long enough training password")


def test_a_trainer_is_not_staff_and_cannot_sign_in_until_a_password_is_set(centre_a):
    user = member_create(centre=centre_a, username="new-trainer")
    assert not user.is_staff
    assert user.membership.role == CentreRole.TRAINER
    assert not user.has_usable_password()
    user_set_password(user=user, password="another long password")
    user.refresh_from_db()
    assert user.check_password("another long password")


def test_a_taken_username_is_refused_on_its_field_and_creates_nothing(centre_a, trainer_a):
    with pytest.raises(DomainError) as refused:
        member_create(centre=centre_a, username=trainer_a.username)
    assert refused.value.field == "username"
    assert Membership.objects.filter(centre=centre_a).count() == 1


def test_a_weak_password_is_refused_unless_validation_is_skipped(centre_a):
    with pytest.raises(DomainError) as refused:
        member_create(centre=centre_a, username="weak", password="1234")
    assert refused.value.field == "password"
    assert not Membership.objects.filter(user__username="weak").exists()
    user = member_create(centre=centre_a, username="weak", password="1234", validate_password=False)
    assert user.check_password("1234")


def test_an_unknown_role_is_refused(centre_a):
    with pytest.raises(DomainError) as refused:
        member_create(centre=centre_a, username="someone", role="commander")
    assert refused.value.field == "role"


def test_a_network_admin_is_a_superuser_of_no_centre(db):
    user = network_admin_create(username="apcn-chair", password="a strong secretariat password")
    assert user.is_superuser and user.is_staff
    assert not Membership.objects.filter(user=user).exists()
