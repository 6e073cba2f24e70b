"""The outbox, moved from the liaison app with its tables: the state learns the models under their new
label, as they were (a notification still points at its activity); the database keeps every row.
0002 then unties the outbox from activities."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from liaison.core.moves import relabel_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('activities', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('liaison', '0008_activity_ended_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='NotificationPreference',
                    fields=[
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='notification_preference', serialize=False, to=settings.AUTH_USER_MODEL)),
                        ('email', models.BooleanField(default=True, verbose_name='by e-mail')),
                        ('sms', models.BooleanField(default=True, verbose_name='by SMS')),
                        ('daily_digest', models.BooleanField(default=False, help_text='E-mail and SMS reminders come together once a day instead of one by one.', verbose_name='one daily digest')),
                    ],
                    options={
                        'verbose_name': 'notification preference',
                        'verbose_name_plural': 'notification preferences',
                        'db_table': 'liaison_notificationpreference',
                    },
                ),
                migrations.CreateModel(
                    name='ReminderRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=50, unique=True, verbose_name='kind')),
                        ('enabled', models.BooleanField(default=True, verbose_name='switched on')),
                        ('offsets', models.CharField(blank=True, help_text='Days before (or after, for follow-ups), separated by commas, e.g. 7,1', max_length=50, verbose_name='days')),
                        ('subject_template', models.CharField(blank=True, max_length=200, verbose_name='subject')),
                        ('body_template', models.TextField(blank=True, verbose_name='text')),
                    ],
                    options={
                        'verbose_name': 'reminder rule',
                        'verbose_name_plural': 'reminder rules',
                        'db_table': 'liaison_reminderrule',
                        'ordering': ['kind'],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(db_index=True, max_length=50, verbose_name='kind')),
                        ('subject', models.CharField(max_length=200, verbose_name='subject')),
                        ('body', models.TextField(blank=True, verbose_name='text')),
                        ('url', models.CharField(blank=True, max_length=300, verbose_name='link')),
                        ('due_at', models.DateTimeField(db_index=True, verbose_name='due')),
                        ('dedupe_key', models.CharField(blank=True, max_length=200, null=True, unique=True)),
                        ('inbox_at', models.DateTimeField(blank=True, null=True, verbose_name='in the inbox since')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read')),
                        ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='cancelled')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('activity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notifications', to='activities.activity')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
                    ],
                    options={
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications',
                        'db_table': 'liaison_notification',
                        'ordering': ['-due_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Delivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('inbox', 'Inbox'), ('email', 'E-mail'), ('sms', 'SMS')], max_length=8, verbose_name='channel')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('queued', 'Queued'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed'), ('cancelled', 'Cancelled'), ('digested', 'In a digest')], default='pending', max_length=10, verbose_name='status')),
                        ('due_at', models.DateTimeField(verbose_name='due')),
                        ('in_digest', models.BooleanField(default=False)),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('claim_token', models.CharField(blank=True, max_length=32)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('notification', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='notifications.notification', verbose_name='notification')),
                    ],
                    options={
                        'verbose_name': 'delivery',
                        'verbose_name_plural': 'deliveries',
                        'db_table': 'liaison_delivery',
                        'ordering': ['due_at', 'pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='notification',
                    index=models.Index(fields=['user', 'inbox_at', 'read_at'], name='liaison_not_user_id_f62140_idx'),
                ),
                migrations.AddIndex(
                    model_name='delivery',
                    index=models.Index(fields=['status', 'due_at'], name='liaison_del_status_15800a_idx'),
                ),
                migrations.AddConstraint(
                    model_name='delivery',
                    constraint=models.UniqueConstraint(fields=('notification', 'channel'), name='one_delivery_per_channel'),
                ),
            ],
        ),
        relabel_content_types(['notification', 'delivery', 'notificationpreference', 'reminderrule'], "liaison", "notifications"),
    ]
