"""A short-lived cache of the catalog's derived numbers (facet counts, result counts) and pages.

Counting courses per theme, centre or language over 100k courses costs tens of milliseconds
per facet, and most visitors ask for the same few filter combinations. The counts are kept in
Django's cache for `CATALOG_CACHE_SECONDS` under a version token; every write that can change
what the catalog lists (a course, an offering, an approved seat, a centre) calls
`catalog_changed()`, which replaces the token, so the next page counts afresh.

The catalog page also keeps its rendered filters and results the same way (keyed by the query
string, the viewer's scope and the day), so a repeated page costs no query at all.

The cache is the process's own unless `CACHES` names a shared one (Redis, Memcached): with
several server processes and a local-memory cache, another process may show a page or counts up
to `CATALOG_CACHE_SECONDS` old after a write.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import QuerySet

T = TypeVar("T")

VERSION_KEY = "apcn:catalog:version"


def _timeout() -> int:
    return getattr(settings, "CATALOG_CACHE_SECONDS", 60)


def catalog_changed() -> None:
    """Forget every cached catalog count. Called by the services after each catalog write.

    The token is replaced at once (so the writer's next page is fresh even inside a test's
    transaction) and again after the commit (so a page counted by another request between the
    write and its commit, which still saw the old rows, is not kept).
    """
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add(): two processes starting at once agree on one token.
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return version


def cache_key(parts: tuple[object, ...]) -> str:
    """A cache key for `parts` that changes with every write to the catalog."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"apcn:catalog:{_version()}:{digest}"


def cache_seconds() -> int:
    return _timeout()


def cached(parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or its value kept from an earlier call with the same `parts` and no write
    to the catalog since. `parts` must name everything the value depends on."""
    key = cache_key(parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, _timeout())
    return value


def sql_of(queryset: QuerySet) -> str:
    """The SQL of `queryset` with its parameters: what a cached count depends on (the viewer's
    scope, every filter, today's date)."""
    try:
        return str(queryset.query)
    except EmptyResultSet:
        return "empty"
