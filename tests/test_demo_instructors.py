"""The demo instructors and teams: several centres' offers, windows, requests in every state;
idempotent and silent (no mail queued)."""

from __future__ import annotations

from django.utils import timezone

from courses.demo import SeedContext
from courses.demo.instructors import seed
from courses.models import (
    CentreRole,
    Instructor,
    InstructorRequest,
    InstructorRequestStatus,
    OutboxMessage,
)

from .factories import make_centre, make_user

SLUGS = ["vdpo", "mpc", "ipsc", "poc", "npmec", "afppkoc"]


def test_seed_instructors_covers_every_state_and_runs_twice(db):
    for slug in SLUGS:
        centre = make_centre(slug=slug, short_name=slug.upper(), name=f"Centre {slug}")
        make_user(f"{slug}-trainer", centre=centre)
        make_user(f"{slug}-admin", centre=centre, role=CentreRole.CENTRE_ADMIN)
    context = SeedContext(today=timezone.localdate(), demo_password="x")
    seed(context)
    counts = (Instructor.objects.count(), InstructorRequest.objects.count())
    seed(context)
    assert (Instructor.objects.count(), InstructorRequest.objects.count()) == counts
    titles = set(Instructor.objects.values_list("title", flat=True))
    assert {"MTT Protection of Civilians", "Gender adviser", "Mine-action instructor"} <= titles
    assert len(set(Instructor.objects.values_list("centre", flat=True))) >= 3
    assert all(offer.availability.exists() for offer in Instructor.objects.all())
    assert set(InstructorRequest.objects.values_list("status", flat=True)) == set(
        InstructorRequestStatus.values
    )
    assert context.counts == {"instructor offer": 4, "instructor request": 7}
    assert not OutboxMessage.objects.exists()
