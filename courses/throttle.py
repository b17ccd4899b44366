"""Counting attempts in the cache, for actions that send something or cost something.

A counter lives for its window from the first attempt; it is shared by every app server when the
cache is (CACHE_URL), and per process otherwise, which still caps a single client.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(scope: str, value: str) -> str:
    # Hashed: addresses and e-mail addresses stay out of the cache's key space (and its logs),
    # and any value fits a memcached/Redis key.
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    return f"throttle:{scope}:{digest}"


def hit(scope: str, value: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `value` in `scope`; False once `limit` attempts were counted.

    The refused attempt is not counted, so a client that keeps trying is not punished beyond
    the window that began with its first attempt.
    """
    key = _key(scope, value)
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        # The counter expired between add() and incr(): this attempt opens a new window.
        cache.add(key, 1, timeout=window_seconds)
        return True
    if count > limit:
        cache.decr(key)
        return False
    return True


def would_allow(scope: str, value: str, *, limit: int) -> bool:
    """Whether one more attempt for `value` in `scope` is still within `limit` (counts nothing)."""
    return (cache.get(_key(scope, value)) or 0) < limit
