"""The outbox stops knowing activities: a notification says what it is about by content type and id,
so any app can tie its messages to its own records. Every notification tied to an activity keeps that
tie, as (activities.Activity, the same id)."""

import django.db.models.deletion
from django.db import migrations, models


def activity_to_about(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    notification = apps.get_model("notifications", "Notification")
    if not notification.objects.filter(activity__isnull=False).exists():
        return
    activity_type, _ = content_type.objects.get_or_create(app_label="activities", model="activity")
    notification.objects.filter(activity__isnull=False).update(
        about_type=activity_type, about_id=models.F("activity_id")
    )


def about_to_activity(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    notification = apps.get_model("notifications", "Notification")
    activity_type = content_type.objects.filter(app_label="activities", model="activity").first()
    if activity_type is not None:
        notification.objects.filter(about_type=activity_type).update(activity_id=models.F("about_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="about_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="about_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(activity_to_about, about_to_activity, elidable=False),
        migrations.RemoveField(model_name="notification", name="activity"),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["about_type", "about_id"], name="notification_about"),
        ),
    ]
