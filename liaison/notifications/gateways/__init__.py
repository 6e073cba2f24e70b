"""The gateways of the outbox, one per channel, chosen by configuration (README, Configuration; REMINDERS.md,
"Configuring the gateways"). The types they speak are in base.py."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from liaison.notifications.gateways.aliyun import AliyunSms
from liaison.notifications.gateways.base import Gateway, Message, NotSent, Outcome, Result
from liaison.notifications.gateways.email import Email
from liaison.notifications.gateways.local import FileSms, LoggingSms
from liaison.notifications.gateways.tencent import TencentSms
from liaison.notifications.gateways.wecom import WecomApp, WecomRobot

SMS_BACKENDS = {"logging": LoggingSms, "file": FileSms, "aliyun": AliyunSms, "tencent": TencentSms}
CHANNELS = {"email": Email, "wecom": WecomApp, "wecom_robot": WecomRobot}


def gateway_for(channel) -> Gateway:
    """The gateway of a channel ("sms", "email", "wecom", "wecom_robot") as the settings choose it now."""
    if channel == "sms":
        try:
            return SMS_BACKENDS[settings.SMS_BACKEND]()
        except KeyError:
            raise ImproperlyConfigured(
                f"SMS_BACKEND is {settings.SMS_BACKEND!r}; it takes one of {', '.join(SMS_BACKENDS)}"
            ) from None
    return CHANNELS[channel]()


def send_now(channel, message: Message) -> Result:
    """One message at once, outside the outbox: a login code, an activation link. The caller decides what a
    result other than SENT means for the person waiting."""
    return gateway_for(channel).send_batch([message])[0]


def account_sms_send_now(message):
    """Accounts' login codes and activation links (liaison/accounts/sms.py, which gets this function when the
    app starts): sent at once, confidential; raises NotSent when the gateway did not take it."""
    result = send_now(
        "sms",
        Message(
            reference=message.reference,
            address=message.phone,
            kind=message.kind,
            params=message.params,
            text=message.text,
            confidential=True,
        ),
    )
    if result.outcome != Outcome.SENT:
        raise NotSent(result.error or result.outcome)
