"""Writes of the network's centres and of a centre's profile."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..catalog_cache import catalog_changed
from ..models import Centre
from .validation import validate

# What a centre edits about itself. The slug is in URLs and partner systems (contract), and
# membership of the network is the secretariat's decision, so neither is here.
CENTRE_PROFILE_FIELDS = (
    "name",
    "short_name",
    "country",
    "city",
    "time_zone",
    "website",
    "contact_email",
    "description",
)
CENTRE_NETWORK_FIELDS = ("slug", "is_active")


@transaction.atomic
def centre_save(
    *, centre: Centre, by: AbstractBaseUser | None, network: bool = False, **changes: object
) -> Centre:
    """Create or change a centre. Only the network admin (`network=True`) sets slug and active."""
    allowed = set(CENTRE_PROFILE_FIELDS) | (set(CENTRE_NETWORK_FIELDS) if network else set())
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"centre_save() cannot change {', '.join(sorted(unknown))}")
    if centre.pk is not None:
        centre = Centre.objects.select_for_update().get(pk=centre.pk)
    for field, value in changes.items():
        setattr(centre, field, value.strip() if isinstance(value, str) else value)
    validate(centre)
    centre.save()
    catalog_changed()  # the centre facet shows its name and hides inactive centres
    return centre


@transaction.atomic
def centre_create(
    *,
    name: str,
    short_name: str,
    slug: str,
    country: str,
    city: str,
    website: str = "",
    contact_email: str = "",
    description: str = "",
    is_active: bool = True,
) -> Centre:
    """Add a member centre (or a national focal point) to the network."""
    centre = Centre(
        name=name.strip(),
        short_name=short_name.strip(),
        slug=slug,
        country=country,
        city=city.strip(),
        website=website.strip(),
        contact_email=contact_email.strip(),
        description=description,
        is_active=is_active,
    )
    validate(centre)
    centre.save()
    return centre
