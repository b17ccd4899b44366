"""The shared cache's Redis backend (`apcn.cache`), against the machine's real Redis."""

from __future__ import annotations

import os
import uuid

import pytest

from apcn.cache import RedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


@pytest.fixture
def redis_cache() -> RedisCache:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    return RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_the_backend_keeps_one_client_and_stores_what_it_is_given(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache._cache.get_client(write=False) is redis_cache._cache.get_client()

    redis_cache.set_many({"a": "<li>row a</li>", "b": {"count": 3}}, 30)
    assert redis_cache.get_many(["a", "b", "missing"]) == {
        "a": "<li>row a</li>",
        "b": {"count": 3},
    }
    assert redis_cache.add("a", "other") is False
    redis_cache.delete_many(["a", "b"])
    assert redis_cache.get_many(["a", "b"]) == {}


def test_settings_use_the_backend_for_a_redis_cache_url(monkeypatch):
    import importlib

    import apcn.settings

    monkeypatch.setenv("CACHE_URL", REDIS_URL)
    try:
        settings = importlib.reload(apcn.settings)
        assert settings.CACHES["default"]["BACKEND"] == "apcn.cache.RedisCache"
    finally:
        monkeypatch.delenv("CACHE_URL")
        importlib.reload(apcn.settings)


def _cache_for(monkeypatch, database_url: str):
    """The shared cache as the settings build it for an app server on `database_url`."""
    import importlib

    import apcn.settings
    from apcn.cache import RedisCache

    try:
        with monkeypatch.context() as env:
            env.setenv("CACHE_URL", REDIS_URL)
            env.setenv("DATABASE_URL", database_url)
            env.delenv("CACHE_KEY_PREFIX", raising=False)
            params = dict(importlib.reload(apcn.settings).CACHES["default"])
    finally:
        importlib.reload(apcn.settings)  # as the environment was
    return RedisCache(params.pop("LOCATION"), params)


def test_two_databases_sharing_one_redis_do_not_read_each_others_entries(redis_cache, monkeypatch):
    # Two catalogs' rows may have the same key (course 7 at version 1 in both): each database's
    # keys are its own.
    name = f"catalog_{uuid.uuid4().hex[:8]}"
    first = _cache_for(monkeypatch, f"postgres://app@db.example:5432/{name}")
    other = _cache_for(monkeypatch, f"postgres://app@db.example:5432/{name}_copy")
    again = _cache_for(monkeypatch, f"postgres://app@db.example:5432/{name}")
    first.set("apcn:row:7:same-key", "<li>course 7 of the first catalog</li>", 30)
    try:
        assert other.get("apcn:row:7:same-key") is None
        assert again.get("apcn:row:7:same-key") == "<li>course 7 of the first catalog</li>"
    finally:
        first.delete("apcn:row:7:same-key")
