"""The reminder outbox's engine: claim due rows, send each once, record the result (REMINDERS.md).

States of a Delivery: pending → queued (claimed by a dispatcher, task published) → sending (claimed by the
worker that sends it) → sent | pending again (failed, retried later with backoff) | failed | uncertain (the
worker died mid-send: it may have gone out).
Every transition is a conditional UPDATE, so two workers, or one message delivered twice by the broker,
can never both move the same row: the second finds the row no longer in the state it expects and stops.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.notifications.kinds import render
from liaison.notifications.models import Delivery, Notification
from liaison.notifications.sms import sms_backend

logger = logging.getLogger("liaison.notifications.outbox")
INTERRUPTED = "interrupted while sending: it may have been sent; not sent again unless a person chooses to"
# A failed send is tried again after this many seconds, doubled after each failure (1, 2, 4, 8 minutes).
RETRY_SECONDS = 60


def claim_due(*, batch_size=None, now=None):
    """Claim up to batch_size due rows for this caller. Returns (token, ids): only this caller holds them.

    On PostgreSQL the rows are locked with SKIP LOCKED, so concurrent dispatchers take disjoint batches
    without waiting; on SQLite (one writer at a time) the conditional UPDATE alone decides."""
    now = now or timezone.now()
    token = secrets.token_hex(8)
    with transaction.atomic():
        due = Delivery.objects.filter(status=Delivery.Status.PENDING, in_digest=False, due_at__lte=now)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(
            due.order_by("due_at", "pk").values_list("pk", flat=True)[
                : batch_size or settings.REMINDER_BATCH_SIZE
            ]
        )
        if not ids:
            return token, []
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.QUEUED, claim_token=token, claimed_at=now
        )
    return token, list(
        Delivery.objects.filter(pk__in=ids, claim_token=token, status=Delivery.Status.QUEUED).values_list(
            "pk", flat=True
        )
    )


def release_stale(*, now=None):
    """Give back rows whose task was lost (e.g. Redis restarted empty) and flag rows whose worker died
    while sending ("may have been sent"). Returns (requeued, interrupted)."""
    now = now or timezone.now()
    requeued = Delivery.objects.filter(
        status=Delivery.Status.QUEUED,
        claimed_at__lt=now - timedelta(seconds=settings.REMINDER_QUEUE_LEASE_SECONDS),
    ).update(status=Delivery.Status.PENDING, claim_token="")
    interrupted = Delivery.objects.filter(
        status=Delivery.Status.SENDING,
        claimed_at__lt=now - timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS),
    ).update(
        status=Delivery.Status.UNCERTAIN,
        claim_token="",
        failure=Delivery.Failure.INTERRUPTED,
        last_error=INTERRUPTED,
    )
    if requeued or interrupted:
        logger.warning("outbox: %s rows given back, %s interrupted sends flagged", requeued, interrupted)
    return requeued, interrupted


def deliver(pk, token):
    """Send one claimed row. Safe to call again with the same arguments: only the first call sends."""
    now = timezone.now()
    delivery = Delivery.objects.select_related("notification").filter(pk=pk).first()
    if delivery is None:
        return "missing"
    if delivery.channel == Delivery.Channel.INBOX:
        # The inbox is our own database: claim and deliver in one transaction, so exactly once.
        with transaction.atomic():
            claimed = Delivery.objects.filter(pk=pk, status=Delivery.Status.QUEUED, claim_token=token).update(
                status=Delivery.Status.SENT, sent_at=now, attempts=F("attempts") + 1
            )
            if claimed:
                Notification.objects.filter(pk=delivery.notification_id, inbox_at__isnull=True).update(
                    inbox_at=now
                )
        return "sent" if claimed else "skipped"
    claimed = Delivery.objects.filter(pk=pk, status=Delivery.Status.QUEUED, claim_token=token).update(
        status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    delivery.refresh_from_db()
    mine = Delivery.objects.filter(pk=pk, status=Delivery.Status.SENDING, claim_token=token)
    try:
        _send(delivery)
    except Exception as error:  # any failure of a channel is recorded and retried, never raised
        logger.warning("outbox: delivery %s failed (attempt %s): %s", pk, delivery.attempts, error)
        if delivery.attempts >= settings.REMINDER_MAX_ATTEMPTS:
            mine.update(
                status=Delivery.Status.FAILED,
                claim_token="",
                failure=Delivery.Failure.EXHAUSTED,
                last_error=str(error)[:1000],
            )
            return "failed"
        backoff = RETRY_SECONDS * 2 ** (delivery.attempts - 1)
        mine.update(
            status=Delivery.Status.PENDING,
            claim_token="",
            due_at=timezone.now() + timedelta(seconds=backoff),
            last_error=str(error)[:1000],
        )
        return "retry"
    mine.update(status=Delivery.Status.SENT, sent_at=timezone.now(), claim_token="", last_error="")
    return "sent"


def _send(delivery):
    notification = delivery.notification
    link = (
        f"{settings.REMINDER_SITE_URL}{notification.url}"
        if notification.url.startswith("/")
        else notification.url
    )
    if delivery.channel == Delivery.Channel.EMAIL:
        body = f"{notification.body}\n\n{link}".strip()
        send_mail(notification.subject, body, settings.DEFAULT_FROM_EMAIL, [delivery.address])
    elif delivery.channel == Delivery.Channel.SMS:
        with translation.override(settings.LANGUAGE_CODE):
            text = _("[Liaison station] %(subject)s") % {"subject": notification.subject}
        if notification.body:
            text = f"{text} {notification.body}"
        sms_backend().send(phone=delivery.address, text=text[:300], reference=delivery.pk)
    else:
        raise ValueError(f"unknown channel {delivery.channel}")


def dispatch(publish):
    """One run of the dispatcher: give back stale rows, then claim due rows in batches and hand each to
    `publish(pk, token)` (a Celery task's delay, or deliver itself). Returns how many were handed out."""
    release_stale()
    handed = 0
    for _batch in range(settings.REMINDER_MAX_BATCHES):
        token, ids = claim_due()
        for pk in ids:
            publish(pk, token)
        handed += len(ids)
        if len(ids) < settings.REMINDER_BATCH_SIZE:
            break
    return handed


def digests_build(now=None):
    """Gather each recipient's e-mail and SMS rows that wait for the digest into one message per channel."""
    now = now or timezone.now()
    built = 0
    recipients = (
        Delivery.objects.filter(status=Delivery.Status.PENDING, in_digest=True, due_at__lte=now)
        .values_list("notification__recipient", flat=True)
        .distinct()
    )
    for recipient_id in list(recipients):
        with transaction.atomic():
            rows = Delivery.objects.filter(
                status=Delivery.Status.PENDING,
                in_digest=True,
                due_at__lte=now,
                notification__recipient=recipient_id,
            ).select_related("notification")
            if connection.features.has_select_for_update_skip_locked:
                rows = rows.select_for_update(skip_locked=True, of=("self",))
            rows = list(rows)
            if not rows:
                continue
            lines = sorted({row.notification.subject for row in rows})
            subject, body = render("digest", {"count": len(lines), "lines": lines})
            digest = Notification.objects.create(
                recipient_id=recipient_id,
                kind="digest",
                subject=subject,
                body=body,
                due_at=now,
                inbox_at=now,
                read_at=now,
            )
            # One row per channel, to the address the latest of its rows was planned for.
            addresses = {row.channel: row.address for row in sorted(rows, key=lambda row: row.pk)}
            for channel, address in sorted(addresses.items()):
                Delivery.objects.create(notification=digest, channel=channel, address=address, due_at=now)
            Delivery.objects.filter(pk__in=[row.pk for row in rows], status=Delivery.Status.PENDING).update(
                status=Delivery.Status.DIGESTED
            )
            built += 1
    return built
