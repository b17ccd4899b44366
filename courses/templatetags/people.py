"""`{% load people %}`: how the pages name a member."""

from __future__ import annotations

from django import template

from ..people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    """`{{ event.actor|person }}`: the member's full name, else the username; "—" when there
    is nobody (an account deleted since: the request, event or file keeps its row)."""
    return person_name(user) or "—"
