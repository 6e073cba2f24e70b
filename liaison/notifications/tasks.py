"""Celery tasks of the outbox: thin, by id, harmless when run twice (REMINDERS.md). The task names are
those of the earlier layout, so messages already queued still find their task."""

from celery import shared_task

from liaison.notifications import outbox


@shared_task(name="liaison.send_delivery", acks_late=True, reject_on_worker_lost=True)
def send_delivery(pk, token):
    return outbox.deliver(pk, token)


@shared_task(name="liaison.dispatch_reminders", acks_late=True, ignore_result=True)
def dispatch_reminders():
    return outbox.dispatch(lambda pk, token: send_delivery.delay(pk, token))


@shared_task(name="liaison.send_digests", acks_late=True)
def send_digests():
    return outbox.digests_build()
