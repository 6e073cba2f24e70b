"""What every gateway speaks: a Message to one address on one channel, the Result the provider gave for it,
and the Gateway that sends a batch of them (REMINDERS.md, "Configuring the gateways").

A gateway never raises for what a provider answers: each message gets its Result, so the outbox records
each row and never sends one twice. Only a bug in our code raises."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from django.conf import settings

# Seconds to wait for a connection to a provider (nothing sent yet: safe to retry); for its answer, the
# setting GATEWAY_READ_TIMEOUT_SECONDS.
CONNECT_TIMEOUT = 5


class Outcome(StrEnum):
    SENT = "sent"  # the provider took it
    RETRY = "retry"  # not taken (outage, rate limit, 5xx, no connection): safe to send again later
    INVALID_ADDRESS = "invalid_address"  # the number, member id or e-mail does not exist
    REFUSED = "refused"  # template, signature, credentials or configuration: sending again will not help
    # The request went out and no answer came back (read timeout): it may have been sent, so it is not sent
    # again unless a person chooses to.
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class Message:
    """One message on one channel to one address."""

    reference: str  # our Delivery pk, given to the provider as its client-side id where it has one
    address: str  # mobile (E.164) / member id / e-mail / a group robot's key
    kind: str  # the kind of message, which selects the SMS template
    params: dict[str, str] = field(default_factory=dict)  # the template's parameters, each within the limit
    text: str = ""  # the whole text, for channels with free text (WeChat Work, e-mail, the logging backend)
    # The text holds a secret (a login code, an activation link): never written to a log in production.
    confidential: bool = False


@dataclass(frozen=True)
class Result:
    reference: str
    outcome: Outcome
    provider_id: str = ""  # BizId, SerialNo, msgid
    error: str = ""  # the provider's code and message, for the row and the status page


class Gateway(Protocol):
    channel: str
    max_batch: int  # messages per send_batch call the provider takes

    def send_batch(self, messages: list[Message]) -> list[Result]:
        """One Result per message, in any order, matched by reference."""

    def check(self) -> str:
        """Test the connection with the configured credentials: "" when it works, else what is wrong."""


class NotSent(Exception):
    """A message sent at once (send_now) that the gateway did not take; its Result says why."""


def results_for(messages, outcome, error="", provider_id=""):
    return [Result(message.reference, outcome, provider_id, error[:1000]) for message in messages]


def sms_template(kind):
    """(template code, [parameter names]) for a kind of message, or None when none is configured."""
    return settings.SMS_TEMPLATES.get(kind) or settings.SMS_TEMPLATES.get("*")


def sms_templated(messages):
    """What an SMS provider is asked to send: (refusals, [(message, template code, parameter names)]), a
    message of a kind with no template (and no "*") being refused."""
    refused, templated = [], []
    for message in messages:
        template = sms_template(message.kind)
        if template is None:
            refused.append(
                Result(message.reference, Outcome.REFUSED, error=f"no template for {message.kind}")
            )
        else:
            templated.append((message, *template))
    return refused, templated


def sms_param_limit():
    """The longest value an SMS template parameter takes: a notice's text is cut to it (the notice form
    says so)."""
    return settings.SMS_PARAM_MAX_LENGTH


def cut(text, limit):
    """One line of at most `limit` characters, an ellipsis where it was cut."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def endpoint_parts(url):
    """("https", "host:port") of an endpoint setting written as a URL (tests point it at 127.0.0.1)."""
    scheme, _sep, host = url.partition("://")
    return (scheme, host.rstrip("/")) if host else ("https", scheme.rstrip("/"))


def network_outcome(error_text):
    """A request that got no answer: a read timeout means it went out and may have been taken (uncertain);
    anything else (refused, reset, no route, a connect timeout) means it was not."""
    text = error_text.lower()
    return Outcome.UNCERTAIN if "read timed out" in text or "readtimeout" in text else Outcome.RETRY
