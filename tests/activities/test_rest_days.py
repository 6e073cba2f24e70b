"""Reception days that fall on a holiday or a weekend rest day (liaison/workdays.py, with 调休) offer the next
working day (issue 15): the plan proposes it and moves a day in one click, the form offers it in Chinese
with a one-click choice, and nothing keeps a rest day without saying so."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.activities.models import Activity, ActivityEvent, ReceptionPlan
from liaison.activities.services import plan_generate
from liaison.models import Holiday
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_day():
    # 2027: 1-7 October off, Saturday 9 October worked (调休).
    for day in range(1, 8):
        Holiday.objects.create(date=date(2027, 10, day), name="国庆节")
    Holiday.objects.create(date=date(2027, 10, 9), name="国庆节调休", is_working_day=True)


def _plan(station, officer_user, month_day):
    StationingFactory(deputy=DeputyFactory(name="陈建国"), station=station)
    return ReceptionPlan.objects.create(
        station=station,
        year=2027,
        rule=ReceptionPlan.Rule.MONTH_DAY,
        month_day=month_day,
        start_time=time(9),
        end_time=time(11, 30),
        place="接待室",
        deputies_per_day=1,
        created_by=officer_user,
    )


def _local(activity):
    return timezone.localtime(activity.starts_at), timezone.localtime(activity.ends_at)


def test_the_plan_proposes_the_next_working_day_and_moves_in_one_click(
    officer, officer_user, station, national_day
):
    plan = _plan(station, officer_user, month_day=5)
    created = plan_generate(plan=plan, actor=officer_user)
    october = next(each for each in created if each.starts_at.month == 10)
    assert october.holiday_note == "国庆节"
    page = officer.get(plan.get_absolute_url()).content.decode()
    # Friday 8 October is the first working day after the holiday (the worked Saturday is the 9th).
    assert "建议顺延到下一个工作日" in page and "改到 2027-10-08 星期五" in page
    response = officer.post(reverse("activities:move_to_working_day", args=[october.pk]), {"back": "plan"})
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    october.refresh_from_db()
    start = timezone.make_aware(datetime(2027, 10, 8, 9))
    assert _local(october) == (start, timezone.make_aware(datetime(2027, 10, 8, 11, 30)))
    assert october.holiday_note == ""
    assert october.events.filter(kind=ActivityEvent.Kind.RESCHEDULED).exists()
    assert "改到" not in officer.get(plan.get_absolute_url()).content.decode().split("2027-10-08")[1][:300]


def test_a_weekend_rest_day_is_flagged_and_a_worked_saturday_is_not(officer_user, station, national_day):
    created = plan_generate(plan=_plan(station, officer_user, month_day=9), actor=officer_user)
    flagged = {timezone.localdate(each.starts_at): each.holiday_note for each in created if each.holiday_note}
    # The 9th is a Saturday in January and a Sunday in May 2027; 9 October is the worked Saturday.
    assert flagged == {date(2027, 1, 9): "周末休息日", date(2027, 5, 9): "周末休息日"}


def test_moving_a_working_day_is_refused(officer, officer_user, station):
    plan = _plan(station, officer_user, month_day=8)
    monday = next(each for each in plan_generate(plan=plan, actor=officer_user) if not each.holiday_note)
    before = _local(monday)
    officer.post(reverse("activities:move_to_working_day", args=[monday.pk]))
    monday.refresh_from_db()
    assert _local(monday) == before


def _form(station, day, **extra):
    return {
        "kind": Activity.Kind.RECEPTION,
        "title": "代表接待选民日",
        "station": station.pk,
        "starts_at": f"{day} 09:00",
        "ends_at": f"{day} 11:30",
        "place": "联络站接待室",
        **extra,
    }


def test_the_form_offers_the_next_working_day_and_keeps_what_was_typed(officer, station, national_day):
    response = officer.post(reverse("activities:create"), _form(station, "2027-10-01"))
    page = response.content.decode()
    assert response.status_code == 200 and not Activity.objects.exists()
    assert "2027-10-01不是工作日（国庆节）" in page and "2027-10-08 星期五" in page
    assert 'value="move"' in page and 'value="keep"' in page and "代表接待选民日" in page
    officer.post(reverse("activities:create"), _form(station, "2027-10-01", rest_day="move"))
    moved = Activity.objects.get()
    assert _local(moved)[0] == timezone.make_aware(datetime(2027, 10, 8, 9)) and moved.holiday_note == ""


def test_keeping_the_rest_day_on_purpose_leaves_it_flagged(officer, station):
    officer.post(reverse("activities:create"), _form(station, "2027-01-09", rest_day="keep"))
    kept = Activity.objects.get()
    assert timezone.localdate(kept.starts_at) == date(2027, 1, 9) and kept.holiday_note == "周末休息日"
    page = officer.get(kept.get_absolute_url()).content.decode()
    assert "不是工作日" in page and "改到 2027-01-11 星期一" in page


def test_a_training_on_a_saturday_is_not_questioned(officer, station):
    officer.post(reverse("activities:create"), _form(station, "2027-01-09", kind=Activity.Kind.TRAINING))
    assert Activity.objects.get().holiday_note == ""
