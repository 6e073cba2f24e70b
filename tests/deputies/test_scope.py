"""Deputies by the staff member's jurisdiction (issue 15): staff of a street see, export, import and give
accounts to the deputies stationed in their street only; a district's staff those of both its streets."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from deputies.models import Deputy
from deputies.selectors import deputies_visible_to, groups_managed_by, groups_visible_to
from deputies.services import roster_import
from liaison.core.imports import ImportProblems
from liaison.models import User
from tests.deputies.factories import DeputyGroupFactory
from tests.deputies.test_import import HEADER, cells, good_row
from tests.liaison.factories import UserFactory
from tests.liaison.sms_file import SmsFile

pytestmark = pytest.mark.django_db


def _names(response):
    return {deputy.name for deputy in response.context["page"]}


def test_street_staff_list_their_streets_deputies_and_a_district_both(
    street_staff, district_staff, other_district_staff, committee_staff, deputy_record, other_deputy_record
):
    assert _names(street_staff.get(reverse("deputies:list"))) == {"陈建国"}
    assert _names(district_staff.get(reverse("deputies:list"))) == {"陈建国", "林小红"}
    assert _names(other_district_staff.get(reverse("deputies:list"))) == set()
    assert _names(committee_staff.get(reverse("deputies:list"))) == {"陈建国", "林小红"}


def test_the_export_holds_the_streets_deputies_only(street_staff, deputy_record, other_deputy_record):
    response = street_staff.get(reverse("deputies:export"))
    names = {row[0] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)}
    assert "陈建国" in names and "林小红" not in names


def test_the_other_streets_deputy_is_not_found(street_staff, district_staff, other_deputy_record):
    for name in ("deputies:detail", "deputies:edit", "deputies:account"):
        url = reverse(name, args=[other_deputy_record.pk])
        assert street_staff.get(url).status_code == 404
        assert district_staff.get(url).status_code == 200


def test_the_roster_filter_offers_the_streets_sectors_only(street_staff, deputy_record, other_deputy_record):
    Deputy.objects.filter(pk=deputy_record.pk).update(sector="工人")
    Deputy.objects.filter(pk=other_deputy_record.pk).update(sector="农民")
    page = street_staff.get(reverse("deputies:list")).content.decode()
    assert '<option value="工人">' in page and "农民" not in page


def test_groups_follow_the_street(street_staff_user, district_staff_user, point, other_station):
    own, other = DeputyGroupFactory(station=point), DeputyGroupFactory(station=other_station)
    assert set(groups_visible_to(street_staff_user)) == set(groups_managed_by(street_staff_user)) == {own}
    assert set(groups_managed_by(district_staff_user)) == {own, other}


def test_street_staff_import_only_to_their_stations_and_groups(street_staff_user, point, other_station):
    DeputyGroupFactory(name="第一代表小组", station=other_station)  # the row's group, in the other street
    for station, message in (
        ("西湖街道人大代表联络站", "不在您的管辖范围内"),
        ("", "缺少进站站点"),
        ("桂花社区联络点", "代表小组“第一代表小组”不存在"),
    ):
        with pytest.raises(ImportProblems) as caught:
            roster_import(cells=cells([HEADER, good_row(station=station)]), actor=street_staff_user)
        assert any(message in text for _number, text in caught.value.problems), caught.value.problems
    assert not Deputy.objects.exists()


def test_street_staff_import_a_deputy_stationed_in_their_street(street_staff_user, point):
    DeputyGroupFactory(name="第一代表小组", station=point)
    [deputy] = roster_import(cells=cells([HEADER, good_row()]), actor=street_staff_user)
    assert deputy.stationings.get().station == point
    assert deputy in deputies_visible_to(street_staff_user)


def test_bulk_accounts_are_made_for_the_streets_deputies_only(
    street_staff, deputy_record, other_deputy_record, settings, monkeypatch, tmp_path
):
    SmsFile.install(settings, monkeypatch, tmp_path)
    assert street_staff.get(reverse("deputies:accounts")).context["without_account"] == 1
    report = street_staff.post(reverse("deputies:accounts"), {"mode": "everyone"}).context["report"]
    assert [deputy.name for deputy, _sent in report.created] == ["陈建国"]
    other_deputy_record.refresh_from_db()
    assert other_deputy_record.user is None


def test_only_accounts_under_the_jurisdiction_are_offered_for_linking(
    street_staff, committee_staff, street, other_street, deputy_record
):
    mine = UserFactory(username="dep_mine", role=User.Role.DEPUTY, jurisdiction=street)
    theirs = UserFactory(username="dep_theirs", role=User.Role.DEPUTY, jurisdiction=other_street)
    url = reverse("deputies:account", args=[deputy_record.pk])
    assert list(street_staff.get(url).context["candidates"]) == [mine]
    assert set(committee_staff.get(url).context["candidates"]) == {mine, theirs}
    linked = street_staff.post(reverse("deputies:account_link", args=[deputy_record.pk]), {"user": theirs.pk})
    assert linked.status_code == 404
