"""Thin tasks: load by id, return early when the work is done, call the code that does it."""

from celery import shared_task

from assessments.derivation import derive
from assessments.exports import export_run
from assessments.imports import DUTY_RECORDS
from assessments.models import ExportJob
from assessments.periods import year_period
from assessments.rules import year_is_frozen
from liaison.imports.services import import_job_run


@shared_task(name="assessments.export_workbook", acks_late=True, ignore_result=True)
def export_workbook_task(job_id):
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return
    export_run(job)


@shared_task(name="assessments.derive_duty_records", ignore_result=True)
def derive_duty_records_task(year=None):
    """Nightly: bring the duty records of the current year (and last year, until frozen) up to date."""
    from django.utils import timezone

    today = timezone.localdate()
    years = [year] if year else [today.year - 1, today.year]
    for each in years:
        if each != today.year and year_is_frozen(each):
            continue
        derive(year_period(each))


@shared_task(name="assessments.purge_exports", ignore_result=True)
def purge_exports_task():
    """Exported workbooks hold deputies' and voters' matters: keep them a week, then delete the files."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    keep_days = settings.ASSESSMENTS_EXPORT_KEEP_DAYS
    old = ExportJob.objects.filter(created_at__lt=timezone.now() - timedelta(days=keep_days))
    for job in old.iterator(chunk_size=200):
        if job.file:
            job.file.delete(save=False)
    return old.delete()[0]


@shared_task(name="assessments.import_duty_records", acks_late=True, ignore_result=True)
def import_duty_records(job_id):
    """A large workbook of past duty records, checked and written whole (liaison/imports/services.py)."""
    import_job_run(job_id, DUTY_RECORDS)
