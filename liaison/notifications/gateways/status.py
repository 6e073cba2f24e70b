"""What staff see of each channel's gateway on the status page: how it is configured, how its last sends
went, and a test of the connection. Kept in the cache (Redis in production, shared by the workers that send
and the web that shows it)."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from liaison.notifications.gateways import gateway_for
from liaison.notifications.gateways.base import Outcome, sms_param_limit

CHANNELS = ["sms", "wecom", "email"]
KEPT_SECONDS = 30 * 24 * 3600


def _key(channel, what):
    return f"gateways:{channel}:{what}"


def status_record(channel, results):
    """After each provider call: when it last took a message, and the last thing it did not take."""
    now = timezone.now()
    if any(result.outcome == Outcome.SENT for result in results):
        cache.set(_key(channel, "sent"), now, KEPT_SECONDS)
    failed = next((result for result in results if result.outcome != Outcome.SENT), None)
    if failed is not None:
        record = {"at": now, "outcome": str(failed.outcome), "error": failed.error[:300]}
        cache.set(_key(channel, "error"), record, KEPT_SECONDS)


def _provider(channel):
    if channel == "sms":
        return settings.SMS_BACKEND
    if channel == "email":
        return settings.EMAIL_BACKEND.rsplit(".", 2)[-2]  # smtp, console, locmem
    return "wecom"


def status_of(channel):
    """The channel's provider, what its configuration lacks, and what the cache remembers."""
    try:
        missing = getattr(gateway_for(channel), "missing", [])
    except ImproperlyConfigured as error:
        missing = [str(error)]
    status = {
        "channel": channel,
        "provider": _provider(channel),
        "missing": missing,
        "sent_at": cache.get(_key(channel, "sent")),
        "error": cache.get(_key(channel, "error")),
        "check": cache.get(_key(channel, "check")),
    }
    if channel == "sms":
        status["templates"] = sorted(settings.SMS_TEMPLATES.items())
        status["param_limit"] = sms_param_limit()
        status["receipts"] = bool(settings.SMS_RECEIPT_TOKEN)
    return status


def status_check(channel):
    """Test the connection with the configured credentials now; "" when it works, else what is wrong."""
    try:
        error = gateway_for(channel).check()
    except Exception as failure:  # whatever goes wrong is shown to staff as a line, never as a traceback
        error = f"{type(failure).__name__}: {failure}"
    cache.set(_key(channel, "check"), {"at": timezone.now(), "error": error[:300]}, KEPT_SECONDS)
    return error
