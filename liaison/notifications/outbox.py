"""The reminder outbox's engine: claim due rows, send each once in batches through the channel's gateway,
record each row's result (REMINDERS.md).

States of a Delivery: pending → queued (claimed by a dispatcher, one task per batch published) → sending
(claimed by the worker, right before the provider call it goes in) → sent | pending again (not taken,
retried later with backoff) | failed (for good: then the next channel is planned) | uncertain (the worker
died mid-send, or the provider never answered: it may have gone out).
Every transition is a conditional UPDATE, so two workers, or one message delivered twice by the broker,
can never both move the same row: the second finds the row no longer in the state it expects and stops.
"""

import logging
import secrets
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.notifications.gateways import gateway_for
from liaison.notifications.gateways.base import Message, Outcome, Result, cut, sms_param_limit
from liaison.notifications.gateways.status import status_record
from liaison.notifications.kinds import kind_params, render
from liaison.notifications.models import Delivery, Notification
from liaison.notifications.services import delivery_fall_back

logger = logging.getLogger("liaison.notifications.outbox")
INTERRUPTED = "interrupted while sending: it may have been sent; not sent again unless a person chooses to"
UNANSWERED = "sent, and no answer came back: it may have arrived; not sent again unless a person chooses to"
# A failed send is tried again after this many seconds, doubled after each failure (1, 2, 4, 8 minutes).
RETRY_SECONDS = 60
# What a provider's answer means for the row that failed for good.
FAILURES = {
    Outcome.INVALID_ADDRESS: Delivery.Failure.INVALID_ADDRESS,
    Outcome.REFUSED: Delivery.Failure.REFUSED,
}


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


def deliver(ids, token):
    """Send the rows of one claimed batch. Safe to call again with the same arguments: only the first call
    sends. Returns how many rows went each way, e.g. {"sent": 98, "retry": 2}."""
    counts = Counter()
    queued = Delivery.objects.filter(pk__in=list(ids), status=Delivery.Status.QUEUED, claim_token=token)
    by_channel = {}
    for pk, channel in queued.order_by("pk").values_list("pk", "channel"):
        by_channel.setdefault(channel, []).append(pk)
    counts["skipped"] = len(set(ids)) - sum(len(pks) for pks in by_channel.values())
    if Delivery.Channel.INBOX in by_channel:
        counts["sent"] += _deliver_inbox(by_channel.pop(Delivery.Channel.INBOX), token)
    for channel, pks in by_channel.items():
        gateway = gateway_for(channel)
        for start in range(0, len(pks), gateway.max_batch):
            counts.update(_send_chunk(gateway, pks[start : start + gateway.max_batch], token))
    return {outcome: count for outcome, count in counts.items() if count}


def _deliver_inbox(pks, token):
    """The inbox is our own database: claim and deliver in one transaction, so exactly once."""
    now = timezone.now()
    mine = secrets.token_hex(8)
    with transaction.atomic():
        claimed = Delivery.objects.filter(
            pk__in=pks, status=Delivery.Status.QUEUED, claim_token=token
        ).update(status=Delivery.Status.SENT, sent_at=now, claim_token=mine, attempts=F("attempts") + 1)
        if claimed:
            mine_now = Delivery.objects.filter(pk__in=pks, claim_token=mine)
            delivered = mine_now.values("notification_id")
            Notification.objects.filter(pk__in=delivered, inbox_at__isnull=True).update(inbox_at=now)
            mine_now.update(claim_token="")
    return claimed


