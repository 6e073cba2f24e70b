"""Celery tasks: thin, harmless when run twice."""

from celery import shared_task

from voters import services


@shared_task(name="voters.remind_overdue", acks_late=True, ignore_result=True)
def remind_overdue_opinions():
    """Daily: tell each officer how many opinions of their stations wait past their answer date."""
    return len(services.opinions_remind_overdue())


@shared_task(
    name="voters.send_tracking_code",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=30,
    max_retries=5,
)
def send_tracking_code(opinion_id):
    """Text the voter their opinion's tracking code (the SMS gateway may be slow or down: retried)."""
    return services.opinion_send_tracking_code(opinion_id=opinion_id)
