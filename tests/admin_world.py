"""A small world of two centres' objects for the admin tests: A's, B's, and between them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin
from django.db import models
from django.forms.models import model_to_dict
from django.urls import reverse

from courses.models import Centre, Course, Membership, Offering, SeatRequest

from .factories import make_course, make_offering


@dataclass
class World:
    course_a: Course
    offering_a: Offering
    course_b: Course
    offering_b: Offering
    # C asks B for seats: B's business, nothing of A's.
    request_c_to_b: SeatRequest
    # A asks B (A's outgoing) and B asks A (A's incoming).
    request_a_to_b: SeatRequest
    request_b_to_a: SeatRequest


def seat_request(offering: Offering, centre: Centre, **fields) -> SeatRequest:
    values = {"seats_requested": 2, "women_nominated": 1, "participant_profile": "2 captains"}
    values.update(fields)
    return SeatRequest.objects.create(offering=offering, requesting_centre=centre, **values)


def build_world(centre_a: Centre, centre_b: Centre, centre_c: Centre) -> World:
    course_a = make_course(centre_a, title="Protection of Civilians Course")
    course_b = make_course(centre_b, title="Bravo Military Observers Course")
    offering_a = make_offering(course_a)
    offering_b = make_offering(course_b)
    return World(
        course_a=course_a,
        offering_a=offering_a,
        course_b=course_b,
        offering_b=offering_b,
        request_c_to_b=seat_request(offering_b, centre_c),
        request_a_to_b=seat_request(offering_b, centre_a),
        request_b_to_a=seat_request(offering_a, centre_b),
    )


def admin_url(obj_or_model, view: str, *args) -> str:
    opts = obj_or_model._meta
    if view in ("change", "delete", "history") and not args:
        args = (obj_or_model.pk,)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def snapshot(obj: models.Model) -> dict | None:
    """The stored state of a row, or None when it is gone."""
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    if fresh is None:
        return None
    data = model_to_dict(fresh)
    return {key: value for key, value in data.items() if not isinstance(value, list)}


def model_admin(model: type[models.Model]) -> admin.ModelAdmin:
    return admin.site._registry[model]


def result_pks(response) -> set:
    return {obj.pk for obj in response.context["cl"].result_list}


__all__ = ["Membership", "World", "admin_url", "build_world", "model_admin", "snapshot"]
