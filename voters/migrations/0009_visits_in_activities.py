"""Opinions point at visits now known under the activities label; same tables, so the state alone changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0001_initial'),
        ('voters', '0008_opinion_deputy_received_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalopinion',
                    name='visit',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.visit', verbose_name='visit'),
                ),
                migrations.AlterField(
                    model_name='historicalopinion',
                    name='visit_entry',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.visitentry', verbose_name='voter met'),
                ),
                migrations.AlterField(
                    model_name='opinion',
                    name='visit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='opinions', to='activities.visit', verbose_name='visit'),
                ),
                migrations.AlterField(
                    model_name='opinion',
                    name='visit_entry',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='opinion', to='activities.visitentry', verbose_name='voter met'),
                ),
            ],
        ),
    ]
