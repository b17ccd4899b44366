"""A short-lived cache of the catalog's derived numbers (facet counts, result counts) and pages.

Counting courses per theme, centre or language costs tens of milliseconds per facet, and most
visitors ask for the same few filter combinations. The counts and rendered pages are kept in
Django's cache (`CACHE_URL`: Redis shared by every app server in production, the process's own
memory by default) for `CATALOG_CACHE_SECONDS`, under keys that include two versions:

- the database's catalog version (`courses_catalog_state.version`), which triggers move on
  every committed write of a course, offering, link, centre, theme or language, whatever wrote
  it (services, admin, raw SQL, a migration, another server). Read once per page (`one_version`);
- a token in the cache that the services replace at once on each write (`catalog_changed`),
  so that the writer's next page is fresh even before its transaction commits.

A write therefore invalidates every process's copies at once, on one server or many, even with
per-process caches.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

T = TypeVar("T")

VERSION_KEY = "apcn:catalog:version"


def database_version() -> tuple[str, str, datetime.date | None]:
    """The catalog version the database's triggers keep, its reference version (which only
    centres, themes and languages move) and the catalog's day (the day the daily job last moved
    each course's next run to), in one short query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT version, reference_version, day FROM courses_catalog_state WHERE id = 1"
            )
            row = cursor.fetchone()
    except DatabaseError:  # a database not migrated yet: nothing is cached for long anyway
        return ("none", "none", None)
    if not row:
        return ("0", "0", None)
    day = row[2]
    if isinstance(day, str):  # SQLite
        day = datetime.date.fromisoformat(day)
    return (str(row[0]), str(row[1]), day)


# The versions read for the request being answered (filled on first use), so that a page's
# several cached parts cost one query between them.
_request_versions: ContextVar[dict | None] = ContextVar("apcn_catalog_versions", default=None)


@contextmanager
def one_version() -> Iterator[dict]:
    """Inside this block the database's catalog versions are read once, when first needed;
    gives the block's memo (what `fill` left to write is under "fills")."""
    memo: dict = {}
    token = _request_versions.set(memo)
    try:
        yield memo
    finally:
        _request_versions.reset(token)


class CatalogVersionMiddleware:
    """Answers each request inside `one_version()`; costs nothing when nothing is cached.

    What the request computed for the cache (`fill`) is written once its answer has been sent,
    one round trip per lifetime, when the server closes the response (as a WSGI server must,
    after the last byte): the visitor does not wait for those writes (the counts, rows and page
    of a cold search page: three round trips, 2.9 ms, measured on the benchmark's catalog). A
    write that fails then loses only the copies, as a full cache would, not the answer."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        with one_version() as memo:
            response = self.get_response(request)
        if fills := memo.get("fills"):
            # The hook Django's own FileResponse uses: called by `close()`, errors ignored.
            response._resource_closers.append(partial(_write, fills))
        return response


def fill(values: dict[str, object], timeout: int | None) -> None:
    """Put `values` (computed from the catalog) in the cache for `timeout` seconds: at once
    outside a request, else after its answer is sent (`CatalogVersionMiddleware`). The request
    itself reads what it computed from its own memo, not from the cache."""
    if not values:
        return
    memo = _request_versions.get()
    if memo is None:
        cache.set_many(values, timeout)
        return
    memo.setdefault("fills", {}).setdefault(timeout, {}).update(values)


def _write(fills: dict[int | None, dict[str, object]]) -> None:
    for timeout, values in fills.items():
        cache.set_many(values, timeout)


def _versions() -> tuple[str, str, datetime.date | None]:
    memo = _request_versions.get()
    if memo is None:
        return database_version()
    if "versions" not in memo:
        memo["versions"] = database_version()
    return memo["versions"]


def reference_version() -> str:
    """The version of the catalog's centres, themes and languages (moved by their writes)."""
    return _versions()[1]


def catalog_day() -> datetime.date | None:
    """The day the stored next runs count from (`refresh_next_offerings` moves it daily)."""
    return _versions()[2]


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
    token = uuid.uuid4().hex
    cache.set(VERSION_KEY, token, None)
    memo = _request_versions.get()
    if memo is not None:  # this request's later keys follow its own write
        memo["token"] = token


def _token() -> str:
    """The cache's token, read once per request (like the database's versions)."""
    memo = _request_versions.get()
    if memo is not None and "token" in memo:
        return memo["token"]
    token = cache.get(VERSION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        # add(): two processes starting at once agree on one token.
        if not cache.add(VERSION_KEY, token, None):
            token = cache.get(VERSION_KEY) or token
    if memo is not None:
        memo["token"] = token
    return token


def _version() -> str:
    return f"{_token()}.{_versions()[0]}"


def cache_key(parts: tuple[object, ...], *, reference: bool = False) -> str:
    """A cache key for `parts` that changes with every write to the catalog; with
    `reference`, only with every write of a centre, theme or language."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    if reference:
        return f"apcn:reference:{_versions()[1]}:{digest}"
    return f"apcn:catalog:{_version()}:{digest}"


def cache_seconds() -> int:
    return _timeout()


def cached(parts: tuple[object, ...], compute: Callable[[], T], *, reference: bool = False) -> T:
    """`compute()`, or its value kept from an earlier call with the same `parts` and no write
    to the catalog since (with `reference`: to its centres, themes and languages). `parts`
    must name everything the value depends on."""
    key = cache_key(parts, reference=reference)
    # Asked again in the same request (a search's words by each facet's count, the facets' rows
    # by the filters and the facets), the value is not read from the cache again. Callers do
    # not change what they are given.
    memo = _request_versions.get()
    kept = memo.setdefault("values", {}) if memo is not None else {}
    if key in kept:
        return kept[key]
    value = cache.get(key)
    if value is None:
        value = compute()
        fill({key: value}, _timeout())
    kept[key] = value
    return value


def sql_of(queryset: QuerySet) -> str:
    """The SQL of `queryset` with its parameters: what a cached count depends on (the viewer's
    scope, every filter, today's date)."""
    try:
        return str(queryset.query)
    except EmptyResultSet:
        return "empty"
