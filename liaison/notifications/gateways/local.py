"""The SMS backends that reach no provider: the log (the default, for `make run`) and a file (for the
worker tests and the bench, which read back what was "sent")."""

import logging
import os
import time

from django.conf import settings

from liaison.core.phones import mask_phone
from liaison.notifications.gateways.base import Outcome, results_for

logger = logging.getLogger("liaison.notifications.sms")


class LoggingSms:
    channel = "sms"
    max_batch = 1000

    def send_batch(self, messages):
        for message in messages:
            # Logs are read by many; the number is masked there (PIPL), the outbox row knows the recipient.
            # A login code or an activation link shows only on a developer's machine, where this log is
            # the phone.
            text = message.text if settings.DEBUG or not message.confidential else "(confidential)"
            logger.info("SMS %s to %s: %s", message.reference, mask_phone(message.address), text)
        return results_for(messages, Outcome.SENT)

    def check(self):
        return ""


class FileSms:
    """Appends one line per message, "reference<TAB>mobile<TAB>text", to the file SMS_FILE_PATH.

    Test instruments, read from the environment of the worker the test starts: SMS_FILE_BATCH messages per
    call (default 1, a gateway without batches), SMS_FILE_DELAY seconds of sleep per message after the
    batch is written (a slow gateway), SMS_FILE_FAIL refuses every message as an outage would."""

    channel = "sms"

    def __init__(self):
        self.path = os.environ["SMS_FILE_PATH"]
        self.max_batch = int(os.environ.get("SMS_FILE_BATCH") or 1)
        self.delay = float(os.environ.get("SMS_FILE_DELAY") or 0)

    def send_batch(self, messages):
        if os.environ.get("SMS_FILE_FAIL"):
            return results_for(messages, Outcome.RETRY, "the test gateway refuses every message")
        with open(self.path, "a", encoding="utf-8") as out:
            for message in messages:
                out.write(f"{message.reference}\t{message.address}\t{message.text.replace(chr(10), ' ')}\n")
            out.flush()
            os.fsync(out.fileno())
        if self.delay:
            time.sleep(self.delay * len(messages))
        return results_for(messages, Outcome.SENT)

    def check(self):
        return (
            "" if os.path.isdir(os.path.dirname(os.path.abspath(self.path))) else f"no folder for {self.path}"
        )
