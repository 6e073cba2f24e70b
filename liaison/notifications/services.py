"""The outbox's public API: any app finds the recipient of a person, and plans, cancels or marks read a
message for them (REMINDERS.md)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import ActionRefused
from liaison.core.phones import mainland_mobile
from liaison.models import User
from liaison.notifications.kinds import rule_for
from liaison.notifications.models import Delivery, Notification, Recipient

# --- Recipients: the people the outbox reaches -----------------------------------------------------------


@dataclass(frozen=True)
class PersonOnRecord:
    """A person of a domain app (a deputy) as the outbox needs them: the record, its account if any, and
    the addresses on record now."""

    person: models.Model
    user: User | None
    name: str
    mobile: str = ""
    email: str = ""
    wecom_userid: str = ""
    wecom_robot_key: str = ""  # for a group (a station's deputies): its WeChat Work robot


ADDRESS_FIELDS = ["name", "mobile", "email", "wecom_userid", "wecom_robot_key"]
PREFERENCE_FIELDS = ["by_wecom", "by_sms", "by_email", "daily_digest", "quiet_hours"]


def _refresh(recipient, values):
    """Write the addresses on record onto the recipient, saving only when something changed. A new
    address is worth trying: the person leaves the officers' list of those to phone."""
    values = {**values, "mobile": mainland_mobile(values["mobile"])}
    changed = [name for name, value in values.items() if getattr(recipient, name) != value]
    for name in changed:
        setattr(recipient, name, values[name])
    if recipient.unreachable_since and set(changed) - {"name"}:
        recipient.unreachable_since = None
        changed.append("unreachable_since")
    if recipient.pk is None:
        recipient.save()
    elif changed:
        recipient.save(update_fields=changed)
    return recipient


@transaction.atomic
def recipient_of_user(user):
    """The recipient of an account, made on first need. One that is no domain person takes its addresses
    from the account; a person's (a deputy's) come from the domain record when its app plans."""
    recipient = Recipient.objects.select_for_update().filter(user=user).first()
    if recipient is None:
        recipient, _created = Recipient.objects.get_or_create(user=user)
    if recipient.person_type_id is not None:
        return recipient
    return _refresh(
        recipient,
        {
            "name": str(user)[:50],
            "mobile": user.phone,
            "email": user.email,
            "wecom_userid": "",
            "wecom_robot_key": "",
        },
    )


@transaction.atomic
def recipients_of_people(people):
    """{person pk: Recipient} for PersonOnRecord entries of one model, found or made, with the addresses
    and the account on record now. A recipient the account already had (made for the inbox before the
    person was known) becomes the person's, with its messages."""
    people = list(people)
    if not people:
        return {}
    person_type = ContentType.objects.get_for_model(people[0].person)
    known = {
        recipient.person_id: recipient
        for recipient in Recipient.objects.select_for_update().filter(
            person_type=person_type, person_id__in=[entry.person.pk for entry in people]
        )
    }
    by_user = {
        recipient.user_id: recipient
        for recipient in Recipient.objects.select_for_update().filter(
            user__in=[entry.user.pk for entry in people if entry.user is not None]
        )
    }
    found = {}
    for entry in people:
        user_id = entry.user.pk if entry.user is not None else None
        recipient = known.get(entry.person.pk)
        holder = by_user.get(user_id) if user_id else None
        if recipient is None and holder is not None and holder.person_type_id is None:
            recipient, holder = holder, None
            recipient.person_type, recipient.person_id = person_type, entry.person.pk
            recipient.save(update_fields=["person_type", "person_id"])
        recipient = recipient or Recipient(person_type=person_type, person_id=entry.person.pk)
        if holder is not None and holder != recipient:
            _give_account(holder, recipient)
        moved = recipient.user_id != user_id
        recipient.user = entry.user  # also spares a query for the account when planning
        if moved and recipient.pk is not None:
            recipient.save(update_fields=["user"])
        values = {name: getattr(entry, name) or "" for name in ADDRESS_FIELDS}
        found[entry.person.pk] = _refresh(recipient, values)
    return found


