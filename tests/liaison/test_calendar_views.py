"""The working-day calendar's pages: a year's days, loading it from the official schedule, correcting a day,
adding one (staff only: tests/liaison/access.py)."""

from datetime import date

import pytest
from django.urls import reverse

from liaison.models import Holiday
from liaison.official_calendar import known_years
from liaison.services import calendar_load_year

pytestmark = pytest.mark.django_db


def test_staff_load_a_year_from_the_page_and_see_its_days(committee_staff, staff_user):
    response = committee_staff.post(reverse("calendar:load", args=[2026]), follow=True)
    page = response.content.decode()
    assert "2026 已按国务院安排导入" in page
    assert "国庆节调休上班" in page and "国务院安排" in page
    assert Holiday.objects.filter(date__year=2026, changed_by=staff_user).count() == 39


def test_a_year_the_package_does_not_know_says_so_and_offers_no_load(committee_staff):
    unknown = known_years()[-1] + 1
    page = committee_staff.get(reverse("calendar:year", args=[unknown])).content.decode()
    assert "日历包中没有" in page and reverse("calendar:load", args=[unknown]) not in page
    response = committee_staff.post(reverse("calendar:load", args=[unknown]), follow=True)
    assert f"没有 {unknown} 年的国务院节假日安排" in response.content.decode()
    assert not Holiday.objects.exists()


def test_a_year_out_of_range_is_not_found(committee_staff):
    assert committee_staff.get(reverse("calendar:year", args=[1900])).status_code == 404


def test_only_staff_load(officer):
    assert officer.post(reverse("calendar:load", args=[2026])).status_code == 403
    assert not Holiday.objects.exists()


def test_staff_correct_an_official_day_and_a_later_load_keeps_it(committee_staff, staff_user):
    calendar_load_year(year=2026)
    day = Holiday.objects.get(date=date(2026, 10, 10))
    url = reverse("calendar:day_edit", args=[day.pk])
    response = committee_staff.post(url, {"name": "", "is_working_day": ""})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    committee_staff.post(url, {"name": "街道补休", "is_working_day": ""})
    calendar_load_year(year=2026)
    day.refresh_from_db()
    assert (day.name, day.is_working_day, day.source, day.changed_by) == (
        "街道补休",
        False,
        Holiday.Source.STAFF,
        staff_user,
    )
    assert "街道补休" in committee_staff.get(url).content.decode()  # in the record history too


def test_adding_a_day_keeps_what_was_typed_and_says_what_is_wrong(committee_staff):
    url = reverse("calendar:year", args=[2026])
    Holiday.objects.create(date=date(2026, 10, 1), name="国庆节")
    duplicate = committee_staff.post(url, {"date": "2026-10-01", "name": "重复的国庆"}).content.decode()
    assert "日历中已有这一天" in duplicate and "重复的国庆" in duplicate
    weekday = committee_staff.post(url, {"date": "2026-11-04", "name": "普通周三", "is_working_day": "on"})
    assert "只需列出节假日" in weekday.content.decode() and "普通周三" in weekday.content.decode()
    bad = committee_staff.post(url, {"date": "2026-13-45", "name": "乱填"}).content.decode()
    assert "输入一个有效的日期" in bad and "乱填" in bad
    response = committee_staff.post(url, {"date": "2026-12-26", "name": "本地调休", "is_working_day": "on"})
    assert response.status_code == 302
    added = Holiday.objects.get(date=date(2026, 12, 26))
    assert added.is_working_day and added.source == Holiday.Source.STAFF


@pytest.mark.parametrize("years", [[2026], [2025, 2026]])
def test_the_year_page_counts_its_queries(committee_staff, staff_user, years, django_assert_max_num_queries):
    for year in years:
        calendar_load_year(year=year, actor=staff_user)
    with django_assert_max_num_queries(8):
        assert committee_staff.get(reverse("calendar:year", args=[2026])).status_code == 200


@pytest.mark.parametrize("client_name", ["committee_staff", "street_staff", "district_staff"])
def test_staff_find_the_calendar_in_their_menu_beside_the_policy(request, client_name):
    page = request.getfixturevalue(client_name).get(reverse("home:home")).content.decode()
    menu = page[page.index('href="' + reverse("policies:edit")) :]
    assert f'href="{reverse("calendar:days")}"' in menu[:400] and "工作日历" in menu[:400]


def test_officers_have_no_calendar_entry(officer):
    assert f'href="{reverse("calendar:days")}"' not in officer.get(reverse("home:home")).content.decode()
