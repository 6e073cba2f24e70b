"""PIPL: logs carry ids and masked numbers, never a full mobile number."""

import logging
import re

from django.conf import settings

from liaison.notifications.sms import LoggingSmsBackend

MOBILE = re.compile(r"1[3-9]\d{9}")


def test_the_logging_sms_backend_masks_the_number(caplog):
    with caplog.at_level(logging.INFO, logger="liaison.notifications.sms"):
        LoggingSmsBackend().send(phone="+8613812345678", text="接待选民日提醒", reference=7)
    assert "138****5678" in caplog.text
    assert not MOBILE.search(caplog.text)


def test_every_periodic_job_is_a_registered_task():
    from liaison.celery import app

    app.loader.import_default_modules()
    for name, job in settings.CELERY_BEAT_SCHEDULE.items():
        assert job["task"] in app.tasks, name
