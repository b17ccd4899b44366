"""How a service holds the line of `courses.permissions` for whoever calls it.

Pages, the admin and the API ask the same permission first, to show or hide; the service asks
again, because a caller that forgot (a new view, an admin action, a script) must still be
refused. `by=None` is the system itself (management commands, the demo data, migrations'
helpers), which acts for no user and is not refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from ..exceptions import DomainError


def authorize(
    by: AbstractBaseUser | None,
    decision: Callable[..., bool],
    *args: Any,
    message: str,
) -> None:
    """Raise `DomainError(message)` unless `decision(by, *args)` allows `by` (None: the system)."""
    if by is not None and not decision(by, *args):
        raise DomainError(message)
