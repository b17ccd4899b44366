"""Writes of the people of a centre: trainers' accounts, memberships, the admin group."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import DomainError
from ..models import Centre, CentreRole, Membership
from ..permissions import may_add_trainer, may_manage_member, may_run_network, membership_of
from .accounts import member_create, sync_centre_admin_group, user_set_password
from .authorization import authorize
from .validation import validate

MEMBER_EDITABLE_FIELDS = ("username", "first_name", "last_name", "email", "is_active")


def _check_may_manage(by: AbstractBaseUser | None, user: AbstractBaseUser) -> None:
    # The admin scopes what a centre admin sees; the service holds the same line for any
    # caller (`by=None` is the system: commands and demo data).
    authorize(by, may_manage_member, user, message=_("You may not change this account."))


@transaction.atomic
def membership_set(
    *, user: AbstractBaseUser, centre: Centre, role: str, by: AbstractBaseUser | None
) -> Membership:
    """Make `user` a member of `centre` with `role` (replacing any membership it had).

    Who belongs to which centre, and who administers it, is the network admin's decision
    (`may_run_network`): refused for anyone else.
    """
    authorize(by, may_run_network, message=_("Only the network admin may set memberships."))
    # Checked before it is written, like every other save.
    membership = Membership.objects.select_for_update().filter(user=user).first()
    if membership is None:
        membership = Membership(user=user)
    membership.centre, membership.role = centre, role
    validate(membership)
    membership.save()
    user.membership = membership
    sync_centre_admin_group(user)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: AbstractBaseUser | None) -> None:
    """Take a user out of its centre; it loses the centre admin's group and staff flag too.

    The network admin's decision (`may_run_network`), as `membership_set`.
    """
    authorize(by, may_run_network, message=_("Only the network admin may set memberships."))
    user = membership.user
    membership.delete()
    # The cached reverse relation would still answer with the deleted row.
    user = type(user).objects.get(pk=user.pk)
    sync_centre_admin_group(user)


@transaction.atomic
def trainer_create(
    *,
    centre: Centre,
    by: AbstractBaseUser | None,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> AbstractBaseUser:
    """Create a trainer's account in `centre`, with a password that passes the validators.

    Refused for a `by` who may not add trainers to `centre` (`may_add_trainer`).
    """
    authorize(by, may_add_trainer, centre, message=_("You may not add trainers to this centre."))
    if get_user_model().objects.filter(username__iexact=username.strip()).exists():
        raise DomainError(_("A user with that username already exists."), field="username")
    return member_create(
        centre=centre,
        username=username,
        role=CentreRole.TRAINER,
        email=email,
        first_name=first_name,
        last_name=last_name,
        password=password,
    )


@transaction.atomic
def member_update(
    *,
    user: AbstractBaseUser,
    by: AbstractBaseUser | None,
    username: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
    is_active: bool | None = None,
) -> AbstractBaseUser:
    """Change a member's username, names, e-mail or active flag (never its rights); a field
    left at None is not changed. Refused for a `by` who may not manage the member
    (`may_manage_member`)."""
    _check_may_manage(by, user)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    changes = {
        "username": username,
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "is_active": is_active,
    }
    for field, value in changes.items():
        if value is not None:
            setattr(user, field, value.strip() if isinstance(value, str) else value)
    # The hash is not a field a person types; its length is Django's business.
    validate(user, exclude=["password"])
    user.save()
    return user


@transaction.atomic
def member_deactivate(*, user: AbstractBaseUser, by: AbstractBaseUser | None) -> AbstractBaseUser:
    """Stop a member from signing in; its courses, requests and history stay."""
    if by is not None and user.pk == by.pk:
        raise DomainError(_("You cannot deactivate your own account."))
    return member_update(user=user, by=by, is_active=False)


@transaction.atomic
def member_set_password(
    *, user: AbstractBaseUser, by: AbstractBaseUser | None, password: str
) -> AbstractBaseUser:
    """Give a member a new password (checked by the password validators)."""
    _check_may_manage(by, user)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    return user_set_password(user=user, password=password)


def membership_requests_seen(*, by: AbstractBaseUser) -> datetime.datetime | None:
    """Note that `by` has just looked at its centre's requests; returns when it last had.

    The home page then tells it only what changed after this moment. A targeted update of one
    column rather than `full_clean` and `save`: nothing the member can type goes in, and a save
    of the whole row could put back a role that an admin changed at the same moment.
    """
    membership = membership_of(by)  # loaded once a request, with the page's other questions
    if membership is None:
        return None
    previous = membership.requests_seen_at
    membership.requests_seen_at = timezone.now()
    Membership.objects.filter(pk=membership.pk).update(requests_seen_at=membership.requests_seen_at)
    return previous
