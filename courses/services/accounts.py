"""Writes of the people of the network: members of a centre and the network admins."""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractBaseUser, AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction

from ..exceptions import DomainError
from ..models import Centre, CentreRole, Membership
from .validation import validate

# Created by migration 0005_centre_admins_group with the model permissions a centre admin needs.
CENTRE_ADMINS_GROUP = "Centre admins"


@transaction.atomic
def sync_centre_admin_group(user: AbstractBaseUser) -> None:
    """Put a centre admin in the "Centre admins" group (and staff), take anyone else out.

    Call it wherever a membership is created or its role changes: the admin's permissions come
    from that group, the rows they reach from the user's centre. A superuser keeps its staff
    flag whatever its membership says.
    """
    group, _ = Group.objects.get_or_create(name=CENTRE_ADMINS_GROUP)
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


def _set_password(
    user: AbstractUser, *, password: str | None, password_hash: str | None, validate: bool
) -> None:
    if password is not None and password_hash is not None:
        raise TypeError("Give either password or password_hash, not both.")
    if password_hash is not None:
        # Already hashed (e.g. the demo data hashes its one shared password once, not per user).
        user.password = password_hash
    elif password is not None:
        if validate:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                raise DomainError(" ".join(error.messages), field="password") from error
        user.set_password(password)
    else:
        # No password: the person sets one through "forgot password" before signing in.
        user.set_unusable_password()


def _new_user(
    *,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    is_staff: bool,
    is_superuser: bool,
    password: str | None,
    password_hash: str | None,
    validate_password: bool,
) -> AbstractUser:
    User = get_user_model()
    user = User(
        username=username.strip(),
        email=User.objects.normalize_email(email.strip()),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    # The hash is not a field a person types; its length is Django's business.
    validate(user, exclude=["password"])
    _set_password(user, password=password, password_hash=password_hash, validate=validate_password)
    user.save()
    return user


@transaction.atomic
def member_create(
    *,
    centre: Centre,
    username: str,
    role: str = CentreRole.TRAINER,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    password_hash: str | None = None,
    validate_password: bool = True,
) -> AbstractUser:
    """Create a user who belongs to `centre` as a trainer or a centre admin.

    A centre admin is staff, because the Django admin (scoped to the centre) is where it keeps
    the centre's profile and trainers. Without a password the account cannot sign in until one
    is set. `validate_password=False` skips the strength rules (demo data only).
    """
    if role not in CentreRole.values:
        raise DomainError(f"Unknown role {role!r}.", field="role")
    user = _new_user(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=role == CentreRole.CENTRE_ADMIN,
        is_superuser=False,
        password=password,
        password_hash=password_hash,
        validate_password=validate_password,
    )
    membership = Membership(user=user, centre=centre, role=role)
    validate(membership)
    membership.save()
    # The centre admins' model permissions in the admin come from their group.
    sync_centre_admin_group(user)
    return user


@transaction.atomic
def network_admin_create(
    *,
    username: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    password_hash: str | None = None,
    validate_password: bool = True,
) -> AbstractUser:
    """Create a network admin (the APCN secretariat): a superuser who belongs to no centre."""
    return _new_user(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=True,
        is_superuser=True,
        password=password,
        password_hash=password_hash,
        validate_password=validate_password,
    )


@transaction.atomic
def user_set_password(
    *,
    user: AbstractUser,
    password: str | None = None,
    password_hash: str | None = None,
    validate_password: bool = True,
) -> AbstractUser:
    """Give `user` a new password (or a ready hash of one)."""
    _set_password(user, password=password, password_hash=password_hash, validate=validate_password)
    user.save(update_fields=["password"])
    return user
