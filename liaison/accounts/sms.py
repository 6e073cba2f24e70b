"""How accounts send their two SMS, the login code and the activation link, at once and outside the outbox.

The SMS gateways are the notifications room's, which sits above accounts (README, Layout): accounts may not
import it, and the deputies' roster, which creates accounts, must not reach it either. So the notifications
app hands accounts its sender when it starts (liaison/notifications/apps.py), as domain apps hand it their
kinds. A message names its `kind` and template `params` beside the whole `text`, for gateways that send
approved templates rather than free text."""

import logging
from dataclasses import dataclass

from liaison.core.phones import mask_phone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AccountSms:
    reference: str  # e.g. "login-code-12": the provider's client-side id where it has one
    phone: str  # E.164
    kind: str  # "login_code" or "account_activation"
    params: dict
    text: str


_sender = None


def account_sms_sender_register(send):
    """Called once by the notifications app: `send(message)` sends an AccountSms now, raising on failure."""
    global _sender
    _sender = send


def account_sms_send(message):
    """Send now; whether it went. A gateway's failure is logged (number masked, never the text, which
    holds the code or the link) and answered False, for the page to say so."""
    if _sender is None:
        raise RuntimeError("no SMS sender registered: liaison.notifications registers one when it starts")
    try:
        _sender(message)
    except Exception as error:  # whatever the gateway raised: the page says the SMS did not go
        # The error's type only: a gateway's message may quote what it was sent.
        logger.warning(
            "SMS %s to %s could not be sent: %s",
            message.reference,
            mask_phone(message.phone),
            type(error).__name__,
        )
        return False
    return True
