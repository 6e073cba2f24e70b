"""Abuse limits of the public opinion form, kept in Django's cache (Redis in production): a count per
address and per phone over a window, and a short lock on each text so a double post makes one opinion.
No outside captcha service: the product runs on intranets (DOMAIN.md)."""

import hashlib

from django.conf import settings
from django.core.cache import cache

PREFIX = "voters:public"


def limits():
    return {
        "address": settings.PUBLIC_OPINION_PER_ADDRESS,
        "phone": settings.PUBLIC_OPINION_PER_PHONE,
        # Tracking codes cannot be guessed in practice; this keeps anyone from trying at scale.
        "lookup": settings.PUBLIC_TRACKING_PER_ADDRESS,
        "duplicate_seconds": settings.PUBLIC_OPINION_DUPLICATE_SECONDS,
    }


def _key(kind, value):
    digest = hashlib.sha256(str(value).encode()).hexdigest()[:32]  # no phone number in the cache's keys
    return f"{PREFIX}:{kind}:{digest}"


def over_limit(kind, value):
    """True when `value` (an address or a phone) has already used up its submissions for the window."""
    if not value:
        return False
    limit, _window = limits()[kind]
    return (cache.get(_key(kind, value)) or 0) >= limit


def count(kind, value):
    if not value:
        return
    _limit, window = limits()[kind]
    key = _key(kind, value)
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)


def claim_text(digest):
    """Claim a text for the duplicate window; False when the same text was just claimed.

    When the cache is down, add() answers False for everything: a claim that cannot be read back is
    taken as granted, and the database check of recent texts remains the guard."""
    key = _key("text", digest)
    if cache.add(key, 1, limits()["duplicate_seconds"]):
        return True
    return cache.get(key) is None
