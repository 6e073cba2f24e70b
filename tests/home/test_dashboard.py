"""Each role's home page: figures in the user's scope only, equal to their lists, in a fixed number of
queries whatever the amount of data, and the staff's figures cached briefly."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from assessments.models import DutyKind
from liaison.activities.models import Activity, Appointment, Invitation
from liaison.home.dashboards import week_span
from liaison.home.staff_dashboard import staff_cache_key
from liaison.home.tasks import recount_staff_figures, refresh_staff_dashboard
from suggestions.models import Assignment, Suggestion
from suggestions.selectors import rates, rates_by_quarter
from tests.activities.factories import ActivityFactory, AppointmentFactory, InvitationFactory
from tests.assessments.factories import record, suggestion
from tests.liaison.factories import UserFactory
from tests.suggestions.factories import other_unit
from tests.voters.factories import OpinionFactory
from voters.models import Opinion

pytestmark = pytest.mark.django_db


def figures_of(client):
    response = client.get("/")
    assert response.status_code == 200
    return {figure.key: figure for figure in response.context["figures"]}


def _this_week(hour):
    monday, _sunday = week_span()
    return datetime.combine(monday + timedelta(days=2), time(hour), tzinfo=timezone.get_current_timezone())


def _overdue_suggestion(
    deputy, author, unit, *, status=Suggestion.Status.ASSIGNED, days_left=-3, accepted=False
):
    today = timezone.localdate()
    item = suggestion(
        deputy,
        author,
        timezone.now() - timedelta(days=100),
        status=status,
        lead_unit=unit,
        due_on=today + timedelta(days=days_left),
        assigned_at=timezone.now() - timedelta(days=95),
    )
    Assignment.objects.create(
        suggestion=item,
        unit=unit,
        role=Assignment.Role.LEAD,
        status=Assignment.Status.ACCEPTED if accepted else Assignment.Status.ASSIGNED,
        assigned_on=today - timedelta(days=95),
        deadline=today + timedelta(days=days_left),
        basis=Assignment.Basis.REPLY,
        return_by=today - timedelta(days=85),
    )
    return item


@pytest.fixture
def fill(
    station, point, other_station, deputy_record, other_deputy_record, officer_user, staff_user, handling_unit
):
    """`fill(n)` puts n of every kind of row the home pages count, in the officer's places and elsewhere."""

    def make(n):
        now = timezone.now()
        year_day = date(timezone.localdate().year, 1, 2)
        for _index in range(n):
            OpinionFactory(station=point, deputy=deputy_record)
            OpinionFactory(station=point, status=Opinion.Status.RESOLVED)
            OpinionFactory(station=other_station, deputy=other_deputy_record)
            activity = ActivityFactory(
                station=station,
                starts_at=_this_week(9),
                ends_at=_this_week(11),
                status=Activity.Status.PUBLISHED,
            )
            InvitationFactory(activity=activity, deputy=deputy_record, reply=Invitation.Reply.CONFIRMED)
            InvitationFactory(
                activity=ActivityFactory(
                    station=point, starts_at=now + timedelta(days=10), status=Activity.Status.PUBLISHED
                ),
                deputy=deputy_record,
            )
            ActivityFactory(
                station=other_station,
                kind=Activity.Kind.RECEPTION,
                starts_at=now - timedelta(days=20),
                ends_at=now - timedelta(days=20) + timedelta(hours=2),
                status=Activity.Status.DONE,
            )
            AppointmentFactory(station=point, deputy=deputy_record, status=Appointment.Status.REQUESTED)
            _overdue_suggestion(deputy_record, staff_user, handling_unit)
            record(deputy_record, DutyKind.GROUP_ACTIVITY, year_day)
            record(other_deputy_record, DutyKind.VOTER_VISIT, year_day)
        suggestion(
            deputy_record,
            staff_user,
            now,
            status=Suggestion.Status.REPLIED,
            lead_unit=handling_unit,
            replied_at=now,
        )

    return make


# --- Scope ---------------------------------------------------------------------------------------------


def test_an_officer_counts_only_their_stations(fill, officer, other_officer, committee_staff):
    fill(2)
    mine, theirs = figures_of(officer), figures_of(other_officer)
    assert mine["to_triage"].count == 2
    assert mine["return_visit"].count == 2
    assert mine["week_activities"].count == 2
    assert mine["appointments"].count == 2
    assert theirs["to_triage"].count == 2
    assert theirs["week_activities"].count == 0
    assert theirs["appointments"].count == 0
    assert figures_of(committee_staff)["opinions_year"].count == 6


