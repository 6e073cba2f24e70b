"""Is the queue (the Celery broker) and the cache reachable? Staff and officers are told when it is not:
reminders then wait in the database and go out when the queue is back (liaison/REMINDERS.md), and the
site keeps answering (liaison/cache.py, liaison/queue.py).

Checked cheaply: one ping of at most TIMEOUT_SECONDS, its answer remembered in the process for
CACHE_SECONDS (not in the cache: the cache is the thing that may be down)."""

import logging
import threading
import time

from django.conf import settings

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_memo = {}  # (urls) -> (checked at, reachable)
# A page waits at most TIMEOUT_SECONDS per Redis for the banner, once per CACHE_SECONDS in each process.
CACHE_SECONDS = 30
TIMEOUT_SECONDS = 0.3


def _redis_urls():
    urls = []
    broker = settings.CELERY_BROKER_URL or ""
    if broker.startswith(("redis://", "rediss://")):
        urls.append(broker)
    cache = settings.CACHES.get("default", {})
    if "redis" in cache.get("BACKEND", "").lower():
        location = cache.get("LOCATION")
        urls.extend(location if isinstance(location, list | tuple) else [location])
    return tuple(dict.fromkeys(url for url in urls if url))


def _ping(url, timeout):
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        return bool(client.ping())
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as error:
        logger.warning("queue or cache unreachable: %s", error.__class__.__name__)
        return False
    finally:
        client.close()


def queue_reachable():
    """True when every Redis the site uses (broker, cache) answers; True when it uses none."""
    urls = _redis_urls()
    if not urls:
        return True
    now = time.monotonic()
    with _lock:
        checked = _memo.get(urls)
        if checked is not None and now - checked[0] < CACHE_SECONDS:
            return checked[1]
    reachable = all(_ping(url, TIMEOUT_SECONDS) for url in urls)
    with _lock:
        _memo[urls] = (time.monotonic(), reachable)
    return reachable


def queue_banner(request):
    """Context processor: `queue_down` for committee staff, administrators and officers (whose reminders
    depend on the queue); the public and other roles are never told, nor is anything checked for them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not (user.is_committee_staff or user.is_officer):
        return {}
    return {"queue_down": not queue_reachable()}
