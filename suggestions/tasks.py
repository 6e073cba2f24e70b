"""Celery tasks: thin, harmless when run twice."""

from celery import shared_task

from liaison.imports.services import import_job_run
from suggestions.imports import SUGGESTIONS
from suggestions.services.supervision import suggestions_remind_due


@shared_task(name="suggestions.remind_due", acks_late=True, ignore_result=True)
def remind_due_suggestions():
    """Daily: remind the units (and, when overdue, the committee staff) of near-due and overdue items.
    A second run the same day reminds nobody twice."""
    return len(suggestions_remind_due())


@shared_task(name="suggestions.import_suggestions", acks_late=True, ignore_result=True)
def import_suggestions(job_id):
    """A large workbook of past suggestions, checked and written whole (liaison/imports/services.py)."""
    import_job_run(job_id, SUGGESTIONS)
