"""The outbox's public API: any app plans, cancels or marks read a message for a person (REMINDERS.md)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from liaison.notifications.models import Delivery, Notification, NotificationPreference, ReminderRule

# --- Reminders: the public API of the outbox (REMINDERS.md) ----------------------------------------------


def user_phone(user):
    """Where an SMS for this user goes: the deputy record's phone for a deputy, else the account's."""
    deputy = getattr(user, "deputy", None) if user.is_deputy else None
    return (deputy.phone if deputy is not None else "") or user.phone


def notification_channels(user):
    """The channels a message to `user` goes out on, and whether e-mail and SMS wait for the daily digest."""
    preference = NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)
    channels = [Delivery.Channel.INBOX]
    if preference.email and user.email:
        channels.append(Delivery.Channel.EMAIL)
    if preference.sms and user_phone(user):
        channels.append(Delivery.Channel.SMS)
    return channels, preference.daily_digest


def reminder_kind_enabled(kind):
    rule = ReminderRule.objects.filter(kind=kind).only("enabled").first()
    return rule is None or rule.enabled


@transaction.atomic
def notification_schedule(*, user, kind, subject, body, due_at, url="", dedupe_key=None, about=None):
    """Put a message for `user` in the outbox, to go out at `due_at` (an aware datetime; a past time means
    "at the next dispatch", within a minute). Any app may call it; nothing is sent here.

    - It always reaches the in-app inbox (the bell), and also e-mail and SMS as the user chose in their
      preferences (a user who takes the daily digest gets e-mail/SMS in the next digest instead).
    - `kind` is a short code such as "activity_upcoming" or "suggestion_overdue". Staff can switch a kind
      off (ReminderRule); then nothing is planned and None is returned.
    - `subject` and `body` are the final text (already translated); `url` is a site path shown as a link.
    - `dedupe_key` makes the call idempotent: calling again with the same key re-plans the message while
      it is still pending (new text and due time) and never creates a second one; a message already sent
      is left as it is. Use keys such as "suggestions:overdue:<pk>:<date>".
    - `about` (any model instance) ties the message to what it is about, so that the app that planned it
      finds it again with `notifications_about` to re-plan or withdraw it.

    Call it inside your own transaction: the row commits with your change, and the dispatcher (Celery beat,
    every minute) sends it; a rolled-back change sends nothing. Returns the Notification."""
    if not user.is_active or not reminder_kind_enabled(kind):
        return None
    fields = {"kind": kind, "subject": subject[:200], "body": body, "url": url, "due_at": due_at}
    notification = None
    if dedupe_key:
        notification = Notification.objects.select_for_update().filter(dedupe_key=dedupe_key).first()
        if notification is None:
            try:
                with transaction.atomic():
                    notification = Notification.objects.create(
                        user=user, dedupe_key=dedupe_key, about=about, **fields
                    )
            except IntegrityError:
                notification = Notification.objects.select_for_update().get(dedupe_key=dedupe_key)
            else:
                _plan_deliveries(notification)
                return notification
        return _replan(notification, fields)
    notification = Notification.objects.create(user=user, about=about, **fields)
    _plan_deliveries(notification)
    return notification


def _plan_deliveries(notification):
    channels, digest = notification_channels(notification.user)
    Delivery.objects.bulk_create(
        Delivery(
            notification=notification,
            channel=channel,
            due_at=notification.due_at,
            in_digest=digest and channel != Delivery.Channel.INBOX,
        )
        for channel in channels
    )


def _replan(notification, fields):
    """A message with this key exists: change what has not gone out yet; leave what has."""
    deliveries = notification.deliveries.select_for_update()
    if (
        notification.inbox_at
        or deliveries.exclude(status__in=[Delivery.Status.PENDING, Delivery.Status.CANCELLED]).exists()
    ):
        return notification
    for name, value in fields.items():
        setattr(notification, name, value)
    notification.cancelled_at = None
    notification.save()
    deliveries.update(status=Delivery.Status.PENDING, due_at=notification.due_at, claim_token="")
    return notification


@transaction.atomic
def notification_cancel(*, dedupe_key=None, notification=None):
    """Withdraw a message that has not gone out yet (by key or instance). Returns True if something was
    withdrawn; a message already sent stays sent."""
    if notification is None:
        notification = Notification.objects.select_for_update().filter(dedupe_key=dedupe_key).first()
        if notification is None:
            return False
    withdrawn = notification.deliveries.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.QUEUED]
    ).update(status=Delivery.Status.CANCELLED, claim_token="")
    if withdrawn and not notification.inbox_at:
        notification.cancelled_at = timezone.now()
        notification.save(update_fields=["cancelled_at"])
    return bool(withdrawn)


@transaction.atomic
def notification_mark_read(*, user, notification=None):
    """Mark one message of the user's inbox read, or all of them."""
    unread = Notification.objects.filter(user=user, inbox_at__isnull=False, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())
