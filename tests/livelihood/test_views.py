"""The pages through the client, as each role uses them: staff propose and run the vote, the unit reports,
the deputy evaluates; nothing of another street shows; the list's queries do not grow with its rows."""

import pytest
from django.urls import reverse

from liaison.livelihood.models import Ballot, Project, Vote
from tests.livelihood.factories import candidate, carried, completed, open_vote
from tests.voters.factories import OpinionFactory

pytestmark = pytest.mark.django_db


def test_staff_propose_a_candidate_from_opinions_by_tracking_code(
    committee_staff, street, station, handling_unit
):
    opinion = OpinionFactory(station=station)
    data = {
        "jurisdiction": street.pk,
        "year": 2026,
        "title": "社区老年食堂",
        "description": "建设老年助餐点",
        "budget": "85.50",
        "unit": handling_unit.pk,
        "source": Project.Source.OPINIONS,
        "proposed_by": "",
        "opinion_codes": f"{opinion.tracking_code.lower()}, NOSUCHCODE",
    }
    response = committee_staff.post(reverse("livelihood:create"), data)
    assert response.status_code == 200
    assert "NOSUCHCODE" in response.content.decode()
    assert "社区老年食堂" in response.content.decode()  # the input is kept
    data["opinion_codes"] = opinion.tracking_code
    response = committee_staff.post(reverse("livelihood:create"), data)
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert list(project.opinions.all()) == [opinion]


def test_a_government_candidate_without_its_body_is_refused_on_the_form(
    committee_staff, street, handling_unit
):
    data = {
        "jurisdiction": street.pk,
        "year": 2026,
        "title": "口袋公园",
        "description": "建设口袋公园",
        "budget": "150",
        "unit": handling_unit.pk,
        "source": Project.Source.GOVERNMENT,
        "proposed_by": "",
    }
    response = committee_staff.post(reverse("livelihood:create"), data)
    assert response.status_code == 200
    assert "口袋公园" in response.content.decode()  # the input is kept
    assert response.context["form"].non_field_errors()
    assert not Project.objects.exists()


def test_staff_put_candidates_to_the_vote_record_the_roll_and_the_tally(
    committee_staff, staff_user, street, handling_unit, deputy_record
):
    project = candidate(staff_user, street, handling_unit)
    response = committee_staff.post(
        reverse("livelihood:vote_create"),
        {
            "jurisdiction": street.pk,
            "year": project.year,
            "level": "county",
            "name": "东湖街道民生实事项目票决会",
            "held_on": "2026-12-01",
            "projects": [project.pk],
        },
    )
    vote = Vote.objects.get()
    assert response["Location"] == vote.get_absolute_url()
    page = committee_staff.get(vote.get_absolute_url()).content.decode()
    assert reverse("livelihood:vote_roll", args=[vote.pk]) in page
    assert reverse("livelihood:vote_tally", args=[vote.pk]) not in page  # the roll first
    committee_staff.post(reverse("livelihood:vote_roll", args=[vote.pk]), {"present": [deputy_record.pk]})
    ballot = Ballot.objects.get()
    tally_url = reverse("livelihood:vote_tally", args=[vote.pk])
    response = committee_staff.post(
        tally_url, {f"for_{ballot.pk}": 1, f"against_{ballot.pk}": 1, f"abstain_{ballot.pk}": 0}
    )
    assert response.status_code == 200  # two votes from one deputy present: shown again on the form
    assert Vote.objects.get().status == Vote.Status.OPEN
    response = committee_staff.post(
        tally_url, {f"for_{ballot.pk}": 1, f"against_{ballot.pk}": 0, f"abstain_{ballot.pk}": 0}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.CARRIED


def test_the_unit_reports_progress_from_the_project_page(
    unit_user, staff_user, street, handling_unit, deputy_record
):
    project = carried(staff_user, street, handling_unit, deputy_record)
    page = unit_user.get(project.get_absolute_url()).content.decode()
    report_url = reverse("livelihood:report", args=[project.pk])
    assert report_url in page
    assert reverse("livelihood:edit", args=[project.pk]) not in page
    response = unit_user.post(
        report_url, {"reported_on": "2026-06-01", "percent": 100, "text": "完工验收", "completed": "on"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED
    assert "完工验收" in unit_user.get(project.get_absolute_url()).content.decode()


def test_the_supervising_deputy_evaluates_at_year_end(
    deputy, staff_user, street, handling_unit, deputy_record
):
    project = completed(staff_user, street, handling_unit, deputy_record)
    url = reverse("livelihood:evaluate", args=[project.pk])
    assert url in deputy.get(project.get_absolute_url()).content.decode()
    response = deputy.post(url, {"deputy": deputy_record.pk, "rating": "satisfied", "note": "很好"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.EVALUATED
    # Evaluated: the step is closed, and a second try is told so on the project's page.
    response = deputy.get(url)
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()


def test_nothing_of_another_street_shows(
    other_street_staff,
    other_officer,
    other_deputy,
    district_staff,
    staff_user,
    street,
    handling_unit,
    deputy_record,
):
    project = carried(staff_user, street, handling_unit, deputy_record)
    vote = project.ballot.vote
    for client in (other_street_staff, other_officer, other_deputy):
        assert client.get(project.get_absolute_url()).status_code == 404
        assert client.get(vote.get_absolute_url()).status_code == 404
        assert project.title not in client.get(reverse("livelihood:list")).content.decode()
    assert district_staff.get(project.get_absolute_url()).status_code == 200
    assert project.title in district_staff.get(reverse("livelihood:list")).content.decode()


def test_the_list_filters_by_status_and_search(committee_staff, staff_user, street, handling_unit):
    candidate(staff_user, street, handling_unit, title="社区老年食堂")
    candidate(staff_user, street, handling_unit, title="口袋公园")
    page = committee_staff.get(reverse("livelihood:list"), {"q": "食堂"}).content.decode()
    assert "社区老年食堂" in page and "口袋公园" not in page
    page = committee_staff.get(
        reverse("livelihood:list"), {"status": "carried", "year": "abc"}
    ).content.decode()
    assert "口袋公园" not in page


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_costs_the_same_queries_for_2_and_20_projects(
    rows, committee_staff, staff_user, street, handling_unit, deputy_record, django_assert_num_queries
):
    for number in range(rows):
        if number % 2:
            carried(staff_user, street, handling_unit, deputy_record, title=f"项目{number}")
        else:
            candidate(staff_user, street, handling_unit, title=f"项目{number}")
    committee_staff.get(reverse("livelihood:list"))  # the session and the user once
    with django_assert_num_queries(5):
        response = committee_staff.get(reverse("livelihood:list"))
    assert response.status_code == 200


def test_the_roll_lists_the_level_s_deputies_by_where_they_are_stationed(
    committee_staff, staff_user, street, handling_unit, street_deputies, other_deputy_record
):
    vote = open_vote(staff_user, [candidate(staff_user, street, handling_unit)])
    page = committee_staff.get(reverse("livelihood:vote_roll", args=[vote.pk])).content.decode()
    assert f"{street_deputies[1].name}（东湖街道人大代表联络站）" in page
    assert other_deputy_record.name not in page
    response = committee_staff.post(
        reverse("livelihood:vote_roll", args=[vote.pk]), {"present": [other_deputy_record.pk]}
    )
    assert response.status_code == 200  # not one of the choices: the form says so
    vote.refresh_from_db()
    assert not vote.roll_recorded
