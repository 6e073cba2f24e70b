"""PIPL: the SMS backends' logs carry ids and masked numbers, never a full mobile number."""

import logging
import re

from liaison.notifications.gateways.base import Message, Outcome
from liaison.notifications.gateways.local import LoggingSms

MOBILE = re.compile(r"1[3-9]\d{9}")


def test_the_logging_sms_backend_masks_the_number(caplog):
    message = Message(reference="7", address="+8613812345678", kind="test", text="接待选民日提醒")
    with caplog.at_level(logging.INFO, logger="liaison.notifications.sms"):
        [result] = LoggingSms().send_batch([message])
    assert result.outcome == Outcome.SENT
    assert "138****5678" in caplog.text
    assert not MOBILE.search(caplog.text)


def test_a_login_code_is_logged_only_on_a_developers_machine(caplog, settings):
    message = Message(
        reference="8", address="+8613812345678", kind="login_code", text="验证码 123456", confidential=True
    )
    with caplog.at_level(logging.INFO, logger="liaison.notifications.sms"):
        settings.DEBUG = False
        LoggingSms().send_batch([message])
        assert "123456" not in caplog.text and "(confidential)" in caplog.text
        settings.DEBUG = True
        LoggingSms().send_batch([message])
    assert "123456" in caplog.text
