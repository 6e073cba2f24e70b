"""The demo street's daily work: a year of reception days, other activities with attendance, visits."""

import time

import pytest
from django.utils import timezone

from liaison.activities import demo as demo_activities
from liaison.activities.models import Activity, Invitation, ReceptionPlan, Visit
from liaison.home import demo
from liaison.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_year_of_work():
    street = demo.build_network()
    started = time.monotonic()
    demo_activities.build(street)
    elapsed = time.monotonic() - started
    year = timezone.localdate().year
    days = Activity.objects.filter(kind=Activity.Kind.RECEPTION)
    assert days.filter(station=street.station).count() == 12
    assert ReceptionPlan.objects.filter(year=year).count() == 3
    assert days.count() == 12 + 2 * 24
    others = Activity.objects.exclude(kind=Activity.Kind.RECEPTION)
    assert others.count() == 12
    assert Invitation.objects.filter(activity__in=others).exclude(attendance="").count() >= 80
    assert Visit.objects.count() >= 300
    assert Notification.objects.filter(recipient__user=street.users["deputy"]).exists()
    assert elapsed < 60, f"the demo's daily work took {elapsed:.0f}s"
