"""Handling units (and their history) belong to the network now: opinions, suggestions and unit accounts
all point at them. Same tables, so the state alone changes."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from liaison.core.moves import relabel_content_types


class Migration(migrations.Migration):

    dependencies = [
        ('liaison', '0009_rooms_of_their_own'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HandlingUnit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                        ('kind', models.CharField(choices=[('government', 'Government department'), ('street_office', 'Street office'), ('court', 'Court'), ('procuratorate', 'Procuratorate'), ('other', 'Other')], default='government', max_length=20, verbose_name='kind')),
                        ('contact_name', models.CharField(blank=True, max_length=50, verbose_name='contact person')),
                        ('contact_phone', models.CharField(blank=True, max_length=20, verbose_name='contact phone')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                    ],
                    options={
                        'verbose_name': 'handling unit',
                        'verbose_name_plural': 'handling units',
                        'db_table': 'suggestions_handlingunit',
                        'ordering': ['name'],
                    },
                ),
                migrations.AlterField(
                    model_name='user',
                    name='handling_unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='users', to='liaison.handlingunit', verbose_name='handling unit'),
                ),
                migrations.CreateModel(
                    name='HistoricalHandlingUnit',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(db_index=True, max_length=100, verbose_name='name')),
                        ('kind', models.CharField(choices=[('government', 'Government department'), ('street_office', 'Street office'), ('court', 'Court'), ('procuratorate', 'Procuratorate'), ('other', 'Other')], default='government', max_length=20, verbose_name='kind')),
                        ('contact_name', models.CharField(blank=True, max_length=50, verbose_name='contact person')),
                        ('contact_phone', models.CharField(blank=True, max_length=20, verbose_name='contact phone')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical handling unit',
                        'verbose_name_plural': 'historical handling units',
                        'db_table': 'suggestions_historicalhandlingunit',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
        ),
        relabel_content_types(['handlingunit', 'historicalhandlingunit'], "suggestions", "liaison"),
    ]
