"""The activities and the outbox left for apps of their own, and the working-day calendar (Holiday) came
from the suggestions app: the state alone changes, every table and row stays."""

from django.db import migrations, models

from liaison.core.moves import relabel_content_types


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0001_initial'),
        ('liaison', '0008_activity_ended_index'),
        ('notifications', '0001_initial'),
        ('suggestions', '0004_record_history'),
        ('voters', '0009_visits_in_activities'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Holiday',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(unique=True, verbose_name='date')),
                        ('name', models.CharField(max_length=50, verbose_name='name')),
                        ('is_working_day', models.BooleanField(default=False, help_text='Tick for a weekend day that is worked (调休).', verbose_name='working day')),
                    ],
                    options={
                        'verbose_name': 'holiday',
                        'verbose_name_plural': 'holidays',
                        'db_table': 'suggestions_holiday',
                        'ordering': ['date'],
                    },
                ),
                migrations.RemoveField(
                    model_name='activity',
                    name='officers',
                ),
                migrations.RemoveField(
                    model_name='activity',
                    name='organiser',
                ),
                migrations.RemoveField(
                    model_name='activity',
                    name='plan',
                ),
                migrations.RemoveField(
                    model_name='activity',
                    name='station',
                ),
                migrations.RemoveField(
                    model_name='invitation',
                    name='activity',
                ),
                migrations.RemoveField(
                    model_name='activityevent',
                    name='activity',
                ),
                migrations.RemoveField(
                    model_name='visit',
                    name='activity',
                ),
                migrations.RemoveField(
                    model_name='activityphoto',
                    name='activity',
                ),
                migrations.RemoveField(
                    model_name='notification',
                    name='activity',
                ),
                migrations.RemoveField(
                    model_name='activityevent',
                    name='actor',
                ),
                migrations.RemoveField(
                    model_name='appointment',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='appointment',
                    name='deputy',
                ),
                migrations.RemoveField(
                    model_name='appointment',
                    name='station',
                ),
                migrations.RemoveField(
                    model_name='appointment',
                    name='visit',
                ),
                migrations.RemoveField(
                    model_name='calendarfeed',
                    name='deputy',
                ),
                migrations.DeleteModel(
                    name='CongressSession',
                ),
                migrations.RemoveField(
                    model_name='delivery',
                    name='notification',
                ),
                migrations.RemoveField(
                    model_name='invitation',
                    name='deputy',
                ),
                migrations.RemoveField(
                    model_name='notification',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='notificationpreference',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='receptionplan',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='receptionplan',
                    name='station',
                ),
                migrations.DeleteModel(
                    name='ReminderRule',
                ),
                migrations.RemoveField(
                    model_name='visit',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='visit',
                    name='deputies',
                ),
                migrations.RemoveField(
                    model_name='visit',
                    name='officer',
                ),
                migrations.RemoveField(
                    model_name='visit',
                    name='station',
                ),
                migrations.RemoveField(
                    model_name='visitentry',
                    name='visit',
                ),
                migrations.DeleteModel(
                    name='ActivityPhoto',
                ),
                migrations.DeleteModel(
                    name='Activity',
                ),
                migrations.DeleteModel(
                    name='ActivityEvent',
                ),
                migrations.DeleteModel(
                    name='Appointment',
                ),
                migrations.DeleteModel(
                    name='CalendarFeed',
                ),
                migrations.DeleteModel(
                    name='Delivery',
                ),
                migrations.DeleteModel(
                    name='Invitation',
                ),
                migrations.DeleteModel(
                    name='Notification',
                ),
                migrations.DeleteModel(
                    name='NotificationPreference',
                ),
                migrations.DeleteModel(
                    name='ReceptionPlan',
                ),
                migrations.DeleteModel(
                    name='Visit',
                ),
                migrations.DeleteModel(
                    name='VisitEntry',
                ),
            ],
        ),
        relabel_content_types(['holiday'], "suggestions", "liaison"),
    ]
