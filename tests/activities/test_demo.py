"""The demo street's daily work: a year of reception days, other activities with attendance, visits."""

import time

import pytest
from django.utils import timezone

from liaison.activities import demo as demo_activities
from liaison.activities.models import Activity, Invitation, RatingBallot, ReceptionPlan, Visit
from liaison.activities.ratings import rating_is_open, reports_of
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
    assert others.count() == 12 + 1  # the second report to voters, still open for rating
    assert Invitation.objects.filter(activity__in=others).exclude(attendance="").count() >= 80
    assert Visit.objects.count() >= 300
    assert Notification.objects.filter(recipient__user=street.users["deputy"]).exists()
    # 述职: the demo deputy reported, voters rated on paper and by phone, and one meeting is still open.
    reports = list(reports_of(others.filter(title="代表向选民述职（下半年）").get()))
    assert street.deputies[1] in [report.deputy for report in reports]
    assert all(report.text and report.rated > 10 for report in reports)
    assert RatingBallot.objects.exists()
    assert rating_is_open(reports[0].activity)
    assert elapsed < 60, f"the demo's daily work took {elapsed:.0f}s"
