"""The shared cache's backend: Django's Redis cache, keeping one client per connection pool.

Django's `RedisCacheClient` builds a new `redis.Redis` for every cache call, and each one
fills a table of some two hundred reply handlers: about 0.1 ms a call, paid twenty-odd times
by a catalog page. A `redis.Redis` is safe to share between threads (each command takes a
connection from the pool), so one per pool is kept instead.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
