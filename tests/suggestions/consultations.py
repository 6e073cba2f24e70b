"""A monthly consultation as the tests build it: through the service, the meeting begun an hour ago."""

from datetime import timedelta

from django.utils import timezone

from suggestions.services.consultations import consultation_open
from tests.voters.factories import OpinionFactory


def meeting(station, officer, *, opinions=2, begun=True):
    now = timezone.now()
    for _ in range(opinions):
        OpinionFactory(station=station, received_at=now - timedelta(days=1))
    starts = now - timedelta(hours=1) if begun else now + timedelta(days=2)
    return consultation_open(
        station=station,
        month=timezone.localdate().replace(day=1),
        actor=officer,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="议事厅",
    )
