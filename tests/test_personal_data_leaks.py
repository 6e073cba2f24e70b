"""PIPL: logs, e-mails and Celery task arguments carry ids, never a voter's or a deputy's mobile number.

The demo street is built (a year of opinions, visits, suggestions, reminders), every queued task is
recorded instead of sent, every reminder due is delivered through the real outbox, and everything that
left the application is scanned for an 11-digit mobile number."""

import io
import logging
import re

import pytest
from celery.app.task import Task
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from liaison.notifications import outbox
from liaison.notifications.models import Delivery
from liaison.notifications.tasks import dispatch_reminders

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.mark.django_db
def test_nothing_that_leaves_the_application_carries_a_mobile_number(
    settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "logging"
    queued = []
    monkeypatch.setattr(
        Task,
        "apply_async",
        lambda task, args=None, kwargs=None, **options: queued.append((task.name, args, kwargs)),
    )
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        call_command("demo_data", stdout=io.StringIO())
        # Send now what the street would send over the coming weeks.
        Delivery.objects.filter(status=Delivery.Status.PENDING).update(due_at=timezone.now())
        dispatch_reminders()  # the beat job: it queues one send task per batch of due reminders
        sends = [args for name, args, _kwargs in queued if name == "liaison.send_deliveries"]
        for args in sends:
            outbox.deliver(*args)
    assert sends, "the demo should leave reminders due, or this test checks nothing"
    assert "liaison.notifications.sms" in caplog.text or mail.outbox, "no reminder went out by SMS or mail"
    assert not MOBILE.findall(caplog.text)
    for message in mail.outbox:
        assert not MOBILE.findall(f"{message.subject}\n{message.body}"), message.subject
    for name, args, kwargs in queued:
        assert not MOBILE.findall(repr((args, kwargs))), name
