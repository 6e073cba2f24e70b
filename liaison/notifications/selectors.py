"""Reads of the outbox: a person's inbox and recipient, the messages about a record, who is unreachable."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from liaison.core.phones import mask_phone
from liaison.notifications.models import Delivery, Notification, Recipient


def inbox_of(user):
    return Notification.objects.filter(recipient__user=user, inbox_at__isnull=False).order_by(
        "-inbox_at", "-pk"
    )


def notifications_about(subject):
    """The messages planned about one object, or about any object of a queryset (as a subquery)."""
    if isinstance(subject, QuerySet):
        about_type = ContentType.objects.get_for_model(subject.model)
        return Notification.objects.filter(about_type=about_type, about_id__in=subject.values("pk"))
    about_type = ContentType.objects.get_for_model(subject)
    return Notification.objects.filter(about_type=about_type, about_id=subject.pk)


def recipients_of(people):
    """The recipients of the people of a queryset (deputies...), as a subquery."""
    person_type = ContentType.objects.get_for_model(people.model)
    return Recipient.objects.filter(person_type=person_type, person_id__in=people.values("pk"))


def recipient_of_account(user):
    """The account's recipient, or an unsaved one with the default preferences (a GET writes nothing)."""
    return Recipient.objects.filter(user=user).first() or Recipient(user=user)


def recipient_of_person(person):
    """The person's recipient, or an unsaved one with the default preferences (a GET writes nothing)."""
    person_type = ContentType.objects.get_for_model(person)
    found = Recipient.objects.filter(person_type=person_type, person_id=person.pk).first()
    return found or Recipient(person_type=person_type, person_id=person.pk)


def recipients_unreachable():
    """Recipients no channel reached since they were marked (none sent outside the inbox since), with the
    channel and the failure of their latest failed row."""
    reached_since = Delivery.objects.filter(
        notification__recipient=OuterRef("pk"),
        status=Delivery.Status.SENT,
        sent_at__gte=OuterRef("unreachable_since"),
    ).exclude(channel=Delivery.Channel.INBOX)
    latest_failure = (
        Delivery.objects.filter(notification__recipient=OuterRef("pk"), status=Delivery.Status.FAILED)
        .exclude(channel=Delivery.Channel.INBOX)
        .order_by("-pk")
    )
    return (
        Recipient.objects.filter(unreachable_since__isnull=False)
        .exclude(Exists(reached_since))
        .annotate(
            failed_channel=Subquery(latest_failure.values("channel")[:1]),
            failed_address=Subquery(latest_failure.values("address")[:1]),
            failure=Subquery(latest_failure.values("failure")[:1]),
        )
    )


def reach_problem(recipient):
    """Why no channel reaches this recipient, in words for the officer (a row of recipients_unreachable)."""
    if not (recipient.mobile or recipient.email or recipient.wecom_userid):
        return _("No mobile, e-mail or WeChat Work id on record.")
    if not any(
        (
            recipient.mobile and recipient.by_sms,
            recipient.email and recipient.by_email,
            recipient.wecom_userid and recipient.by_wecom,
        )
    ):
        return _("Every channel on record is switched off in the preferences.")
    if recipient.failed_channel:
        channel = Delivery.Channel(recipient.failed_channel)
        address = recipient.failed_address
        return _("%(channel)s to %(address)s failed: %(failure)s.") % {
            "channel": channel.label,
            "address": mask_phone(address) if channel == Delivery.Channel.SMS else address,
            "failure": Delivery.Failure(recipient.failure).label if recipient.failure else _("Failed"),
        }
    return _("The reminders' channels do not include any channel on record.")
