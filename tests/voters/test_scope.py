"""Staff of a jurisdiction (issue 15) see the opinions and voters of the stations under it, on every page of
the voters app: the list and its figures, an opinion's page, the registers and their files, the voters and
their workbook, the monthly consultation, the units a triage offers and the log of exports.

`opinion` is of `station` (东湖街道), `other_opinion` of `other_station` (西湖街道), both streets of
`district`; `other_district_staff` works for another district, `committee_staff` for the whole deployment."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from liaison.models import HandlingUnit
from tests.books import printed_rows
from voters.models import Opinion, PersonalDataExport, ReturnVisit, Route, Satisfaction

pytestmark = pytest.mark.django_db

# Which of the two opinions (by fixture name) each staff member sees.
SEES = {
    "committee_staff": {"opinion", "other_opinion"},
    "district_staff": {"opinion", "other_opinion"},
    "street_staff": {"opinion"},
    "other_street_staff": {"other_opinion"},
    "other_district_staff": set(),
}
STAFF = sorted(SEES)


@pytest.fixture
def both(opinion, other_opinion):
    return {"opinion": opinion, "other_opinion": other_opinion}


def _seen(both, codes):
    """The opinions of `both` whose tracking code is among what a page or file shows."""
    return {name for name, opinion in both.items() if opinion.tracking_code in codes}


def _voters_seen(both, numbers):
    return {name for name, opinion in both.items() if opinion.voter_id in numbers}


def _today():
    day = timezone.localdate().isoformat()
    return {"start": day, "end": day}


def _workbook_rows(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]


def _workbook_cells(response):
    return {value for row in _workbook_rows(response) for value in row}


def _printed_cells(response):
    return {cell for row in printed_rows(response) for cell in row}


@pytest.mark.parametrize("staff", STAFF)
def test_the_opinion_list_and_its_figures_count_the_jurisdiction_only(request, staff, both):
    response = request.getfixturevalue(staff).get("/opinions/")
    assert response.status_code == 200
    assert _seen(both, {opinion.tracking_code for opinion in response.context["page"]}) == SEES[staff]
    assert sum(count for _label, _pk, count in response.context["by_category"]) == len(SEES[staff])
    assert sum(count for _label, _route, count in response.context["by_route"]) == len(SEES[staff])
    assert response.context["ages"]["week"] == len(SEES[staff])


@pytest.mark.parametrize("staff", STAFF)
def test_an_opinion_outside_the_jurisdiction_is_not_found(request, staff, both):
    client = request.getfixturevalue(staff)
    for name, opinion in both.items():
        expected = 200 if name in SEES[staff] else 404
        assert client.get(opinion.get_absolute_url()).status_code == expected, name
        assert client.get(f"/opinions/{opinion.pk}/triage/").status_code == expected, name
        assert client.get(opinion.voter.get_absolute_url()).status_code == expected, name


@pytest.mark.parametrize("staff", STAFF)
def test_the_opinions_register_its_workbook_and_print_view(request, staff, both):
    client = request.getfixturevalue(staff)
    page = client.get("/opinions/register/", _today())
    assert _seen(both, {opinion.tracking_code for opinion in page.context["opinions"]}) == SEES[staff]
    assert _seen(both, _workbook_cells(client.get("/opinions/register/export/", _today()))) == SEES[staff]
    assert _seen(both, _printed_cells(client.get("/opinions/register/print/", _today()))) == SEES[staff]


@pytest.mark.parametrize("staff", STAFF)
def test_the_feedback_register_its_workbook_and_print_view(request, staff, both, officer_user):
    for opinion in both.values():
        ReturnVisit.objects.create(
            opinion=opinion,
            voter=opinion.voter,
            method=ReturnVisit.Method.PHONE,
            visited_by=officer_user,
            satisfaction=Satisfaction.SATISFIED,
        )
    client = request.getfixturevalue(staff)
    page = client.get("/opinions/feedback/", _today())
    assert _seen(both, {visit.opinion.tracking_code for visit in page.context["visits"]}) == SEES[staff]
    assert _seen(both, _workbook_cells(client.get("/opinions/feedback/export/", _today()))) == SEES[staff]
    assert _seen(both, _printed_cells(client.get("/opinions/feedback/print/", _today()))) == SEES[staff]


@pytest.mark.parametrize("staff", STAFF)
def test_the_voters_and_their_workbook(request, staff, both):
    client = request.getfixturevalue(staff)
    page = client.get("/opinions/voters/")
    assert _voters_seen(both, {voter.pk for voter in page.context["page"]}) == SEES[staff]
    numbers = {row[0] for row in _workbook_rows(client.get("/opinions/voters/export/"))}  # the voter's number
    assert _voters_seen(both, numbers) == SEES[staff]


@pytest.mark.parametrize("staff", STAFF)
def test_the_monthly_consultation(request, staff, both):
    response = request.getfixturevalue(staff).get("/opinions/consultation/")
    shown = {
        opinion.tracking_code
        for group in response.context["groups"]
        for level in group["levels"]
        for opinion in level["opinions"]
    }
    assert _seen(both, shown) == SEES[staff]
    assert response.context["total"] == len(SEES[staff])


@pytest.fixture
def units(street, other_street, handling_unit):
    return {
        "street": HandlingUnit.objects.create(name="东湖街道办事处", jurisdiction=street),
        "other_street": HandlingUnit.objects.create(name="西湖街道办事处", jurisdiction=other_street),
        "district": handling_unit,
    }


@pytest.mark.parametrize(
    ("staff", "offered"),
    [
        ("committee_staff", {"street", "other_street", "district"}),
        ("district_staff", {"street", "other_street", "district"}),
        ("street_staff", {"street"}),
        ("other_street_staff", {"other_street"}),
    ],
)
def test_a_triage_offers_the_units_of_the_staff_members_levels(request, staff, offered, both, units):
    opinion = both["opinion" if "opinion" in SEES[staff] else "other_opinion"]
    form = request.getfixturevalue(staff).get(f"/opinions/{opinion.pk}/triage/").context["form"]
    assert set(form.fields["handling_unit"].queryset) == {units[name] for name in offered}


def test_a_streets_staff_cannot_refer_an_opinion_to_another_streets_office(street_staff, opinion, units):
    triage = f"/opinions/{opinion.pk}/triage/"
    refused = street_staff.post(
        triage, {"route": Route.STREET_OFFICE, "handling_unit": units["other_street"].pk}
    )
    assert refused.status_code == 200 and "handling_unit" in refused.context["form"].errors
    assert Opinion.objects.get(pk=opinion.pk).status == Opinion.Status.RECEIVED
    done = street_staff.post(triage, {"route": Route.STREET_OFFICE, "handling_unit": units["street"].pk})
    assert done.status_code == 302
    assert Opinion.objects.get(pk=opinion.pk).handling_unit == units["street"]


def test_the_export_log_holds_the_exports_of_the_accounts_under_the_jurisdiction(
    street_staff, district_staff, committee_staff, street_staff_user, district_staff_user
):
    for actor in (street_staff_user, district_staff_user):
        PersonalDataExport.objects.create(actor=actor, what="voters")

    def actors(client):
        return {export.actor for export in client.get("/opinions/exports/").context["page"]}

    # The district's files hold every street's voters: not for a street's staff to read about.
    assert actors(street_staff) == {street_staff_user}
    assert actors(district_staff) == {street_staff_user, district_staff_user}
    assert actors(committee_staff) == {street_staff_user, district_staff_user}
