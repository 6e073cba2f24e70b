"""Celery tasks of the activities: thin and harmless when run twice (REMINDERS.md)."""

from celery import shared_task

from liaison.activities.imports import ACTIVITIES
from liaison.activities.models import Notice
from liaison.activities.notices import notice_send, notices_send_due
from liaison.activities.ratings import rating_codes_purge
from liaison.activities.reminders import followups_plan
from liaison.imports.services import import_job_run


@shared_task(name="liaison.plan_followups", acks_late=True)
def plan_followups():
    return followups_plan()


@shared_task(name="activities.send_notice", acks_late=True)
def send_notice(pk):
    notice = Notice.objects.filter(pk=pk, status=Notice.Status.SCHEDULED).first()
    if notice is not None:
        notice_send(notice=notice)


@shared_task(name="activities.send_due_notices", acks_late=True)
def send_due_notices():
    return notices_send_due()


@shared_task(name="activities.import_activities", acks_late=True, ignore_result=True)
def import_activities(job_id):
    """A large workbook of past activities, checked and written whole (liaison/imports/services.py)."""
    import_job_run(job_id, ACTIVITIES)


@shared_task(name="activities.purge_rating_codes", ignore_result=True)
def purge_rating_codes():
    return rating_codes_purge()
