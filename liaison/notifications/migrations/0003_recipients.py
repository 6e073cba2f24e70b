"""The outbox reaches recipients, not only accounts (issue 14): a deputy without a login is reachable too.

Every account that has a message or a preference gets its Recipient, tied to its deputy record when the
account is a deputy's, with the addresses used until now (the deputy record's phone, else the account's;
the account's e-mail) and the preferences it had; each message moves to that recipient, every row kept.
The rows not yet delivered get the address they will go to; a row flagged "interrupted" becomes "may have
been sent", and the other failed rows say they used up their attempts."""

import django.db.models.deletion
import phonenumbers
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

INTERRUPTED_PREFIX = "interrupted while sending"
UNDELIVERED = ["pending", "queued", "sending", "failed"]


def _mainland_mobile(raw):
    try:
        number = phonenumbers.parse((raw or "").strip(), "CN")
    except phonenumbers.NumberParseException:
        return ""
    if (
        number.country_code == 86
        and phonenumbers.is_valid_number(number)
        and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    ):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return ""


def recipients_from_accounts(apps, schema_editor):
    user_model = apps.get_model("liaison", "User")
    deputy_model = apps.get_model("deputies", "Deputy")
    content_type = apps.get_model("contenttypes", "ContentType")
    notification = apps.get_model("notifications", "Notification")
    preference = apps.get_model("notifications", "NotificationPreference")
    recipient = apps.get_model("notifications", "Recipient")
    delivery = apps.get_model("notifications", "Delivery")

    preferences = {row.user_id: row for row in preference.objects.all()}
    user_ids = set(notification.objects.values_list("user_id", flat=True).distinct()) | set(preferences)
    deputies = {row.user_id: row for row in deputy_model.objects.filter(user__in=user_ids)}
    deputy_type = None
    if deputies:
        deputy_type, _created = content_type.objects.get_or_create(app_label="deputies", model="deputy")
    rows = []
    for user in user_model.objects.filter(pk__in=user_ids).iterator():
        deputy = deputies.get(user.pk) if user.role == "deputy" else None
        chosen = preferences.get(user.pk)
        rows.append(
            recipient(
                user_id=user.pk,
                person_type=deputy_type if deputy else None,
                person_id=deputy.pk if deputy else None,
                name=(deputy.name if deputy else user.display_name or user.username)[:50],
                mobile=_mainland_mobile((deputy.phone if deputy else "") or user.phone),
                email=user.email,
                by_email=chosen.email if chosen else True,
                by_sms=chosen.sms if chosen else True,
                daily_digest=chosen.daily_digest if chosen else False,
            )
        )
    recipient.objects.bulk_create(rows, batch_size=1000)
    notification.objects.update(
        recipient_id=Subquery(recipient.objects.filter(user_id=OuterRef("user_id")).values("pk")[:1])
    )
    for channel, field in (("sms", "mobile"), ("email", "email")):
        delivery.objects.filter(channel=channel, status__in=UNDELIVERED).update(
            address=Subquery(
                recipient.objects.filter(notifications=OuterRef("notification_id")).values(field)[:1]
            )
        )
    failed = delivery.objects.filter(status="failed")
    failed.filter(last_error__startswith=INTERRUPTED_PREFIX).update(status="uncertain", failure="interrupted")
    failed.filter(failure="").update(failure="exhausted")


def accounts_from_recipients(apps, schema_editor):
    notification = apps.get_model("notifications", "Notification")
    preference = apps.get_model("notifications", "NotificationPreference")
    recipient = apps.get_model("notifications", "Recipient")
    delivery = apps.get_model("notifications", "Delivery")
    notification.objects.update(
        user_id=Subquery(recipient.objects.filter(pk=OuterRef("recipient_id")).values("user_id")[:1])
    )
    # Messages to people without an account had no place before recipients.
    notification.objects.filter(user__isnull=True).delete()
    preference.objects.bulk_create(
        preference(user_id=row.user_id, email=row.by_email, sms=row.by_sms, daily_digest=row.daily_digest)
        for row in recipient.objects.filter(user__isnull=False)
    )
    delivery.objects.filter(status="uncertain").update(status="failed")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("deputies", "0004_record_history"),
        ("notifications", "0002_notification_about"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Recipient",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("person_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("name", models.CharField(blank=True, max_length=50, verbose_name="name")),
                ("mobile", models.CharField(blank=True, max_length=20, verbose_name="mobile")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                ("wecom_userid", models.CharField(blank=True, max_length=64, verbose_name="WeChat Work member id")),
                ("by_sms", models.BooleanField(default=True, verbose_name="by SMS")),
                ("by_email", models.BooleanField(default=True, verbose_name="by e-mail")),
                ("by_wecom", models.BooleanField(default=True, verbose_name="by WeChat Work")),
                ("daily_digest", models.BooleanField(default=False, help_text="E-mail and SMS reminders come together once a day instead of one by one.", verbose_name="one daily digest")),
                ("quiet_hours", models.BooleanField(default=True, help_text="No SMS from 21:00 to 08:00, unless what it is about comes sooner.", verbose_name="quiet hours")),
                ("unreachable_since", models.DateTimeField(blank=True, null=True, verbose_name="unreachable since")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("person_type", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype")),
                ("user", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="recipient", to=settings.AUTH_USER_MODEL, verbose_name="login account")),
            ],
            options={
                "verbose_name": "recipient",
                "verbose_name_plural": "recipients",
                "ordering": ["name", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(person_type__isnull=False),
                        fields=("person_type", "person_id"),
                        name="one_recipient_per_person",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="notification",
            name="recipient",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to="notifications.recipient", verbose_name="recipient"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="user",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL, verbose_name="recipient"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="address",
            field=models.CharField(blank=True, max_length=254, verbose_name="address"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="failure",
            field=models.CharField(blank=True, choices=[("invalid_address", "Invalid address"), ("refused", "Refused by the provider"), ("exhausted", "Retries used up"), ("interrupted", "Interrupted while sending")], max_length=20, verbose_name="failure"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="provider_id",
            field=models.CharField(blank=True, db_index=True, max_length=64, verbose_name="provider's message id"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="delivered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="delivered"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="receipt",
            field=models.CharField(blank=True, max_length=20, verbose_name="delivery receipt"),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="channel",
            field=models.CharField(choices=[("inbox", "Inbox"), ("email", "E-mail"), ("sms", "SMS"), ("wecom", "WeChat Work")], max_length=8, verbose_name="channel"),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="status",
            field=models.CharField(choices=[("pending", "Pending"), ("queued", "Queued"), ("sending", "Sending"), ("sent", "Sent"), ("failed", "Failed"), ("uncertain", "May have been sent"), ("cancelled", "Cancelled"), ("digested", "In a digest")], default="pending", max_length=10, verbose_name="status"),
        ),
        migrations.AddField(
            model_name="reminderrule",
            name="channels",
            field=models.CharField(blank=True, help_text="The channels to try in order, separated by commas, e.g. wecom,sms,email; the next is used only when one fails. Empty: the default order. The inbox is always added for those with an account.", max_length=50, verbose_name="channels"),
        ),
        migrations.RunPython(recipients_from_accounts, accounts_from_recipients, elidable=False),
        migrations.RemoveIndex(model_name="notification", name="liaison_not_user_id_f62140_idx"),
        migrations.RemoveField(model_name="notification", name="user"),
        migrations.AlterField(
            model_name="notification",
            name="recipient",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to="notifications.recipient", verbose_name="recipient"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["recipient", "inbox_at", "read_at"], name="notification_inbox"),
        ),
        migrations.DeleteModel(name="NotificationPreference"),
    ]
