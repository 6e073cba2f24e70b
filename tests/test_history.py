"""Record history (django-simple-history): who changed which field, shown to committee staff on the record's
page with bounded queries, personal fields masked, voters' personal fields never kept."""

import pytest
from django.test.utils import CaptureQueriesContext

from deputies.models import Deputy, Mandate
from liaison.models import HandlingUnit
from suggestions.models import Assignment, Suggestion
from tests.suggestions.factories import Loop
from tests.voters.factories import OpinionFactory, VoterFactory
from voters.models import Opinion, Route, Voter

pytestmark = pytest.mark.django_db


def _change_deputy(deputy, user, times):
    for number in range(times):
        deputy.occupation = f"职业{number}"
        deputy._history_user = user
        deputy.save()


def test_the_request_user_is_who_changed_a_voter(officer, officer_user, station):
    voter = VoterFactory(station=station, name="张三明", phone="+8613812345678")
    response = officer.post(
        f"/opinions/voters/{voter.pk}/edit/",
        {"name": "张三明", "phone": "13812345678", "community": "丹桂社区", "consent": "on"},
    )
    assert response.status_code == 302
    record = Voter.history.filter(id=voter.pk).latest("history_date")
    assert record.history_user == officer_user
    assert record.community == "丹桂社区"
    # The history keeps no name, phone, address or notes (PIPL: retention must not be undone by it).
    for field in ("name", "phone", "address", "notes"):
        assert not hasattr(record, field)


def test_a_service_called_from_a_view_records_the_request_user(officer, officer_user, station):
    opinion = OpinionFactory(station=station)
    response = officer.post(
        f"/opinions/{opinion.pk}/triage/", {"route": Route.STREET_OFFICE, "partner": "街道办"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = Opinion.history.filter(id=opinion.pk).latest("history_date")
    assert (record.history_user, record.route, record.history_type) == (
        officer_user,
        Route.STREET_OFFICE,
        "~",
    )
    assert not hasattr(record, "content")


def test_the_suggestion_loop_still_works_and_leaves_a_history(staff_user, deputy_user, unit_user_account):
    loop = Loop(staff=staff_user, deputy_user=deputy_user, unit_user=unit_user_account)
    suggestion = loop.to("assigned")
    suggestion = loop.to("replied", suggestion=suggestion)
    statuses = list(
        Suggestion.history.filter(id=suggestion.pk).order_by("history_date").values_list("status", flat=True)
    )
    assert statuses[0] == Suggestion.Status.DRAFT and statuses[-1] == Suggestion.Status.REPLIED
    assignment = Assignment.objects.get(suggestion=suggestion)
    assert Assignment.history.filter(id=assignment.pk).count() >= 2
    assert HandlingUnit.history.filter(id=assignment.unit_id).exists()


def test_staff_see_who_changed_which_field_on_the_deputy_page(committee_staff, staff_user, deputy_record):
    deputy_record.phone = "+8613900001111"
    deputy_record._history_user = staff_user
    deputy_record.save()
    mandate = Mandate.objects.filter(deputy=deputy_record).first()
    mandate.term = "第十九届"
    mandate.save()
    page = committee_staff.get(deputy_record.get_absolute_url()).content.decode()
    assert "Record history" in page or "修改记录" in page
    assert str(staff_user) in page.split("Record history" if "Record history" in page else "修改记录")[1]
    # Old → new, phones masked: 138****5678 → 139****1111.
    assert "138****5678 → 139****1111" in page
    assert "→ 第十九届" in page


@pytest.mark.parametrize("client_name", ["officer", "deputy"])
def test_others_do_not_see_the_history(request, client_name, staff_user, deputy_record):
    _change_deputy(deputy_record, staff_user, 1)
    response = request.getfixturevalue(client_name).get(deputy_record.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Record history" not in page and "修改记录" not in page


def _queries(client, url):
    from django.db import connection

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("page", ["deputy", "opinion", "voter", "suggestion", "unit"])
def test_history_costs_the_same_queries_at_2_and_20_changes(
    page, committee_staff, staff_user, station, deputy_record, deputy_user, unit_user_account
):
    loop = Loop(staff=staff_user, deputy_user=deputy_user, unit_user=unit_user_account)
    suggestion = loop.to("assigned")
    voter = VoterFactory(station=station)
    opinion = OpinionFactory(station=station, voter=voter)
    target = {
        "deputy": deputy_record,
        "opinion": opinion,
        "voter": voter,
        "suggestion": suggestion,
        "unit": unit_user_account.handling_unit,
    }[page]

    def change(times):
        for number in range(times):
            if page == "deputy":
                target.occupation = f"职业{number}"
            elif page == "opinion":
                target.partner = f"社区{number}"
            elif page == "voter":
                target.community = f"社区{number}"
            elif page == "suggestion":
                target.title = f"标题{number}"
            else:
                target.contact_name = f"联系人{number}"
            target._history_user = staff_user
            target.save()

    change(2)
    url = target.get_absolute_url()
    with_two = _queries(committee_staff, url)
    change(18)
    assert _queries(committee_staff, url) == with_two


def test_the_history_shows_twenty_versions_at_most(committee_staff, staff_user, deputy_record):
    from liaison.core.history import HISTORY_LIMIT, history_rows

    _change_deputy(deputy_record, staff_user, 30)
    rows = history_rows(Deputy.objects.get(pk=deputy_record.pk), "mandates")
    assert len(rows) == HISTORY_LIMIT
    assert rows[0]["changes"] and rows[0]["user"] == staff_user
