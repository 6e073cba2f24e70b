"""Handling units left for the network (liaison.HandlingUnit) with their tables; the state alone changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('liaison', '0010_handling_units_in_the_network'),
        ('suggestions', '0005_holiday_moves_to_liaison'),
        ('voters', '0010_handling_units_in_the_network'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='replytemplate',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reply_templates', to='liaison.handlingunit'),
                ),
                migrations.AlterField(
                    model_name='suggestion',
                    name='lead_unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='liaison.handlingunit', verbose_name='lead unit'),
                ),
                migrations.AlterField(
                    model_name='contact',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='liaison.handlingunit', verbose_name='unit'),
                ),
                migrations.AlterField(
                    model_name='reply',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='replies', to='liaison.handlingunit', verbose_name='unit'),
                ),
                migrations.AlterField(
                    model_name='assignment',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='liaison.handlingunit', verbose_name='unit'),
                ),
                migrations.AlterField(
                    model_name='historicalassignment',
                    name='unit',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='liaison.handlingunit', verbose_name='unit'),
                ),
                migrations.AlterField(
                    model_name='historicalsuggestion',
                    name='lead_unit',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='liaison.handlingunit', verbose_name='lead unit'),
                ),
                migrations.RemoveField(
                    model_name='historicalhandlingunit',
                    name='history_user',
                ),
                migrations.DeleteModel(
                    name='HandlingUnit',
                ),
                migrations.DeleteModel(
                    name='HistoricalHandlingUnit',
                ),
            ],
        ),
    ]
