"""Celery tasks: thin, harmless when run twice."""

from celery import shared_task

from liaison.imports.services import import_job_run
from voters.imports import OPINIONS
from voters.services.messages import opinion_send_tracking_code, opinions_remind_overdue
from voters.services.retention import voters_anonymise_expired


@shared_task(name="voters.remind_overdue", acks_late=True, ignore_result=True)
def remind_overdue_opinions():
    """Daily: tell each officer how many opinions of their stations wait past their answer date."""
    return len(opinions_remind_overdue())


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
    return opinion_send_tracking_code(opinion_id=opinion_id)


@shared_task(name="voters.anonymise_expired", acks_late=True, ignore_result=True)
def anonymise_expired():
    """Nightly: erase voters' personal data of cases past the retention period (voters/services/retention.py)."""
    result = voters_anonymise_expired()
    return {"opinions": result.opinions, "voters": result.voters}


@shared_task(name="voters.import_opinions", acks_late=True, ignore_result=True)
def import_opinions(job_id):
    """A large workbook of past opinions, checked and written whole (liaison/imports/services.py)."""
    import_job_run(job_id, OPINIONS)
