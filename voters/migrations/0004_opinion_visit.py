import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("liaison", "0002_activities_visits_reminders"),
        ("voters", "0003_opinion_trigram_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="opinion",
            name="visit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="opinions",
                to="liaison.visit",
                verbose_name="visit",
            ),
        ),
        migrations.AddField(
            model_name="opinion",
            name="visit_entry",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="opinion",
                to="liaison.visitentry",
                verbose_name="voter met",
            ),
        ),
    ]
