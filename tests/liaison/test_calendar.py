"""The working-day calendar: loaded from the State Council's schedule (chinesecalendar), corrected by staff,
read by every clock through liaison/workdays.py."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from liaison import workdays
from liaison.core.errors import ActionRefused
from liaison.models import Holiday
from liaison.official_calendar import known_years
from liaison.services import calendar_load_year, holiday_correct

pytestmark = pytest.mark.django_db
UNKNOWN_YEAR = known_years()[-1] + 5


def test_working_days_skip_weekends_and_holidays_and_count_worked_weekends():
    # Friday 2026-09-25; National Day week off, Sunday 2026-09-27 worked (调休).
    for day in range(1, 8):
        Holiday.objects.create(date=date(2026, 10, day), name="国庆节")
    Holiday.objects.create(date=date(2026, 9, 27), name="调休", is_working_day=True)
    # Sunday 27th (worked), Mon 28, Tue 29, Wed 30, then 1-7 Oct off, Thu 8 Oct, Fri 9 Oct.
    assert workdays.add_working_days(date(2026, 9, 25), 4) == date(2026, 9, 30)
    assert workdays.add_working_days(date(2026, 9, 25), 6) == date(2026, 10, 9)
    assert workdays.next_working_day(date(2026, 10, 1)) == date(2026, 10, 8)
    assert workdays.is_working_day(date(2026, 9, 27)) and not workdays.is_working_day(date(2026, 10, 5))


def test_loading_a_year_brings_its_holidays_and_its_make_up_working_days(staff_user):
    counts = calendar_load_year(year=2026, actor=staff_user)
    days = {holiday.date: holiday for holiday in Holiday.objects.all()}
    assert counts == {"added": len(days), "updated": 0, "kept": 0}
    assert days[date(2026, 10, 1)].name == "国庆节" and not days[date(2026, 10, 1)].is_working_day
    # The State Council's 2026 schedule: Saturday 2026-10-10 is worked for National Day (调休).
    assert days[date(2026, 10, 10)].is_working_day and "国庆节" in days[date(2026, 10, 10)].name
    assert {holiday.source for holiday in days.values()} == {Holiday.Source.OFFICIAL}
    assert days[date(2026, 1, 1)].changed_by == staff_user
    # National Day week from the official schedule: Friday 2026-09-30, then Thursday 2026-10-08.
    assert workdays.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert workdays.add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)
    assert calendar_load_year(year=2026, actor=staff_user) == {"added": 0, "updated": 0, "kept": 0}


def test_a_day_staff_corrected_survives_a_load_and_keeps_its_history(staff_user):
    calendar_load_year(year=2026)
    day = Holiday.objects.get(date=date(2026, 10, 10))
    day.is_working_day, day.name = False, "本地补休"
    holiday_correct(holiday=day, actor=staff_user)
    official = Holiday.objects.get(date=date(2026, 10, 1))
    official.name = "旧名"
    official.save()

    counts = calendar_load_year(year=2026)

    assert counts["kept"] == 1 and counts["updated"] == 1
    day.refresh_from_db()
    assert (day.name, day.is_working_day, day.source, day.changed_by) == (
        "本地补休",
        False,
        Holiday.Source.STAFF,
        staff_user,
    )
    assert Holiday.objects.get(date=date(2026, 10, 1)).name == "国庆节"
    versions = list(
        day.history.order_by("history_id").values_list("source", "is_working_day", "history_user")
    )
    assert versions == [("official", True, None), ("staff", False, staff_user.pk)]


def test_a_year_the_package_does_not_know_is_refused_with_the_years_it_knows():
    with pytest.raises(ActionRefused) as refused:
        calendar_load_year(year=UNKNOWN_YEAR)
    assert (
        str(UNKNOWN_YEAR) in refused.value.messages[0] and str(known_years()[-1]) in refused.value.messages[0]
    )
    assert not Holiday.objects.exists()


def test_the_command_loads_the_years_named_and_fails_on_one_unknown(capsys):
    call_command("load_holidays", "2025", "2026")
    assert (
        Holiday.objects.filter(date__year=2025).exists() and Holiday.objects.filter(date__year=2026).exists()
    )
    with pytest.raises(CommandError):
        call_command("load_holidays", str(UNKNOWN_YEAR))
    assert "2026: 39 days added" in capsys.readouterr().out
