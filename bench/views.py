"""The throughput baseline: a minimal Django view doing one indexed query.

Routed only when APCN_BENCH=1 (see apcn/urls.py), so production never exposes it.
"""

from __future__ import annotations

import random

from django.http import HttpRequest, HttpResponse

from courses.models import Course

_id_range: tuple[int, int] | None = None


def minimal(request: HttpRequest) -> HttpResponse:
    global _id_range
    if _id_range is None:
        first = Course.objects.order_by("pk").values_list("pk", flat=True).first() or 0
        last = Course.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        _id_range = (first, last)
    pk = random.randint(*_id_range)  # noqa: S311 - picks a row, not a secret
    title = Course.objects.filter(pk=pk).values_list("title", flat=True).first()
    return HttpResponse(title or "-", content_type="text/plain")