def _give_account(holder, recipient):
    """The account now belongs to another person's recipient: a holder that was only the account's hands
    over its messages and the choices made through the account, and goes; one that is another person
    keeps its messages and loses the account."""
    if holder.person_type_id is None:
        for name in PREFERENCE_FIELDS:
            setattr(recipient, name, getattr(holder, name))
        recipient.save()
        holder.notifications.update(recipient=recipient)
        holder.delete()
    else:
        holder.user = None
        holder.save(update_fields=["user"])


def recipient_addresses(recipient):
    """The external channels this recipient can be reached on, each with its address: those with an
    address on record that the person has not switched off."""
    offered = {
        Delivery.Channel.WECOM: recipient.wecom_userid if recipient.by_wecom else "",
        Delivery.Channel.WECOM_ROBOT: recipient.wecom_robot_key if recipient.by_wecom else "",
        Delivery.Channel.SMS: recipient.mobile if recipient.by_sms else "",
        Delivery.Channel.EMAIL: recipient.email if recipient.by_email else "",
    }
    return {channel: address for channel, address in offered.items() if address}


def has_inbox(recipient):
    return recipient.user_id is not None and recipient.user.is_active


@transaction.atomic
def recipient_set_preferences(*, recipient, **preferences):
    """The person (or an officer for them) chooses how they are reached; a channel switched back on is
    worth trying, so they leave the list of those to phone."""
    unknown = set(preferences) - set(PREFERENCE_FIELDS)
    if unknown:
        raise TypeError(f"not a preference: {', '.join(sorted(unknown))}")
    for name, value in preferences.items():
        setattr(recipient, name, value)
    recipient.unreachable_since = None
    recipient.save(update_fields=[*preferences, "unreachable_since"])
    return recipient


@transaction.atomic
def recipient_reached(*, recipient):
    """An officer reached the person another way (a phone call): off the list of those to phone."""
    return Recipient.objects.filter(pk=recipient.pk).update(unreachable_since=None)


def _mark_unreachable(recipient):
    """No channel reached them: unreachable from now, or still since the last mark if nothing reached
    them in between."""
    reached_since = Delivery.objects.filter(
        notification__recipient=OuterRef("pk"),
        status=Delivery.Status.SENT,
        sent_at__gte=OuterRef("unreachable_since"),
    ).exclude(channel=Delivery.Channel.INBOX)
    Recipient.objects.filter(pk=recipient.pk).filter(
        Q(unreachable_since__isnull=True) | Exists(reached_since)
    ).update(unreachable_since=timezone.now())


def sms_time(recipient, due_at, happens_at=None):
    """When an SMS due at `due_at` may go out: then, or when the recipient's quiet hours end
    (REMINDER_QUIET_START to REMINDER_QUIET_END, local time), unless what it is about happens sooner."""
    if not recipient.quiet_hours:
        return due_at
    local = timezone.localtime(due_at)
    start, end = settings.REMINDER_QUIET_START, settings.REMINDER_QUIET_END
    quiet = (local.hour >= start or local.hour < end) if start > end else start <= local.hour < end
    if not quiet:
        return due_at
    ends = timezone.make_aware(datetime.combine(local.date(), time(end)))
    if ends <= local:
        ends += timedelta(days=1)
    if happens_at is not None and happens_at < ends:
        return due_at
    return ends


# --- Reminders: the public API of the outbox (REMINDERS.md) ----------------------------------------------


