"""A reception day records how many voters it received, and who when they leave a name (issue 18, item 4);
voters received (liaison/activities/figures.py) read it there, the day's visits counted once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.periods import quarter_of, quarter_period
from assessments.report_figures import scope_for, summary
from liaison.activities.figures import voters_received, voters_received_by_station
from liaison.activities.models import Activity, ActivityEvent, Visit
from liaison.activities.services import reception_voters_record, visit_log
from liaison.core.errors import ActionRefused
from tests.activities.factories import ActivityFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(point, officer_user):
    start = timezone.now() - timedelta(hours=2)
    return ActivityFactory(
        kind=Activity.Kind.RECEPTION,
        title="接待选民日",
        station=point,
        organiser=officer_user,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        status=Activity.Status.PUBLISHED,
    )


def _visit(day, officer_user, voters):
    return visit_log(
        actor=officer_user,
        station=day.station,
        kind=Visit.Kind.RECEPTION,
        date=timezone.localdate(day.starts_at),
        activity=day,
        voters_met=voters,
    )


def test_the_day_records_its_voters_and_the_named_ones(day, officer_user):
    reception_voters_record(
        activity=day,
        actor=officer_user,
        count=12,
        named=[{"name": "王大妈", "phone": ""}, {"name": "", "phone": "+8613800001111"}, {"name": ""}],
    )
    day.refresh_from_db()
    assert (day.voters_received, day.status) == (12, Activity.Status.DONE)
    assert [(v.name, v.phone) for v in day.received_voters.all()] == [("王大妈", ""), ("", "+8613800001111")]
    assert day.events.filter(kind=ActivityEvent.Kind.VOTERS_RECORDED, note="12").exists()
    # Named voters stay listed; the count may not fall below them.
    with pytest.raises(ValidationError):
        reception_voters_record(activity=day, actor=officer_user, count=1)
    assert day.received_voters.count() == 2


def test_the_days_visits_raise_its_count_and_are_counted_once(day, point, officer_user):
    _visit(day, officer_user, 3)
    _visit(day, officer_user, 4)
    day.refresh_from_db()
    assert day.voters_received == 7
    with pytest.raises(ValidationError):
        reception_voters_record(activity=day, actor=officer_user, count=6)
    reception_voters_record(activity=day, actor=officer_user, count=30)
    VisitFactory(station=point, kind=Visit.Kind.VISIT, voters_met=5)  # a 走访 of no day: its own voters
    activities, visits = Activity.objects.all(), Visit.objects.all()
    assert voters_received(activities=activities, visits=visits) == 35
    assert voters_received_by_station(activities=activities, visits=visits) == {point.pk: 35}
    # A cancelled day counts nothing; the visits logged for it count their own voters.
    Activity.objects.filter(pk=day.pk).update(status=Activity.Status.CANCELLED)
    assert voters_received(activities=activities, visits=visits) == 12


def test_the_quarterly_summary_reads_voters_received(day, station, point, officer_user):
    _visit(day, officer_user, 3)
    reception_voters_record(activity=day, actor=officer_user, count=40)
    VisitFactory(station=point, kind=Visit.Kind.VISIT, voters_met=5, date=timezone.localdate(day.starts_at))
    held_on = timezone.localdate(day.starts_at)
    rows, totals = summary(quarter_period(held_on.year, quarter_of(held_on)), scope_for(station))
    assert rows[point.pk]["voters"] == totals["voters"] == 45
    assert rows[point.pk]["visits"] == 2


def test_only_a_reception_day_that_took_place_records_voters(day, point, officer_user):
    training = ActivityFactory(station=point, organiser=officer_user)
    with pytest.raises(ActionRefused):
        reception_voters_record(activity=training, actor=officer_user, count=3)
    Activity.objects.filter(pk=day.pk).update(
        starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=1, hours=1)
    )
    with pytest.raises(ActionRefused):
        reception_voters_record(activity=day, actor=officer_user, count=3)


def test_the_officer_records_them_on_the_days_page(officer, day, officer_user):
    url = reverse("activities:reception_voters", args=[day.pk])
    _visit(day, officer_user, 4)
    data = {
        "count": 2,
        "named-TOTAL_FORMS": 2,
        "named-INITIAL_FORMS": 0,
        "named-0-name": "王大妈",
        "named-0-phone": "13800001111",
        "named-1-name": "",
        "named-1-phone": "",
    }
    response = officer.post(url, data)
    assert response.status_code == 200  # below the visits' 4 voters: refused, what was typed kept
    page = response.content.decode()
    assert "王大妈" in page and 'value="13800001111"' in page
    assert not day.received_voters.exists()
    response = officer.post(url, {**data, "count": 9})
    assert response.status_code == 302
    page = officer.get(day.get_absolute_url()).content.decode()
    assert "138****1111" in page and "13800001111" not in page
    day.refresh_from_db()
    assert day.voters_received == 9 and day.received_voters.get().phone == "+8613800001111"


@pytest.mark.parametrize("count", [1, 6])
def test_the_days_page_costs_the_same_queries(officer, day, officer_user, count, django_assert_num_queries):
    for _number in range(count):
        _visit(day, officer_user, 2)
    reception_voters_record(
        activity=day, actor=officer_user, count=2 * count, named=[{"name": f"选民{n}"} for n in range(count)]
    )
    # session, user, the day (in the officer's stations), its named voters, its visits
    with django_assert_num_queries(5):
        response = officer.get(reverse("activities:reception_voters", args=[day.pk]))
    assert response.status_code == 200
