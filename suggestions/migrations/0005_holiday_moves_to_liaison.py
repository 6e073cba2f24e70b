"""The working-day calendar is the network's now (liaison.Holiday), in the same table."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('liaison', '0009_rooms_of_their_own'),
        ('suggestions', '0004_record_history'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Holiday',
                ),
            ],
        ),
    ]
