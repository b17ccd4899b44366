"""Writes of the people of a centre: trainers' accounts, memberships, the admin group."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction
from django.utils.translation import gettext as _

from ..exceptions import DomainError
from ..models import Centre, CentreRole, Membership
from ..permissions import may_manage_member
from .validation import validate

# Created by migration 0005_centre_admins_group with the model permissions a centre admin needs.
CENTRE_ADMINS_GROUP = "Centre admins"

MEMBER_EDITABLE_FIELDS = ("username", "first_name", "last_name", "email", "is_active")


@transaction.atomic
def sync_centre_admin_group(user: AbstractBaseUser) -> None:
    """Put a centre admin in the "Centre admins" group (and staff), take anyone else out.

    Call it wherever a membership is created or its role changes: the admin's permissions come
    from that group, the rows they reach from the user's centre. A superuser keeps its staff
    flag whatever its membership says.
    """
    group, _created = Group.objects.get_or_create(name=CENTRE_ADMINS_GROUP)
    try:
        is_admin = user.membership.role == CentreRole.CENTRE_ADMIN
    except Membership.DoesNotExist:
        is_admin = False
    if is_admin:
        user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    else:
        user.groups.remove(group)
        if user.is_staff and not user.is_superuser:
            user.is_staff = False
            user.save(update_fields=["is_staff"])


def _check_may_manage(by: AbstractBaseUser | None, user: AbstractBaseUser) -> None:
    # The admin scopes what a centre admin sees; the service holds the same line for any
    # caller (`by=None` is the system: commands and demo data).
    if by is not None and not may_manage_member(by, user):
        raise DomainError(_("You may not change this account."))


@transaction.atomic
def membership_set(
    *, user: AbstractBaseUser, centre: Centre, role: str, by: AbstractBaseUser | None
) -> Membership:
    """Make `user` a member of `centre` with `role` (replacing any membership it had)."""
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
    """Take a user out of its centre; it loses the centre admin's group and staff flag too."""
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
    """Create a trainer's account in `centre`, with a password that passes the validators."""
    from .accounts import member_create

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
    *, user: AbstractBaseUser, by: AbstractBaseUser | None, **changes: object
) -> AbstractBaseUser:
    """Change a member's username, names, e-mail or active flag (never its rights)."""
    unknown = set(changes) - set(MEMBER_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"member_update() cannot change {', '.join(sorted(unknown))}")
    _check_may_manage(by, user)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    for field, value in changes.items():
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
    from .accounts import user_set_password

    _check_may_manage(by, user)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    return user_set_password(user=user, password=password)
