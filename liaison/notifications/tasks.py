"""Celery tasks of the outbox: thin, by id, harmless when run twice (REMINDERS.md). The names of the
earlier layout stay, so messages already queued still find their task."""

from celery import shared_task

from liaison.notifications import outbox, receipts


@shared_task(name="liaison.send_deliveries", acks_late=True, reject_on_worker_lost=True)
def send_deliveries(ids, token):
    return outbox.deliver(ids, token)


@shared_task(name="liaison.send_delivery", acks_late=True, reject_on_worker_lost=True)
def send_delivery(pk, token):
    """One row, as the dispatcher published them before it sent in batches."""
    return outbox.deliver([pk], token)


@shared_task(name="liaison.dispatch_reminders", acks_late=True, ignore_result=True)
def dispatch_reminders():
    return outbox.dispatch(
        lambda ids, token: send_deliveries.delay(ids, token), again=lambda: dispatch_reminders.delay()
    )


@shared_task(name="liaison.send_digests", acks_late=True)
def send_digests():
    return outbox.digests_build()


@shared_task(name="notifications.pull_sms_receipts", acks_late=True, ignore_result=True)
def pull_sms_receipts():
    """Tencent hands out its delivery receipts when asked (receipts.py); other providers push theirs."""
    return receipts.tencent_pull()
