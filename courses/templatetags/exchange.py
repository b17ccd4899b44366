"""Buttons of the seat exchange for other pages (course page, catalog): who sees which is
decided by courses.permissions, not by the template."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser

from ..models import Course, Offering
from ..permissions import centre_of, may_edit_course, shows_request_button
from ..services.exchange import offering_refusal

register = template.Library()


def _user(context: template.Context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user") or AnonymousUser()


@register.inclusion_tag("courses/exchange/_offering_actions.html", takes_context=True)
def offering_actions(context: template.Context, offering: Offering) -> dict:
    """ "Request seats" for members of other centres, "Edit" for the offering's own centre."""
    user = _user(context)
    # A full offering still takes requests (for its waitlist); a closed one does not.
    refusal = offering_refusal(offering=offering, centre=centre_of(user))
    may_request = shows_request_button(user, offering, refusal=refusal)
    return {
        "offering": offering,
        "may_edit": may_edit_course(user, offering.course),
        "may_request": may_request,
        "full": offering.partner_seats_open == 0,
    }


@register.inclusion_tag("courses/exchange/_course_actions.html", takes_context=True)
def course_actions(context: template.Context, course: Course) -> dict:
    """ "Edit" and "Add offering" for members of the course's centre."""
    return {"course": course, "may_edit": may_edit_course(_user(context), course)}
