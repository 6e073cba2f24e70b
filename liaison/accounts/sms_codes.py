"""Six-digit codes sent by SMS to prove a phone number is one's own: the login code (login_codes.py) and a
voter's confirmation of a rating (liaison/activities/ratings.py). Each kind keeps its rows in its own table
(a subclass of SmsCode) and names its purpose; the mechanics are these, once.

A code works once, for LOGIN_CODE_VALID_SECONDS, and only the latest one of a number counts; it is refused
after LOGIN_CODE_MAX_TRIES wrong tries. Codes asked for are limited per number and per address
(LOGIN_CODE_PER_PHONE, LOGIN_CODE_PER_ADDRESS), counted on the rows themselves, so the limits hold across
processes and when the cache is down. Neither the number nor the code is kept in clear."""

import secrets
from datetime import timedelta
from math import ceil

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import ngettext

from liaison.accounts.models import secret_digest
from liaison.core.errors import ActionRefused

# Rows older than this are no use to any limit and are deleted by beat (CELERY_BEAT_SCHEDULE).
KEEP = timedelta(days=1)


def phone_digest(phone):
    return secret_digest("phone", phone)


def code_digest(purpose, digest, code):
    return secret_digest(purpose, f"{digest}:{code}")


def refuse_over(rows, limits, now):
    """Refuse when `rows` hold as many codes as a limit (most, seconds) allows in its window."""
    for most, seconds in limits:
        window = rows.filter(created_at__gt=now - timedelta(seconds=seconds)).order_by("-created_at")
        recent = list(window.values_list("created_at", flat=True)[:most])
        if len(recent) >= most:
            wait = ceil((recent[-1] + timedelta(seconds=seconds) - now).total_seconds() / 60)
            raise ActionRefused(
                ngettext(
                    "Too many codes were asked for. Try again in %(minutes)d minute.",
                    "Too many codes were asked for. Try again in %(minutes)d minutes.",
                    wait,
                )
                % {"minutes": wait}
            )


def code_issue(model, *, purpose, phone, address, **fields):
    """A new code for `phone` (E.164) kept as a row of `model` with `fields`: (row, code in clear, for the
    SMS only). Raises ActionRefused when a limit is reached."""
    now = timezone.now()
    digest = phone_digest(phone)
    code = f"{secrets.randbelow(10**6):06d}"
    # The row is written (and committed) before the limits are counted, each request counting the others'
    # rows: of two requests at the same moment, the later to count sees the earlier, so the limit cannot be
    # passed twice. A refused request's row is removed, so that refusals do not count.
    row = model.objects.create(
        phone_digest=digest,
        code_digest=code_digest(purpose, digest, code),
        address=address,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.LOGIN_CODE_VALID_SECONDS),
        **fields,
    )
    others = model.objects.exclude(pk=row.pk)
    try:
        refuse_over(others.filter(phone_digest=digest), settings.LOGIN_CODE_PER_PHONE, now)
        if address:
            refuse_over(others.filter(address=address), settings.LOGIN_CODE_PER_ADDRESS, now)
    except ActionRefused:
        row.delete()
        raise
    return row, code


@transaction.atomic
def code_use(rows, *, purpose, phone, code):
    """The latest row of `phone` among `rows` when `code` is its code, still valid, now used up; None
    otherwise. A wrong code counts against the row."""
    now = timezone.now()
    digest = phone_digest(phone)
    latest = (
        rows.select_for_update(of=("self",))
        .filter(phone_digest=digest)
        .order_by("-created_at", "-pk")
        .first()
    )
    if (
        latest is None
        or latest.used_at is not None
        or latest.expires_at <= now
        or latest.failed_attempts >= settings.LOGIN_CODE_MAX_TRIES
    ):
        return None
    if not constant_time_compare(latest.code_digest, code_digest(purpose, digest, code)):
        latest.failed_attempts += 1
        latest.save(update_fields=["failed_attempts"])
        return None
    latest.used_at = now
    latest.save(update_fields=["used_at"])
    return latest


def codes_purge(model):
    return model.objects.filter(created_at__lt=timezone.now() - KEEP).delete()[0]
