"""The reminders of activities and congress sessions are keyed by recipient instead of account (the outbox
reaches deputies without an account too): each key that ended in the account's id now ends in its
recipient's, so that planning again after the upgrade finds the same message and never sends a second."""

from django.db import migrations

# The kinds whose key ends in the account's id (the follow-ups' end in a number of days).
KEYED_BY_PERSON = [
    "activity_invitation",
    "activity_changed",
    "activity_upcoming",
    "activity_cancelled",
    "session_prepare",
]


def keys_by_recipient(apps, schema_editor):
    notification = apps.get_model("notifications", "Notification")
    keyed = notification.objects.filter(kind__in=KEYED_BY_PERSON, dedupe_key__isnull=False).select_related(
        "recipient"
    )
    changed = []
    for row in keyed.only("pk", "dedupe_key", "recipient__user_id").iterator(chunk_size=2000):
        head, _sep, last = row.dedupe_key.rpartition(":")
        if row.recipient.user_id is not None and last == str(row.recipient.user_id):
            row.dedupe_key = f"{head}:r{row.recipient_id}"
            changed.append(row)
    notification.objects.bulk_update(changed, ["dedupe_key"], batch_size=1000)


def keys_by_account(apps, schema_editor):
    notification = apps.get_model("notifications", "Notification")
    keyed = notification.objects.filter(kind__in=KEYED_BY_PERSON, dedupe_key__regex=r":r[0-9]+$")
    changed = []
    for row in keyed.select_related("recipient").iterator(chunk_size=2000):
        if row.recipient.user_id is not None:
            row.dedupe_key = f"{row.dedupe_key.rpartition(':')[0]}:{row.recipient.user_id}"
            changed.append(row)
    notification.objects.bulk_update(changed, ["dedupe_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("notifications", "0003_recipients"),
    ]

    operations = [migrations.RunPython(keys_by_recipient, keys_by_account, elidable=False)]
