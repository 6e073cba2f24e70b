"""The roster carries the channels a deputy is reached by besides the phone: e-mail and WeChat Work id, in the
template, the import (checked like every other column) and the export (masked for officers, like phones)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from deputies.models import Deputy
from deputies.services import roster_import
from liaison.core.imports import ImportProblems
from tests.deputies.factories import DeputyFactory, DeputyGroupFactory
from tests.deputies.test_import import cells, good_row
from tests.liaison.factories import StationingFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "姓名",
    "性别",
    "出生年份",
    "手机号码",
    "电子邮箱",
    "企业微信账号",
    "代表层级",
    "届次",
    "选区",
    "代表小组",
    "进站站点",
]


def with_channels(row, email="", wecom=""):
    return [*row[:4], email, wecom, *row[4:]]


@pytest.fixture
def group(point):
    return DeputyGroupFactory(name="第一代表小组", station=point)


def test_e_mail_and_wecom_id_are_imported(officer_user, group):
    rows = [HEADER, with_channels(good_row(), " wang@example.org ", "WangXiaoMing")]
    (deputy,) = roster_import(cells=cells(rows), actor=officer_user)
    deputy.refresh_from_db()
    assert (deputy.email, deputy.wecom_userid) == ("wang@example.org", "WangXiaoMing")


@pytest.mark.parametrize(
    ("email", "wecom", "message"),
    [
        ("wang-at-example.org", "", "不是有效的电子邮箱地址"),
        ("", "王小明", "不是有效的企业微信账号"),
        ("", "x" * 65, "不是有效的企业微信账号"),
    ],
)
def test_a_bad_channel_is_reported_on_its_row(officer_user, group, email, wecom, message):
    rows = [HEADER, with_channels(good_row(), email, wecom)]
    with pytest.raises(ImportProblems) as caught:
        roster_import(cells=cells(rows), actor=officer_user)
    assert any(number == 2 and message in text for number, text in caught.value.problems), (
        caught.value.problems
    )
    assert not Deputy.objects.exists()


def test_the_columns_stay_optional(officer_user, group):
    header = [label for label in HEADER if label not in {"电子邮箱", "企业微信账号"}]
    (deputy,) = roster_import(cells=cells([header, good_row()]), actor=officer_user)
    assert (deputy.email, deputy.wecom_userid) == ("", "")


def _exported(client):
    response = client.get(reverse("deputies:export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return dict(zip(rows[0], rows[1], strict=True))


def test_the_export_shows_the_channels_to_staff_and_masks_the_e_mail_for_officers(
    officer, committee_staff, station
):
    deputy = DeputyFactory(email="chen@example.org", wecom_userid="ChenLi")
    StationingFactory(deputy=deputy, station=station)
    for_staff, for_officer = _exported(committee_staff), _exported(officer)
    assert (for_staff["电子邮箱"], for_staff["企业微信账号"]) == ("chen@example.org", "ChenLi")
    assert for_officer["电子邮箱"] == "c***@example.org"


def test_the_template_has_the_columns(committee_staff):
    response = committee_staff.get(reverse("deputies:import_template"))
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert {"电子邮箱", "企业微信账号"} <= set(header)
