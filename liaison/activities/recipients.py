"""Deputies as the outbox reaches them: each deputy's recipient, with the addresses on the deputy's record
(else their account's), refreshed each time the liaison work plans for them (REMINDERS.md)."""

from liaison.notifications.services import PersonOnRecord, recipients_of_people


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