@transaction.atomic
def notification_schedule(
    *,
    kind,
    subject,
    body,
    due_at,
    recipient=None,
    user=None,
    url="",
    dedupe_key=None,
    about=None,
    happens_at=None,
):
    """Put a message for `recipient` (or for the account `user`, through its recipient) in the outbox, to
    go out at `due_at` (an aware datetime; a past time means "at the next dispatch", within a minute). Any
    app may call it; nothing is sent here.

    - It reaches the in-app inbox (the bell) when the recipient has an account, and one external channel:
      the first of the kind's order (ReminderRule.channels, else REMINDER_CHANNELS) that the recipient has
      an address for and has not switched off. When that row fails for good the next one is planned
      (`delivery_fall_back`); with none left, or none at all, the recipient is marked unreachable for the
      officers to phone. One who takes the daily digest gets the external message in the next digest.
      A recipient whose account is disabled and who is no domain person gets nothing.
    - `happens_at` is when what it is about takes place (an activity's start): an SMS due in the
      recipient's quiet hours waits until they end, unless this comes sooner.
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
    if recipient is None:
        if not user.is_active:
            return None
        recipient = recipient_of_user(user)
    if recipient.person_type_id is None and recipient.user_id and not recipient.user.is_active:
        return None
    rule = rule_for(kind)
    if not rule.enabled:
        return None
    fields = {
        "kind": kind,
        "subject": subject[:200],
        "body": body,
        "url": url,
        "due_at": due_at,
        "happens_at": happens_at,
    }
    notification = None
    if dedupe_key:
        notification = Notification.objects.select_for_update().filter(dedupe_key=dedupe_key).first()
        if notification is None:
            try:
                with transaction.atomic():
                    notification = Notification.objects.create(
                        recipient=recipient, dedupe_key=dedupe_key, about=about, **fields
                    )
            except IntegrityError:
                notification = Notification.objects.select_for_update().get(dedupe_key=dedupe_key)
            else:
                _plan_deliveries(notification, rule)
                return notification
        return _replan(notification, fields, rule)
    notification = Notification.objects.create(recipient=recipient, about=about, **fields)
    _plan_deliveries(notification, rule)
    return notification


def _plan_deliveries(notification, rule):
    """The inbox row (for an account) and the row of the first usable channel of the kind's order."""
    rows = []
    if has_inbox(notification.recipient):
        rows.append(
            Delivery(notification=notification, channel=Delivery.Channel.INBOX, due_at=notification.due_at)
        )
    external = _next_row(notification, rule, tried=set(), due_at=notification.due_at)
    if external is None:
        _mark_unreachable(notification.recipient)
    else:
        rows.append(external)
    Delivery.objects.bulk_create(rows)


def _next_row(notification, rule, *, tried, due_at):
    """An unsaved row for the first channel of the kind's order that the recipient can be reached on and
    that this message has not tried, or None."""
    recipient = notification.recipient
    addresses = recipient_addresses(recipient)
    for channel in rule.channel_order:
        if channel in addresses and channel not in tried:
            return Delivery(
                notification=notification,
                channel=channel,
                address=addresses[channel],
                due_at=sms_time(recipient, due_at, notification.happens_at)
                if channel == Delivery.Channel.SMS
                else due_at,
                # The digest's own message goes out as it is.
                in_digest=recipient.daily_digest and notification.kind != "digest",
            )
    return None


@transaction.atomic
def delivery_fall_back(delivery):
    """A row failed for good (the outbox calls this): plan the next usable channel of the kind's order,
    due now; with none left the recipient is marked unreachable, for the officers to phone. Returns the
    new row, or None."""
    notification = Notification.objects.select_for_update().get(pk=delivery.notification_id)
    if delivery.channel == Delivery.Channel.INBOX or notification.cancelled_at:
        return None
    tried = set(notification.deliveries.values_list("channel", flat=True))
    row = _next_row(notification, rule_for(notification.kind), tried=tried, due_at=timezone.now())
    if row is None:
        _mark_unreachable(notification.recipient)
        return None
    row.save()
    return row


def _replan(notification, fields, rule):
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
    # Nothing went out: plan afresh, with the addresses and the quiet hours of now.
    deliveries.delete()
    _plan_deliveries(notification, rule)
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
    unread = Notification.objects.filter(recipient__user=user, inbox_at__isnull=False, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


def notifications_read_elsewhere(notifications):
    """The person read what these messages are about elsewhere (a notice, by its read link): they count as
    read in the inbox too. Returns how many were unread."""
    return notifications.filter(read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def delivery_retry(*, delivery, uncertain_confirmed=False):
    """An officer sends a failed row again. A row that may have been sent goes again only when the person
    saw that warning and checked it did not arrive (`uncertain_confirmed`)."""
    resendable = [Delivery.Status.FAILED]
    if uncertain_confirmed:
        resendable.append(Delivery.Status.UNCERTAIN)
    elif delivery.status == Delivery.Status.UNCERTAIN:
        raise ActionRefused(_("This reminder may have been sent: confirm that it did not arrive first."))
    return Delivery.objects.filter(pk=delivery.pk, status__in=resendable).update(
        status=Delivery.Status.PENDING, due_at=timezone.now(), claim_token="", attempts=0, failure=""
    )
