"""Deputies as the outbox reaches them: each deputy's recipient, with the addresses on the deputy's record
(else their account's), refreshed each time the liaison work plans for them (REMINDERS.md)."""

from django.contrib.contenttypes.models import ContentType

from deputies.models import Deputy
from liaison.core.phones import mainland_mobile
from liaison.notifications.models import Recipient
from liaison.notifications.services import (
    PersonOnRecord,
    has_inbox,
    recipient_addresses,
    recipients_of_people,
)


def deputy_on_record(deputy):
    user = deputy.user
    return PersonOnRecord(
        person=deputy,
        user=user,
        name=deputy.name,
        mobile=deputy.phone or (user.phone if user else ""),
        email=deputy.email or (user.email if user else ""),
        wecom_userid=deputy.wecom_userid,
    )


def deputy_recipients(deputies):
    """{deputy pk: Recipient} for the given deputies (load them with select_related("user"))."""
    return recipients_of_people(deputy_on_record(deputy) for deputy in deputies)


def station_group_recipients(stations):
    """{station pk: Recipient} for the deputies' WeChat Work group of each station that has set its robot's
    key (seed 000: the deputies' group is where a station's news goes first)."""
    return recipients_of_people(
        PersonOnRecord(
            person=station, user=None, name=station.name[:50], wecom_robot_key=station.wecom_webhook_key
        )
        for station in stations
        if station.wecom_webhook_key
    )


def deputies_without_channel(deputies):
    """How many of these deputies (a queryset) nothing would reach now, without writing anything: no active
    account for the inbox, and no mobile, e-mail or WeChat Work id on record that they have not switched
    off. Two queries, whatever their number."""
    switched = {
        recipient.person_id: recipient
        for recipient in Recipient.objects.filter(
            person_type=ContentType.objects.get_for_model(Deputy), person_id__in=deputies.values("pk")
        ).only("person_id", "by_sms", "by_email", "by_wecom")
    }
    count = 0
    for deputy in deputies.select_related("user"):
        person = deputy_on_record(deputy)
        choices = switched.get(deputy.pk) or Recipient()
        probe = Recipient(
            user=person.user,
            mobile=mainland_mobile(person.mobile),
            email=person.email,
            wecom_userid=person.wecom_userid,
            by_sms=choices.by_sms,
            by_email=choices.by_email,
            by_wecom=choices.by_wecom,
        )
        count += not (has_inbox(probe) or recipient_addresses(probe))
    return count
