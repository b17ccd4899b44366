"""Writes of the network's centres."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ..exceptions import DomainError
from ..models import Centre


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
    try:
        centre.full_clean()
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from error
    centre.save()
    return centre
