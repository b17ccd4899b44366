"""How the product names a member, on pages, in the admin, in the API and in messages."""

from __future__ import annotations

from typing import Any


def person_name(user: Any) -> str | None:
    """The member's full name, else the username; None for nobody (a move the system made, or
    an account deleted since: requests and events keep their rows, `SET_NULL`)."""
    if user is None:
        return None
    return user.get_full_name() or user.get_username()
