"""Celery tasks: thin, harmless when run twice."""

from celery import shared_task

from voters import services


@shared_task(name="voters.remind_overdue", acks_late=True, ignore_result=True)
def remind_overdue_opinions():
    """Daily: tell each officer how many opinions of their stations wait past their answer date."""
    return len(services.opinions_remind_overdue())
