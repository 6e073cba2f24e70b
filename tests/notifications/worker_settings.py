"""Settings of the Celery workers that tests/notifications/test_reminder_worker.py starts: the project's, with the
dispatcher's developer knobs shortened so that a lost or interrupted row comes back within seconds."""

from liaison.settings import *  # noqa: F403

REMINDER_QUEUE_LEASE_SECONDS = 3
REMINDER_SEND_LEASE_SECONDS = 4
REMINDER_BATCH_SIZE = 10
CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,  # noqa: F405
    "send due reminders": {**CELERY_BEAT_SCHEDULE["send due reminders"], "schedule": 1.0},  # noqa: F405
}
