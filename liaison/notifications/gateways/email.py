"""E-mail through Django's mail (SMTP in production, the console in development), one connection per batch."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from liaison.notifications.gateways.base import Outcome, Result, results_for


class Email:
    channel = "email"
    max_batch = 50

    def send_batch(self, messages):
        connection = get_connection()
        try:
            connection.open()
        except smtplib.SMTPAuthenticationError as error:
            return results_for(messages, Outcome.REFUSED, f"SMTP login refused: {error}")
        except (OSError, smtplib.SMTPException) as error:
            return results_for(messages, Outcome.RETRY, f"no SMTP connection: {error}")
        results = []
        try:
            for message in messages:
                results.append(self._send(connection, message))
        finally:
            connection.close()
        return results

    def _send(self, connection, message):
        mail = EmailMessage(
            message.params.get("subject", ""),
            message.text,
            settings.DEFAULT_FROM_EMAIL,
            [message.address],
            connection=connection,
        )
        try:
            mail.send()
        except smtplib.SMTPRecipientsRefused as error:
            return Result(message.reference, Outcome.INVALID_ADDRESS, error=str(error)[:1000])
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            outcome = Outcome.RETRY if 400 <= error.smtp_code < 500 else Outcome.REFUSED
            return Result(message.reference, outcome, error=str(error)[:1000])
        except TimeoutError as error:
            return Result(message.reference, Outcome.UNCERTAIN, error=str(error))
        except (OSError, smtplib.SMTPException) as error:
            return Result(message.reference, Outcome.RETRY, error=str(error)[:1000])
        return Result(message.reference, Outcome.SENT)

    def check(self):
        connection = get_connection()
        try:
            connection.open()
        except (OSError, smtplib.SMTPException) as error:
            return f"no SMTP connection: {error}"
        connection.close()
        return ""
