"""The reception-day schedules and activities, moved from the liaison app with their tables: the state
learns the models under their new label; the database keeps every table and row as it was."""

import django.db.models.deletion
import liaison.activities.models
from django.conf import settings
from django.db import migrations, models

from liaison.core.moves import relabel_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('deputies', '0004_record_history'),
        ('liaison', '0008_activity_ended_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CongressSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('starts_on', models.DateField(verbose_name='opens on')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'verbose_name': 'congress session',
                        'verbose_name_plural': 'congress sessions',
                        'db_table': 'liaison_congresssession',
                        'ordering': ['-starts_on'],
                    },
                ),
                migrations.CreateModel(
                    name='Activity',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('reception', 'Reception day'), ('training', 'Training'), ('research', 'Research and inspection'), ('publicity', 'Policy publicity'), ('discussion', 'Discussion'), ('group', 'Group activity'), ('report', 'Report to voters'), ('consultation', 'Monthly consultation'), ('other', 'Other')], default='reception', max_length=14, verbose_name='kind')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('starts_at', models.DateTimeField(verbose_name='starts')),
                        ('ends_at', models.DateTimeField(verbose_name='ends')),
                        ('place', models.CharField(max_length=200, verbose_name='place')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('status', models.CharField(choices=[('planned', 'Planned'), ('published', 'Published'), ('done', 'Done'), ('cancelled', 'Cancelled')], default='planned', max_length=10, verbose_name='status')),
                        ('holiday_note', models.CharField(blank=True, max_length=50, verbose_name='holiday')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                        ('cancel_reason', models.CharField(blank=True, max_length=200, verbose_name='reason for cancelling')),
                        ('summary', models.TextField(blank=True, verbose_name='summary')),
                        ('summary_at', models.DateTimeField(blank=True, null=True)),
                        ('attendance_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('officers', models.ManyToManyField(blank=True, related_name='invited_activities', to=settings.AUTH_USER_MODEL, verbose_name='invited officers')),
                        ('organiser', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='organised_activities', to=settings.AUTH_USER_MODEL, verbose_name='organiser')),
                        ('station', models.ForeignKey(blank=True, help_text='Empty for a group activity held elsewhere.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='activities', to='liaison.station', verbose_name='station')),
                    ],
                    options={
                        'verbose_name': 'activity',
                        'verbose_name_plural': 'activities',
                        'db_table': 'liaison_activity',
                        'ordering': ['starts_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ActivityEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('created', 'Created'), ('published', 'Published'), ('rescheduled', 'Rescheduled'), ('cancelled', 'Cancelled'), ('replied', 'Replied'), ('uninvited', 'Taken off the list'), ('attendance', 'Attendance recorded'), ('summary', 'Summary recorded'), ('done', 'Done')], max_length=12, verbose_name='kind')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('activity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='activities.activity')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'liaison_activityevent',
                        'ordering': ['at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ActivityPhoto',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('image', models.ImageField(upload_to='activities/photos/%Y/', verbose_name='photo')),
                        ('caption', models.CharField(blank=True, max_length=100, verbose_name='caption')),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                        ('activity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='activities.activity')),
                    ],
                    options={
                        'db_table': 'liaison_activityphoto',
                        'ordering': ['uploaded_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='CalendarFeed',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(default=liaison.activities.models.new_feed_token, max_length=48, unique=True)),
                        ('deputy', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_feed', to='deputies.deputy')),
                    ],
                    options={
                        'db_table': 'liaison_calendarfeed',
                    },
                ),
                migrations.CreateModel(
                    name='ReceptionPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('rule', models.CharField(choices=[('month_day', 'A fixed day of the month'), ('nth_weekday', 'The nth weekday(s) of the month'), ('twice_monthly', 'Twice a month')], default='month_day', max_length=16, verbose_name='rule')),
                        ('month_day', models.PositiveSmallIntegerField(blank=True, help_text='e.g. 15; a short month uses its last day', null=True, verbose_name='day of the month')),
                        ('second_month_day', models.PositiveSmallIntegerField(blank=True, help_text='For twice a month, e.g. 1 and 16', null=True, verbose_name='second day of the month')),
                        ('weekday', models.PositiveSmallIntegerField(blank=True, choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], null=True, verbose_name='weekday')),
                        ('nths', models.CharField(blank=True, help_text='e.g. 2,4 for the 2nd and 4th; -1 for the last', max_length=20, verbose_name='which weeks')),
                        ('start_time', models.TimeField(verbose_name='from')),
                        ('end_time', models.TimeField(verbose_name='until')),
                        ('place', models.CharField(max_length=200, verbose_name='place')),
                        ('deputies_per_day', models.PositiveSmallIntegerField(default=2, help_text='At least; raised when needed so that every deputy receives voters every two months.', verbose_name='deputies per day')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('station', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reception_plans', to='liaison.station', verbose_name='station')),
                    ],
                    options={
                        'verbose_name': 'reception plan',
                        'verbose_name_plural': 'reception plans',
                        'db_table': 'liaison_receptionplan',
                        'ordering': ['-year', 'station__name'],
                    },
                ),
                migrations.AddField(
                    model_name='activity',
                    name='plan',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='activities', to='activities.receptionplan'),
                ),
                migrations.CreateModel(
                    name='Visit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('reception', 'Reception'), ('visit', 'Visit'), ('appointment', 'Appointment'), ('return', 'Return visit')], default='reception', max_length=12, verbose_name='kind')),
                        ('date', models.DateField(verbose_name='date')),
                        ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                        ('voters_met', models.PositiveIntegerField(default=0, verbose_name='voters met')),
                        ('summary', models.TextField(blank=True, verbose_name='summary')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('activity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='visits', to='activities.activity', verbose_name='reception day')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='visits_logged', to=settings.AUTH_USER_MODEL)),
                        ('deputies', models.ManyToManyField(blank=True, related_name='visits', to='deputies.deputy', verbose_name='deputies present')),
                        ('officer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='visits_attended', to=settings.AUTH_USER_MODEL, verbose_name='officer present')),
                        ('station', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='visits', to='liaison.station', verbose_name='station')),
                    ],
                    options={
                        'verbose_name': 'visit',
                        'verbose_name_plural': 'visits',
                        'db_table': 'liaison_visit',
                        'ordering': ['-date', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Appointment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('voter_name', models.CharField(max_length=50, verbose_name="voter's name")),
                        ('voter_phone', models.CharField(blank=True, max_length=20, verbose_name="voter's phone")),
                        ('topic', models.TextField(verbose_name='what they want to raise')),
                        ('status', models.CharField(choices=[('requested', 'Requested'), ('scheduled', 'Time proposed'), ('done', 'Met'), ('cancelled', 'Cancelled')], default='requested', max_length=10, verbose_name='status')),
                        ('proposed_at', models.DateTimeField(blank=True, null=True, verbose_name='proposed time')),
                        ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                        ('outcome', models.TextField(blank=True, verbose_name='outcome')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('deputy', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='deputies.deputy', verbose_name='deputy')),
                        ('station', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='liaison.station', verbose_name='station')),
                        ('visit', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='appointment', to='activities.visit')),
                    ],
                    options={
                        'verbose_name': 'appointment',
                        'verbose_name_plural': 'appointments',
                        'db_table': 'liaison_appointment',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='VisitEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('voter_name', models.CharField(blank=True, max_length=50, verbose_name="voter's name")),
                        ('voter_phone', models.CharField(blank=True, max_length=20, verbose_name="voter's phone")),
                        ('raised', models.TextField(verbose_name='what they raised')),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('visit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='activities.visit', verbose_name='visit')),
                    ],
                    options={
                        'verbose_name': 'voter met',
                        'verbose_name_plural': 'voters met',
                        'db_table': 'liaison_visitentry',
                        'ordering': ['visit', 'position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Invitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reply', models.CharField(choices=[('waiting', 'No reply yet'), ('confirmed', 'Will attend'), ('leave', 'Asks for leave')], default='waiting', max_length=10, verbose_name='reply')),
                        ('reason', models.CharField(blank=True, max_length=200, verbose_name='reason for leave')),
                        ('replied_at', models.DateTimeField(blank=True, null=True, verbose_name='replied')),
                        ('attendance', models.CharField(blank=True, choices=[('', 'Not recorded'), ('present', 'Present'), ('leave', 'On leave'), ('absent', 'Absent')], default='', max_length=10, verbose_name='attendance')),
                        ('activity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='activities.activity', verbose_name='activity')),
                        ('deputy', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='invitations', to='deputies.deputy', verbose_name='deputy')),
                    ],
                    options={
                        'verbose_name': 'invitation',
                        'verbose_name_plural': 'invitations',
                        'db_table': 'liaison_invitation',
                        'ordering': ['activity', 'deputy__name_pinyin'],
                        'constraints': [models.UniqueConstraint(fields=('activity', 'deputy'), name='one_invitation_per_deputy')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='receptionplan',
                    constraint=models.CheckConstraint(condition=models.Q(('end_time__gt', models.F('start_time'))), name='plan_time_ordered'),
                ),
                migrations.AddIndex(
                    model_name='activity',
                    index=models.Index(fields=['station', 'starts_at'], name='liaison_act_station_d6f68d_idx'),
                ),
                migrations.AddIndex(
                    model_name='activity',
                    index=models.Index(fields=['status', 'starts_at'], name='liaison_act_status_050bf1_idx'),
                ),
                migrations.AddIndex(
                    model_name='activity',
                    index=models.Index(fields=['ends_at'], name='activity_ended'),
                ),
                migrations.AddConstraint(
                    model_name='activity',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='activity_time_ordered'),
                ),
                migrations.AddIndex(
                    model_name='visit',
                    index=models.Index(fields=['station', '-date'], name='liaison_vis_station_714738_idx'),
                ),
            ],
        ),
        relabel_content_types(['receptionplan', 'activity', 'invitation', 'activityevent', 'activityphoto', 'congresssession', 'calendarfeed', 'visit', 'visitentry', 'appointment'], "liaison", "activities"),
    ]
