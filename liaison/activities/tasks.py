"""Celery tasks of the activities: thin and harmless when run twice (REMINDERS.md)."""

from celery import shared_task

from liaison.activities.reminders import followups_plan


@shared_task(name="liaison.plan_followups", acks_late=True)
def plan_followups():
    return followups_plan()
