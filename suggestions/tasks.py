"""Celery tasks: thin, harmless when run twice."""

from celery import shared_task

from suggestions.services.supervision import suggestions_remind_due


@shared_task(name="suggestions.remind_due", acks_late=True, ignore_result=True)
def remind_due_suggestions():
    """Daily: remind the units (and, when overdue, the committee staff) of near-due and overdue items.
    A second run the same day reminds nobody twice."""
    return len(suggestions_remind_due())
