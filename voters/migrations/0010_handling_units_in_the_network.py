"""Opinions point at handling units now known under the liaison label; same table, the state alone changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('liaison', '0010_handling_units_in_the_network'),
        ('voters', '0009_visits_in_activities'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalopinion',
                    name='handling_unit',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='liaison.handlingunit', verbose_name='handling unit'),
                ),
                migrations.AlterField(
                    model_name='opinion',
                    name='handling_unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='opinions', to='liaison.handlingunit', verbose_name='handling unit'),
                ),
            ],
        ),
    ]
