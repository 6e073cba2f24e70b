"""Abuse limits of the public opinion form: a count per address and per phone over a window, kept in the
database (PublicFormHit) so that neither a cache outage nor a Redis restart lifts them; a count of tracking
look-ups per address and a short lock on each text (a double post makes one opinion), kept in Django's cache
(Redis in production), where a page that only reads writes no table and the database check of recent texts
backs the lock. No outside captcha service: the product runs on intranets (DOMAIN.md)."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from voters.models import PublicFormHit

logger = logging.getLogger(__name__)
PREFIX = "voters:public"
STORED_KINDS = {"address", "phone"}


def limits():
    return {
        "address": settings.PUBLIC_OPINION_PER_ADDRESS,
        "phone": settings.PUBLIC_OPINION_PER_PHONE,
        # Tracking codes cannot be guessed in practice; this keeps anyone from trying at scale.
        "lookup": settings.PUBLIC_TRACKING_PER_ADDRESS,
        "duplicate_seconds": settings.PUBLIC_OPINION_DUPLICATE_SECONDS,
    }


def _digest(value):
    return hashlib.sha256(str(value).encode()).hexdigest()[:32]  # no phone number in keys or rows


def _key(kind, value):
    return f"{PREFIX}:{kind}:{_digest(value)}"


def _used(kind, value, window):
    if kind in STORED_KINDS:
        since = timezone.now() - timedelta(seconds=window)
        return PublicFormHit.objects.filter(kind=kind, digest=_digest(value), at__gte=since).count()
    return cache.get(_key(kind, value)) or 0


def over_limit(kind, value):
    """True when `value` (an address, a phone) has already used up its submissions or look-ups for the window."""
    if not value:
        return False
    limit, window = limits()[kind]
    if _used(kind, value, window) < limit:
        return False
    logger.warning("public request refused: the limit per %s (%s in %ss) is reached", kind, limit, window)
    return True


def count(kind, value):
    if not value:
        return
    _limit, window = limits()[kind]
    if kind in STORED_KINDS:
        now = timezone.now()
        PublicFormHit.objects.filter(kind=kind, at__lt=now - timedelta(seconds=window)).delete()
        PublicFormHit.objects.create(kind=kind, digest=_digest(value), at=now)
        return
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
