"""A Redis cache that degrades to a miss when Redis is down, so pages keep working (the cache only
speeds things up and throttles forms; nothing in it is the only copy)."""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


def _tolerant(method, fallback):
    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNAVAILABLE as error:
            logger.warning("cache unavailable, %s skipped: %s", method.__name__, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    return wrapped


class ResilientRedisCache(RedisCache):
    get = _tolerant(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _tolerant(RedisCache.get_many, {})
    has_key = _tolerant(RedisCache.has_key, False)
    set = _tolerant(RedisCache.set, None)
    set_many = _tolerant(RedisCache.set_many, [])
    add = _tolerant(RedisCache.add, False)
    touch = _tolerant(RedisCache.touch, False)
    delete = _tolerant(RedisCache.delete, False)
    delete_many = _tolerant(RedisCache.delete_many, None)
    clear = _tolerant(RedisCache.clear, False)
    # incr on a missing key raises ValueError like any backend; callers of counters handle that already.
    incr = _tolerant(RedisCache.incr, lambda key, delta=1, version=None: delta)
