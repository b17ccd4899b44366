"""Writes of the network's centres and of a centre's profile."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from ..catalog_cache import catalog_changed
from ..models import Centre, CentreKind
from ..permissions import may_edit_centre_profile, may_run_network
from .authorization import authorize
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
CENTRE_NETWORK_FIELDS = ("slug", "is_active", "kind", "partner_type")


@transaction.atomic
def centre_save(
    *,
    centre: Centre,
    by: AbstractBaseUser | None,
    name: str | None = None,
    short_name: str | None = None,
    country: str | None = None,
    city: str | None = None,
    time_zone: str | None = None,
    website: str | None = None,
    contact_email: str | None = None,
    description: str | None = None,
    slug: str | None = None,
    is_active: bool | None = None,
    kind: str | None = None,
    partner_type: str | None = None,
) -> Centre:
    """Create (an unsaved `centre`) or change a centre; a field left at None is not changed.

    A centre's own admin changes its profile (`may_edit_centre_profile`); adding a centre and
    its slug and active flag are the network's decisions (`may_run_network`). Refused, with
    nothing changed, for a `by` who may not.
    """
    network_change = (slug, is_active, kind, partner_type) != (None, None, None, None)
    if centre.pk is None or network_change:
        authorize(by, may_run_network, message=_("Only the network admin may do this."))
    else:
        authorize(
            by,
            may_edit_centre_profile,
            centre,
            message=_("You may not change this centre's profile."),
        )
    if centre.pk is not None:
        centre = Centre.objects.select_for_update().get(pk=centre.pk)
    changes = {
        "name": name,
        "short_name": short_name,
        "country": country,
        "city": city,
        # Empty keeps the country's zone (Centre.effective_time_zone).
        "time_zone": time_zone,
        "website": website,
        "contact_email": contact_email,
        "description": description,
        "slug": slug,
        "is_active": is_active,
        "kind": kind,
        "partner_type": partner_type,
    }
    for field, value in changes.items():
        if value is not None:
            setattr(centre, field, value.strip() if isinstance(value, str) else value)
    validate(centre)
    centre.save()
    catalog_changed()  # the centre facet shows its name and hides inactive centres
    return centre


@transaction.atomic
def centre_create(
    *,
    by: AbstractBaseUser | None,
    name: str,
    short_name: str,
    slug: str,
    country: str,
    city: str,
    website: str = "",
    contact_email: str = "",
    description: str = "",
    is_active: bool = True,
    kind: str = CentreKind.MEMBER,
    partner_type: str = "",
) -> Centre:
    """Add a member centre (or a national focal point), or a partner institution, to the
    network: the network admin's decision (`may_run_network`)."""
    authorize(by, may_run_network, message=_("Only the network admin may add a centre."))
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
        kind=kind,
        partner_type=partner_type,
    )
    validate(centre)
    centre.save()
    return centre
