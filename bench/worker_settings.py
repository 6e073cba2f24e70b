"""Settings of the Celery workers that bench/reminders.py starts: the project's, with the dispatcher run every
second and claiming 2 batches of 200 a run (a run that stops there queues the next behind them, so queued
rows do not outlive their lease while still waiting in Redis); a row lost with a killed worker is given
back after a minute."""

from liaison.settings import *  # noqa: F403

REMINDER_MAX_BATCHES = 2
REMINDER_QUEUE_LEASE_SECONDS = 60
REMINDER_SEND_LEASE_SECONDS = 10
CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,  # noqa: F405
    "send due reminders": {**CELERY_BEAT_SCHEDULE["send due reminders"], "schedule": 1.0},  # noqa: F405
}
