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
