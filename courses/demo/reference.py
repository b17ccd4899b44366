"""Demo part: the themes and languages of `courses.reference` (the migration loads them too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..services import reference_data_sync

if TYPE_CHECKING:
    from . import SeedContext


def seed(context: SeedContext) -> None:
    for what, n in reference_data_sync().items():
        if n:
            context.count(what, n)
