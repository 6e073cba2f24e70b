"""E-mail through Django's SMTP backend against a local SMTP server (providers.FakeSmtp)."""

from email import message_from_bytes
from email.policy import default

import pytest

from liaison.notifications.gateways import gateway_for
from liaison.notifications.gateways.base import Message, Outcome
from liaison.notifications.gateways.status import status_check
from tests.notifications.providers import FakeSmtp


@pytest.fixture
def smtp(settings):
    with FakeSmtp(mailboxes={"chen@example.org", "li@example.org"}) as fake:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", fake.port
        yield fake


def _message(n, address):
    return Message(
        str(n), address, "activity_upcoming", {"subject": "明天接待选民"}, "上午九点\n\nhttp://x/a/1/"
    )


def test_each_message_on_one_connection_and_unknown_mailboxes_fail_alone(smtp):
    results = gateway_for("email").send_batch(
        [_message(1, "chen@example.org"), _message(2, "nobody@example.org"), _message(3, "li@example.org")]
    )
    assert [result.outcome for result in results] == [Outcome.SENT, Outcome.INVALID_ADDRESS, Outcome.SENT]
    assert [recipients for recipients, _text in smtp.sent] == [["chen@example.org"], ["li@example.org"]]
    mail = message_from_bytes(smtp.sent[0][1].encode("utf-8"), policy=default)
    assert mail["Subject"] == "明天接待选民"
    assert "上午九点" in mail.get_content() and "http://x/a/1/" in mail.get_content()


def test_no_server_is_retried_later_and_reported(smtp, settings):
    settings.EMAIL_PORT = 1  # nothing listens there
    [result] = gateway_for("email").send_batch([_message(1, "chen@example.org")])
    assert result.outcome == Outcome.RETRY and "no SMTP connection" in result.error
    assert "no SMTP connection" in status_check("email")
    settings.EMAIL_PORT = smtp.port
    assert status_check("email") == ""
