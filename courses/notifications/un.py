"""Notices of the UN's side of the catalog: a host centre is reminded before its course's UN
recognition expires (6 months and 1 month before), so it can apply for renewal in time."""

from __future__ import annotations

from django.conf import settings

from ..models import Course
from .outbox import enqueue_email
from .recipients import centre_audience


def notify_un_recognition_expiring(course: Course, *, months: int) -> None:
    """Tell the host centre that the UN recognition of `course` expires in `months` months."""
    enqueue_email(
        topic="un_recognition_expiring",
        template="un_recognition_expiring",
        context={
            "course": course,
            "centre": course.centre,
            "months": months,
            "expiry_date": course.un_expiry_date,
            "link": f"{settings.SITE_URL}{course.get_absolute_url()}",
        },
        recipients=centre_audience(course.centre),
    )
