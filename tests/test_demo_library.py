"""The demo resources: every kind and visibility, a version chain, requests; idempotent."""

from __future__ import annotations

import io

from courses.demo.library import seed_library
from courses.models import (
    Resource,
    ResourceAccessRequest,
    ResourceKind,
    ResourceVisibility,
)

from .factories import make_centre, make_user

SLUGS = ["vdpo", "mpc", "ipsc", "poc", "npmec", "afppkoc"]


def test_seed_library_covers_every_kind_and_visibility_and_runs_twice(db, settings):
    for slug in SLUGS:
        centre = make_centre(slug=slug, short_name=slug.upper(), name=f"Centre {slug}")
        make_user(f"{slug}-trainer", centre=centre)
    out = io.StringIO()
    seed_library(stdout=out)
    counts = (Resource.objects.count(), ResourceAccessRequest.objects.count())
    seed_library()
    assert (Resource.objects.count(), ResourceAccessRequest.objects.count()) == counts
    assert "Resources:" in out.getvalue()
    current = Resource.objects.current()
    assert set(current.values_list("kind", flat=True)) == set(ResourceKind.values)
    assert set(current.values_list("visibility", flat=True)) == set(ResourceVisibility.values)
    assert Resource.objects.filter(is_superseded=True, newer_versions__isnull=False).exists()
    assert set(ResourceAccessRequest.objects.values_list("status", flat=True)) == {
        "pending",
        "granted",
        "refused",
    }
    assert current.exclude(external_url="").exists()
    assert all(r.uploaded_by is not None for r in Resource.objects.all())
