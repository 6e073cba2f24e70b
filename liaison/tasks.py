"""Celery tasks: thin, by id, harmless when run twice (REMINDERS.md)."""

from celery import shared_task

from liaison import outbox


@shared_task(name="liaison.send_delivery", acks_late=True, reject_on_worker_lost=True)
def send_delivery(pk, token):
    return outbox.deliver(pk, token)


@shared_task(name="liaison.dispatch_reminders", acks_late=True, ignore_result=True)
def dispatch_reminders():
    return outbox.dispatch(lambda pk, token: send_delivery.delay(pk, token))


@shared_task(name="liaison.send_digests", acks_late=True)
def send_digests():
    from liaison.reminders import digests_build

    return digests_build()


@shared_task(name="liaison.plan_followups", acks_late=True)
def plan_followups():
    from liaison.reminders import followups_plan

    return followups_plan()


@shared_task(name="liaison.refresh_staff_dashboard", ignore_result=True)
def refresh_staff_dashboard():
    from liaison.dashboards import staff_dashboard_refresh

    return staff_dashboard_refresh()
