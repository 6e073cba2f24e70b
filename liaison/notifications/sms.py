"""SMS backends. No gateway is reachable from this deployment, so the default only logs.

A real gateway plugs in here: write a class with `send(self, *, phone, text, reference)` that calls the
provider's API (Aliyun SMS, Tencent Cloud SMS, a carrier's CMPP gateway...) and raises on any failure, then
point the SMS_BACKEND environment variable at it. `reference` is the outbox row's id: pass it to the
provider as its client-side message id where it has one, so the provider can drop a repeated submission.
"""

import logging
import os
import time

from django.conf import settings
from django.utils.module_loading import import_string

from liaison.core.phones import mask_phone

logger = logging.getLogger("liaison.notifications.sms")


class LoggingSmsBackend:
    def send(self, *, phone, text, reference):
        # Logs are read by many; the number is masked there (PIPL), the outbox row knows the recipient.
        logger.info("SMS %s to %s: %s", reference, mask_phone(phone), text)


class FileSmsBackend:
    """Appends one line per message to the file SMS_FILE_PATH (for the worker tests and for demos);
    SMS_FILE_DELAY seconds of sleep after each write imitates a slow gateway."""

    def send(self, *, phone, text, reference):
        path = os.environ["SMS_FILE_PATH"]
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{reference}\t{phone}\t{text.replace(chr(10), ' ')}\n")
            out.flush()
            os.fsync(out.fileno())
        delay = float(os.environ.get("SMS_FILE_DELAY", "0") or 0)
        if delay:
            time.sleep(delay)
        if os.environ.get("SMS_FILE_FAIL"):
            raise ConnectionError("the test gateway refuses every message")


def sms_backend():
    return import_string(settings.SMS_BACKEND)()


def account_sms_send_now(message):
    """Accounts' login codes and activation links (liaison/accounts/sms.py), sent at once by the backend."""
    sms_backend().send(phone=message.phone, text=message.text, reference=message.reference)
