"""Names and phones masked for every role, on every page and in every export (DOMAIN.md, PIPL); shown in full
only by an audited reveal (tests/voters/test_reveal.py)."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from liaison.security import SecurityEvent
from voters.models import PersonalDataExport
from voters.selectors import PersonalData, mask_name

pytestmark = pytest.mark.django_db

FULL_NAME, MASKED_NAME = "张三明", "张*明"
FULL_PHONE, MASKED_PHONE = "13812345678", "138****5678"


@pytest.mark.parametrize(
    ("name", "masked"), [("张三明", "张*明"), ("李四", "李*"), ("欧阳小锋", "欧**锋"), ("王", "*"), ("", "")]
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("client_name", "status", "full"),
    [
        ("officer", 200, False),
        ("committee_staff", 200, False),
        ("deputy", 200, False),  # the receiving deputy reads the opinion, masked
        ("other_officer", 404, False),
        ("other_deputy", 404, False),
        ("unit_user", 403, False),
    ],
)
def test_opinion_detail_masks_for_every_role(request, opinion, client_name, status, full):
    response = request.getfixturevalue(client_name).get(opinion.get_absolute_url())
    assert response.status_code == status
    page = response.content.decode()
    assert (FULL_NAME in page) is full
    assert (FULL_PHONE in page) is full
    if status == 200 and not full:
        assert MASKED_NAME in page and MASKED_PHONE in page


@pytest.mark.parametrize(
    ("client_name", "full"),
    [("officer", False), ("committee_staff", False), ("deputy", False), ("other_officer", False)],
)
def test_opinion_list_masks_for_every_role(request, opinion, client_name, full):
    page = request.getfixturevalue(client_name).get("/opinions/").content.decode()
    assert (FULL_NAME in page) is full
    if client_name != "other_officer":
        assert MASKED_NAME in page


def test_the_public_tracking_page_has_no_personal_data(anonymous, opinion):
    page = anonymous.get(f"/opinions/public/track/{opinion.tracking_code}/").content.decode()
    assert opinion.tracking_code in page
    for secret in (FULL_NAME, MASKED_NAME, FULL_PHONE, MASKED_PHONE, "桂花路12号", opinion.content[:10]):
        assert secret not in page


def test_personal_data_rule_by_role(opinion, officer_user, other_officer_user, staff_user, deputy_user):
    voter = opinion.voter
    assert PersonalData(officer_user).phone(voter) == MASKED_PHONE
    assert PersonalData(staff_user).phone(voter) == MASKED_PHONE
    assert PersonalData(staff_user).name(voter) == MASKED_NAME
    assert PersonalData(deputy_user).phone(voter) == MASKED_PHONE
    # Only a reveal shows one voter in full, for that response.
    assert PersonalData(officer_user, revealed={voter.pk}).phone(voter) == FULL_PHONE
    assert PersonalData(officer_user, revealed={voter.pk}).name(voter) == FULL_NAME
    assert PersonalData(other_officer_user).phone(voter) == MASKED_PHONE
    assert PersonalData(deputy_user).address(voter) == "***"


def _sheet_text(response):
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return " ".join(str(value) for row in workbook.worksheets[0].iter_rows(values_only=True) for value in row)


def test_register_export_is_logged_and_scoped(officer, other_officer, opinion, officer_user):
    day = timezone.localdate(opinion.received_at).isoformat()
    response = officer.get(f"/opinions/register/export/?start={day}&end={day}")
    assert response.status_code == 200
    text = _sheet_text(response)
    assert FULL_NAME not in text and FULL_PHONE not in text
    assert MASKED_NAME in text and MASKED_PHONE in text
    log = PersonalDataExport.objects.get()
    assert (log.actor, log.what, log.row_count, log.unmasked) == (officer_user, "opinions_register", 1, False)
    assert log.parameters["start"] == day
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORTED)  # the security log has it too
    assert (event.user, event.target, event.detail) == (officer_user, "opinions_register", "1 rows")
    # Another station's officer exports nothing of this station.
    text = _sheet_text(other_officer.get(f"/opinions/register/export/?start={day}&end={day}"))
    assert FULL_NAME not in text and MASKED_NAME not in text
    assert PersonalDataExport.objects.count() == 2


def test_deputies_cannot_export(deputy, opinion):
    assert deputy.get("/opinions/register/export/").status_code == 403
    assert deputy.get("/opinions/voters/export/").status_code == 403
    assert not PersonalDataExport.objects.exists()


def test_voter_export_is_logged(committee_staff, opinion, staff_user):
    response = committee_staff.get("/opinions/voters/export/")
    text = _sheet_text(response)
    assert FULL_PHONE not in text and MASKED_PHONE in text
    assert PersonalDataExport.objects.get().actor == staff_user
    assert committee_staff.get("/opinions/exports/").status_code == 200


def test_the_export_log_names_exports_and_their_parameters_in_chinese(committee_staff, opinion):
    committee_staff.get("/opinions/voters/export/")
    committee_staff.get("/opinions/register/export/")
    page = committee_staff.get("/opinions/exports/").content.decode()
    assert "选民" in page and "意见建议登记簿" in page and "联络站: 全部" in page
    for stored in ("opinions_register", "station=None", "<td>voters</td>"):
        assert stored not in page, stored
