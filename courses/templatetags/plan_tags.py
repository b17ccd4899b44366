"""Small formatting filters for the training plan and the participation report."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.254 → "25%"; None → a dash (nothing to divide by is not zero)."""
    if value is None:
        return "\u2013"
    return f"{value * 100:.0f}%"


@register.filter
def heat(value: int, maximum: int) -> int:
    """A shade step 0 to 4 for a cell of the exchange matrix, relative to its largest cell."""
    if not value or not maximum:
        return 0
    return max(1, min(4, round(4 * value / maximum)))
