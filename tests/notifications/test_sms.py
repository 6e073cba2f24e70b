"""PIPL: the SMS backends' logs carry ids and masked numbers, never a full mobile number."""

import logging
import re

from liaison.notifications.sms import LoggingSmsBackend

MOBILE = re.compile(r"1[3-9]\d{9}")


def test_the_logging_sms_backend_masks_the_number(caplog):
    with caplog.at_level(logging.INFO, logger="liaison.notifications.sms"):
        LoggingSmsBackend().send(phone="+8613812345678", text="接待选民日提醒", reference=7)
    assert "138****5678" in caplog.text
    assert not MOBILE.search(caplog.text)
