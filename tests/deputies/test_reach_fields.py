"""What reminders need on a deputy's record (issue 14): a mainland mobile, refused at entry with the reason
otherwise, and an e-mail and a WeChat Work id entered beside it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deputies.models import Deputy
from deputies.services import roster_check
from liaison.core.imports import ImportProblems
from liaison.core.phones import normalise_mobile
from tests.deputies.test_import import HEADER, cells, good_row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("010-12345678", "是固定电话，无法接收短信"),
        ("+852 9123 4567", "不是中国大陆手机号"),
        ("12345", "不是有效的电话号码"),
    ],
)
def test_a_number_that_is_not_a_mainland_mobile_is_refused_with_the_reason(raw, reason):
    with pytest.raises(ValidationError) as refused:
        normalise_mobile(raw)
    assert reason in refused.value.messages[0]


def test_a_mobile_is_stored_in_one_form():
    assert normalise_mobile("138 0000 1111") == normalise_mobile("+86 13800001111") == "+8613800001111"
    assert normalise_mobile("") == ""


def test_the_deputy_form_refuses_a_landline_and_takes_the_e_mail_and_wecom_id(officer, station):
    data = {"name": "王小明", "gender": "M", "phone": "027-88886666", "station": station.pk}
    refused = officer.post(reverse("deputies:create"), data)
    assert "是固定电话，无法接收短信" in refused.content.decode()
    data = {**data, "phone": "13800001111", "email": "wang@example.org", "wecom_userid": "wangxiaoming"}
    assert officer.post(reverse("deputies:create"), data).status_code == 302
    deputy = Deputy.objects.get()
    assert (deputy.email, deputy.wecom_userid) == ("wang@example.org", "wangxiaoming")
    page = officer.get(deputy.get_absolute_url()).content.decode()
    assert "wang@example.org" in page and "wangxiaoming" in page


def test_the_roster_refuses_a_landline_with_the_reason(officer_user, point):
    with pytest.raises(ImportProblems) as refused:
        roster_check(cells([HEADER, good_row(phone="027-88886666")]), actor=officer_user)
    assert any("是固定电话" in message for _row, message in refused.value.problems)
