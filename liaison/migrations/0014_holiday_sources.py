"""The calendar's days say where they come from: the State Council's schedule, or staff. A day already in
the table is official when the schedule has it the same way (a holiday, or a worked weekend day), so that a
later load may complete it; any other day was staff's, and a load keeps it as it is."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from liaison.official_calendar import official_days


def mark_sources(apps, schema_editor):
    holiday = apps.get_model("liaison", "Holiday")
    years = {day.year for day in holiday.objects.dates("date", "year")}
    official = set()
    for year in years:
        official |= {(day.date, day.is_working_day) for day in official_days(year) or ()}
    agreeing = [row.pk for row in holiday.objects.all() if (row.date, row.is_working_day) in official]
    holiday.objects.filter(pk__in=agreeing).update(source="official")


class Migration(migrations.Migration):

    dependencies = [
        ('liaison', '0013_jurisdictions'),
    ]

    operations = [
        migrations.AddField(
            model_name='holiday',
            name='changed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='changed at'),
        ),
        migrations.AddField(
            model_name='holiday',
            name='changed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by'),
        ),
        migrations.AddField(
            model_name='holiday',
            name='source',
            field=models.CharField(choices=[('official', 'Official schedule'), ('staff', 'Corrected by staff')], default='staff', max_length=10, verbose_name='source'),
        ),
        migrations.CreateModel(
            name='HistoricalHoliday',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('date', models.DateField(db_index=True, verbose_name='date')),
                ('name', models.CharField(max_length=50, verbose_name='name')),
                ('is_working_day', models.BooleanField(default=False, help_text='Tick for a weekend day that is worked (调休).', verbose_name='working day')),
                ('source', models.CharField(choices=[('official', 'Official schedule'), ('staff', 'Corrected by staff')], default='staff', max_length=10, verbose_name='source')),
                ('changed_at', models.DateTimeField(blank=True, null=True, verbose_name='changed at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('changed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical holiday',
                'verbose_name_plural': 'historical holidays',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(mark_sources, migrations.RunPython.noop),
    ]