def test_the_officers_week_shows_who_confirmed(fill, officer, deputy_record):
    fill(1)
    response = officer.get("/")
    (activity,) = response.context["week"]["activities"]
    assert [i.deputy for i in activity.confirmed_invitations] == [deputy_record]
    assert activity.confirmed == 1
    assert deputy_record.name in response.content.decode()


def test_a_deputy_counts_only_their_own(fill, deputy, other_deputy):
    fill(2)
    mine, theirs = figures_of(deputy), figures_of(other_deputy)
    assert mine["opinions"].count == 2
    assert mine["to_reply"].count == 2
    assert mine["to_evaluate"].count == 1
    assert theirs["opinions"].count == 2
    assert theirs["to_reply"].count == 0
    assert theirs["to_evaluate"].count == 0
    response = deputy.get("/")
    # The two coming days; this week's (Wednesday) ones too until they are over.
    assert 2 <= len(response.context["next_activities"]) <= 4
    score = response.context["score"]
    assert score.deputy.user.username == "deputy"
    assert score.measures["group_activities"] == 2


def test_a_unit_counts_only_its_assignments(fill, unit_user, staff_user, other_deputy_record):
    fill(2)
    _overdue_suggestion(other_deputy_record, staff_user, other_unit())
    figures = figures_of(unit_user)
    assert figures["waiting"].count == 2
    assert figures["overdue"].count == 2
    assert len(unit_user.get("/").context["overdue_rows"]) == 2


def test_staff_see_overdue_by_lead_unit_and_the_funnel(fill, committee_staff, handling_unit):
    fill(3)
    context = committee_staff.get("/").context
    overdue = context["charts"]["overdue"]["config"]
    assert overdue["labels"] == [handling_unit.name]
    assert overdue["datasets"][0]["data"] == [3]
    funnel = dict(
        zip(
            context["charts"]["funnel"]["config"]["labels"],
            context["charts"]["funnel"]["config"]["datasets"][0]["data"],
            strict=True,
        )
    )
    assert next(iter(funnel.values())) == context["funnel_total"]["received"]
    stations = context["charts"]["stations"]["config"]
    assert stations["datasets"][1]["data"] == [3]  # reception days held this year at the other station


def test_figures_equal_their_lists(fill, officer, committee_staff):
    fill(2)
    for client in (officer, committee_staff):
        for figure in figures_of(client).values():
            if figure.key in {"stations", "below_minimums"}:
                continue
            response = client.get(figure.url)
            assert response.context["page"].paginator.count == figure.count, figure.key


def test_each_unit_tile_links_to_the_rows_it_counts(
    fill, unit_user, staff_user, deputy_record, handling_unit
):
    fill(2)  # two overdue, not accepted
    _overdue_suggestion(deputy_record, staff_user, handling_unit, days_left=2, accepted=True)
    _overdue_suggestion(deputy_record, staff_user, handling_unit, days_left=60, accepted=True)
    suggestion(
        deputy_record, staff_user, timezone.now(), status=Suggestion.Status.FOLLOW_UP, lead_unit=handling_unit
    )
    figures = figures_of(unit_user)
    counts = {key: figure.count for key, figure in figures.items()}
    assert counts == {"waiting": 4, "overdue": 2, "soon": 1, "to_accept": 2, "follow_ups": 1}
    assert len({figure.url for figure in figures.values()}) == len(figures)
    for figure in figures.values():
        response = unit_user.get(figure.url)
        assert response.context["page"].paginator.count == figure.count, figure.key
    assert unit_user.get("/suggestions/work/?show=nonsense").status_code == 200  # the whole work page


# --- Query counts: the same with 2 rows of everything and with 20 ------------------------------------------

# Staff: 5 for the table of streets (the streets, then opinions, suggestions, activities and deputies each
# grouped by street), whatever the number of streets; staff of a jurisdiction one more, for it. Staff and
# deputies one for the year's rule sets of every level, since each deputy is scored by their street's.
# Officers and staff of a jurisdiction one for the ids of their stations, which the opinions' scope holds.
QUERIES = {
    "officer": 13,
    "committee_staff": 25,
    "district_staff": 27,
    "street_staff": 27,
    "deputy": 13,
    "unit_user": 6,
}


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize("client_name", list(QUERIES))
def test_home_query_count_does_not_grow(request, fill, rows, client_name, django_assert_num_queries):
    fill(rows)
    client = request.getfixturevalue(client_name)
    with django_assert_num_queries(QUERIES[client_name]):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_staff_home_from_the_cache(fill, committee_staff, rows, django_assert_num_queries):
    fill(rows)
    committee_staff.get("/")
    with django_assert_num_queries(7):
        committee_staff.get("/")


# --- Cache --------------------------------------------------------------------------------------------


