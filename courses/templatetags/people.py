"""`{% load people %}`: how the pages name a member."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """`{{ event.actor|person }}`: the member's full name, else the username; "—" when there
    is nobody (an account deleted since: the request, event or file keeps its row)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