def _send_chunk(gateway, pks, token):
    """Claim the rows of one provider call for this sender, send them, record each row's result. The rows
    are claimed right before the call, so the send lease counts from the call, not from the batch."""
    mine = secrets.token_hex(8)
    Delivery.objects.filter(pk__in=pks, status=Delivery.Status.QUEUED, claim_token=token).update(
        status=Delivery.Status.SENDING,
        claim_token=mine,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    rows = list(
        Delivery.objects.filter(pk__in=pks, claim_token=mine, status=Delivery.Status.SENDING)
        .select_related("notification__recipient")
        # What each message is about, in one query per kind of record: the kinds' SMS parameters read it.
        .prefetch_related("notification__about")
        .order_by("pk")
    )
    if not rows:
        return Counter(skipped=len(pks))
    results = gateway.send_batch([message_for(row, gateway.channel) for row in rows])
    status_record(gateway.channel, results)
    counts = _record(rows, results, mine)
    counts["skipped"] += len(pks) - len(rows)
    return counts


def _record(rows, results, token):
    """Write each row's result; only rows still held by this sender change (see release_stale)."""
    now = timezone.now()
    mine = Delivery.objects.filter(status=Delivery.Status.SENDING, claim_token=token)
    by_reference = {result.reference: result for result in results}
    missing = Result("", Outcome.UNCERTAIN, error="the gateway gave no result for this message")
    counts, sent, retry, failed, uncertain = Counter(), {}, {}, [], {}
    for row in rows:
        result = by_reference.get(str(row.pk), missing)
        if result.outcome == Outcome.SENT:
            sent[row.pk] = result.provider_id
        elif result.outcome == Outcome.RETRY and row.attempts < settings.REMINDER_MAX_ATTEMPTS:
            retry.setdefault((row.attempts, result.error), []).append(row.pk)
        elif result.outcome == Outcome.UNCERTAIN:
            uncertain.setdefault(result.error, []).append(row.pk)
        else:
            failed.append((row, FAILURES.get(result.outcome, Delivery.Failure.EXHAUSTED), result.error))
    if sent:
        provider_ids = set(sent.values())
        provider_id = (
            Value(provider_ids.pop())
            if len(provider_ids) == 1
            else Case(*(When(pk=pk, then=Value(value)) for pk, value in sent.items()))
        )
        counts["sent"] = mine.filter(pk__in=sent).update(
            status=Delivery.Status.SENT, sent_at=now, claim_token="", last_error="", provider_id=provider_id
        )
    for (attempts, error), pks in retry.items():
        # Backoff: 1, 2, 4, 8 minutes... after the 1st, 2nd, 3rd, 4th failure.
        counts["retry"] += mine.filter(pk__in=pks).update(
            status=Delivery.Status.PENDING,
            claim_token="",
            due_at=now + timedelta(seconds=RETRY_SECONDS * 2 ** (attempts - 1)),
            last_error=error[:1000],
        )
    for error, pks in uncertain.items():
        counts["uncertain"] += mine.filter(pk__in=pks).update(
            status=Delivery.Status.UNCERTAIN,
            claim_token="",
            failure=Delivery.Failure.INTERRUPTED,
            last_error=f"{UNANSWERED}: {error}"[:1000],
        )
    for row, failure, error in failed:
        if mine.filter(pk=row.pk).update(
            status=Delivery.Status.FAILED, claim_token="", failure=failure, last_error=error[:1000]
        ):
            counts["failed"] += 1
            delivery_fall_back(row)
    for outcome in ("retry", "uncertain", "failed"):
        if counts[outcome]:
            logger.warning("outbox: %s %s rows: %s", counts[outcome], outcome, _first_error(results))
    return counts


def _first_error(results):
    return next((result.error for result in results if result.error), "")


def message_for(delivery, channel):
    """The Message of one row: the texts of its notification, the SMS template's parameters within the
    provider's limit, and the link on this site."""
    notification = delivery.notification
    link = (
        f"{settings.REMINDER_SITE_URL}{notification.url}"
        if notification.url.startswith("/")
        else notification.url
    )
    limit = sms_param_limit()
    params = {
        "subject": notification.subject,
        "body": notification.body,
        "name": notification.recipient.name,
        **kind_params(notification),
    }
    params = {name: cut(value, limit) for name, value in params.items()}
    # Links are never cut: a template takes them whole or not at all.
    params.update(link=link, path=notification.url)
    if channel == Delivery.Channel.EMAIL:
        params["subject"] = notification.subject
        text = f"{notification.body}\n\n{link}".strip()
    else:
        with translation.override(settings.LANGUAGE_CODE):
            header = _("[Liaison station] %(subject)s") % {"subject": notification.subject}
        text = "\n".join(part for part in (header, notification.body, link) if part)
    return Message(
        reference=str(delivery.pk), address=delivery.address, kind=notification.kind, params=params, text=text
    )


def dispatch(publish, again=None):
    """One run of the dispatcher: give back stale rows, then claim due rows in batches and hand each batch
    to `publish(ids, token)` (a Celery task's delay, or deliver itself). When it stopped at
    REMINDER_MAX_BATCHES with rows still due, it calls `again()` (the task queues another run behind the
    batches it handed out, so a backlog drains at the pace the workers send). Returns how many rows were
    handed out."""
    release_stale()
    handed = 0
    for _batch in range(settings.REMINDER_MAX_BATCHES):
        token, ids = claim_due()
        if ids:
            publish(ids, token)
        handed += len(ids)
        if len(ids) < settings.REMINDER_BATCH_SIZE:
            return handed
    if again is not None:
        again()
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