def test_staff_figures_are_cached_briefly_and_the_page_says_so(fill, committee_staff, point):
    fill(1)
    before = figures_of(committee_staff)["opinions_year"].count
    OpinionFactory(station=point)
    response = committee_staff.get("/")
    assert {f.key: f.count for f in response.context["figures"]}["opinions_year"] == before
    assert "5 分钟" in response.content.decode()
    # Each language has its own entry: labels are cached already translated.
    committee_staff.cookies["django_language"] = "en"
    english = committee_staff.get("/")
    assert "Opinions received this year" in english.content.decode()


def test_expired_figures_are_shown_as_last_counted_while_a_worker_counts_them_again(
    fill, committee_staff, point, django_assert_num_queries
):
    fill(1)
    first = committee_staff.get("/")
    before = {f.key: f.count for f in first.context["figures"]}["opinions_year"]
    user = first.wsgi_request.user
    OpinionFactory(station=point)
    with translation.override("zh-hans"):
        cache.delete(staff_cache_key(user))  # expired, as after STAFF_CACHE_SECONDS
    # The visit costs what a visit from the cache costs, and asks for the recount once.
    with django_assert_num_queries(7):
        stale = committee_staff.get("/")
    assert stale.context["stale"] and stale.context["recount"]
    assert {f.key: f.count for f in stale.context["figures"]}["opinions_year"] == before
    assert "正在重新统计" in stale.content.decode()
    again = committee_staff.get("/")
    assert again.context["stale"] and not again.context["recount"]
    recount_staff_figures.apply(args=[user.pk, "zh-hans"])
    fresh = committee_staff.get("/")
    assert not fresh.context["stale"] and "正在重新统计" not in fresh.content.decode()
    assert {f.key: f.count for f in fresh.context["figures"]}["opinions_year"] == before + 1


def test_the_beat_job_counts_the_staff_figures_before_anyone_asks(
    fill, committee_staff, point, django_assert_num_queries
):
    fill(1)
    before = figures_of(committee_staff)["opinions_year"].count
    OpinionFactory(station=point)
    assert refresh_staff_dashboard.apply().get() == ["zh-hans", "en"]
    # The next visit in either language reads what the job counted, the new opinion included.
    with django_assert_num_queries(7):
        assert figures_of(committee_staff)["opinions_year"].count == before + 1
    committee_staff.cookies["django_language"] = "en"
    with django_assert_num_queries(7):
        assert "Opinions received this year" in committee_staff.get("/").content.decode()


def test_the_cache_does_not_cross_scopes(fill, officer, committee_staff):
    fill(1)
    committee_staff.get("/")
    assert "charts" not in officer.get("/").context


# --- Accounts without their record --------------------------------------------------------------------------


def test_a_deputy_account_without_a_record_is_told_whom_to_ask(client):
    client.force_login(UserFactory(username="lonely", role="deputy"))
    response = client.get("/")
    assert response.status_code == 200
    assert "尚未关联代表档案" in response.content.decode()


def test_a_unit_account_without_a_unit_sees_no_figures(client):
    client.force_login(UserFactory(username="nounit", role="unit"))
    response = client.get("/")
    assert response.status_code == 200
    assert "figures" not in response.context


def test_the_quarterly_rates_are_the_rates_of_each_quarter(fill, handling_unit, deputy_record, staff_user):
    """rates_by_quarter (one query for the dashboard) counts exactly what the rates page counts per quarter."""
    fill(2)
    year = timezone.localdate().year
    zone = timezone.get_current_timezone()
    for month, unit, status in (
        (1, handling_unit, "closed"),
        (4, other_unit(), "assigned"),
        (12, handling_unit, "replied"),
    ):
        suggestion(
            deputy_record,
            staff_user,
            datetime(year, month, 1, 0, 30, tzinfo=zone),  # the first half hour of a quarter, in China's time
            status=status,
            lead_unit=unit,
            rating="satisfied" if status == "closed" else "",
        )
    by_quarter = {(row["quarter"], row["lead_unit"]): row for row in rates_by_quarter(staff_user, year)}
    for quarter in range(1, 5):
        first = date(year, 3 * quarter - 2, 1)
        last = (
            date(year + 1, 1, 1) - timedelta(days=1)
            if quarter == 4
            else date(year, 3 * quarter + 1, 1) - timedelta(days=1)
        )
        _total, rows = rates(staff_user, first, last, by="unit")
        for row in rows:
            if row["lead_unit"] is None:
                continue
            mine = by_quarter.pop((quarter, row["lead_unit"]))
            for key in (
                "received",
                "registered",
                "assigned",
                "replied",
                "completed",
                "evaluated",
                "satisfied",
            ):
                assert mine[key] == row[key], (quarter, key)
    assert not by_quarter
