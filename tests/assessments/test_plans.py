"""The station's yearly plan and year-end summary (seed 004): drafted from the records, kept by the station's
officer, seen by the staff over it."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import PlanEvent, PlanItem, WorkPlan, YearSummary
from assessments.planning import plan_draft, plan_submit, summary_draft, summary_finalise
from assessments.year_figures import year_figures
from liaison.activities.models import Activity
from liaison.core.errors import ActionRefused
from suggestions.models import Suggestion
from tests.assessments.factories import ActivityFactory, VisitFactory, at, opinion, record, suggestion
from tests.books import needs_pdf_engine, pdf_text
from voters.models import Opinion, Route

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
LAST_YEAR = THIS_YEAR - 1


def _activity(station, day, kind=Activity.Kind.GROUP, title="代表小组学习", **fields):
    return ActivityFactory(station=station, kind=kind, title=title, starts_at=at(day), **fields)


def test_the_plan_is_drafted_from_last_years_activities(station, point, other_station, officer_user):
    for month in (1, 2):
        _activity(station, date(LAST_YEAR, month, 15), Activity.Kind.RECEPTION, "代表接待选民日")
        _activity(point, date(LAST_YEAR, month, 20), Activity.Kind.RECEPTION, "代表接待选民日")
    _activity(station, date(LAST_YEAR, 3, 10), Activity.Kind.TRAINING, "新任代表培训")
    _activity(station, date(LAST_YEAR, 4, 10), status=Activity.Status.CANCELLED)
    _activity(other_station, date(LAST_YEAR, 5, 10))  # another station's
    _activity(station, date(LAST_YEAR - 1, 6, 10))  # two years ago

    plan = plan_draft(station=station, year=THIS_YEAR, actor=officer_user)

    items = [(i.month, i.kind, i.title, i.planned_count) for i in plan.items.order_by("month", "kind")]
    assert items == [
        (1, "reception", "代表接待选民日", 2),
        (2, "reception", "代表接待选民日", 2),
        (3, "training", "新任代表培训", 1),
    ]
    assert plan.status == WorkPlan.Status.DRAFT
    assert list(plan.events.values_list("kind", flat=True)) == [PlanEvent.Kind.DRAFTED]
    with pytest.raises(ActionRefused):
        plan_draft(station=station, year=THIS_YEAR, actor=officer_user)


def test_with_no_activities_last_year_the_plan_of_last_year_is_copied(station, officer_user):
    earlier = WorkPlan.objects.create(station=station, year=LAST_YEAR)
    PlanItem.objects.create(plan=earlier, kind="research", title="调研老旧小区改造", month=7, planned_count=2)
    plan = plan_draft(station=station, year=THIS_YEAR, actor=officer_user)
    assert [(i.kind, i.title, i.month, i.planned_count) for i in plan.items.all()] == [
        ("research", "调研老旧小区改造", 7, 2)
    ]


def test_only_the_stations_officer_drafts_and_submits(station, officer_user, other_officer_user, staff_user):
    for actor in (other_officer_user, staff_user):
        with pytest.raises(ActionRefused):
            plan_draft(station=station, year=THIS_YEAR, actor=actor)
    plan = plan_draft(station=station, year=THIS_YEAR, actor=officer_user)
    with pytest.raises(ActionRefused):  # nothing planned yet
        plan_submit(plan=plan, actor=officer_user)
    PlanItem.objects.create(plan=plan, kind="reception", title="接待选民日", month=1)
    with pytest.raises(ActionRefused):
        plan_submit(plan=plan, actor=staff_user)
    plan = plan_submit(plan=plan, actor=officer_user)
    assert plan.status == WorkPlan.Status.SUBMITTED and plan.submitted_at
    assert plan.events.filter(kind=PlanEvent.Kind.SUBMITTED, actor=officer_user).exists()
    with pytest.raises(ActionRefused):
        plan_submit(plan=plan, actor=officer_user)


def test_summary_figures_match_the_records_counted_apart(
    station, point, other_station, deputy_record, officer_user, staff_user
):
    year = LAST_YEAR
    plan = WorkPlan.objects.create(station=station, year=year)
    PlanItem.objects.create(plan=plan, kind="group", title="小组活动", month=3, planned_count=3)
    PlanItem.objects.create(plan=plan, kind="reception", title="接待日", month=4, planned_count=1)
    _activity(station, date(year, 3, 5))
    _activity(point, date(year, 4, 15), Activity.Kind.RECEPTION, "接待日", voters_received=12)
    _activity(station, date(year, 6, 1), Activity.Kind.TRAINING, status=Activity.Status.PUBLISHED)
    _activity(station, date(year, 7, 1), status=Activity.Status.CANCELLED)
    _activity(other_station, date(year, 3, 5))
    _activity(station, date(year + 1, 1, 5))
    VisitFactory(station=station, date=date(year, 5, 2), voters_met=3)
    VisitFactory(station=other_station, date=date(year, 5, 2), voters_met=7)
    first = opinion(station, None, at(date(year, 2, 1)), route=Route.STATION, status=Opinion.Status.CLOSED)
    opinion(point, None, at(date(year, 2, 2)), route=Route.STREET_OFFICE, status=Opinion.Status.TRIAGED)
    opinion(station, None, at(date(year, 2, 3)), status=Opinion.Status.MERGED, merged_into=first)
    opinion(other_station, None, at(date(year, 2, 3)))
    suggestion(
        deputy_record, staff_user, at(date(year, 5, 1)), status=Suggestion.Status.CLOSED, rating="satisfied"
    )
    suggestion(deputy_record, staff_user, at(date(year, 6, 1)))
    suggestion(deputy_record, staff_user, at(date(year + 1, 1, 2)))
    record(deputy_record, "speech", date(year, 8, 1))
    record(deputy_record, "bill", date(year, 9, 1))
    record(deputy_record, "bill", date(year, 9, 2), status="pending")

    figures = year_figures(station, year)

    done_here = Activity.objects.filter(
        station__in=[station, point], starts_at__year=year, status=Activity.Status.DONE
    )
    assert figures["held"] == done_here.count() == 2
    assert figures["planned"] == 4
    assert (figures["planned:group"], figures["held:group"]) == (3, 1)
    assert (figures["planned:reception"], figures["held:reception"]) == (1, 1)
    assert figures["held:training"] == 0  # published, not held
    assert figures["reception_days"] == 1
    assert figures["voters"] == 12 + 3
    assert figures["visits"] == 1
    assert figures["opinions"] == 2  # the merged one is the same matter as another
    assert figures["opinions_closed"] == 1
    assert figures[f"route:{Route.STATION}"] == figures[f"route:{Route.STREET_OFFICE}"] == 1
    assert figures["suggestions_received"] == 2
    assert figures["suggestions_completed"] == 1
    assert figures["suggestions_completion_rate"] == pytest.approx(50.0)
    assert figures["suggestions_satisfied_or_basically_rate"] == pytest.approx(100.0)
    assert figures["deputies"] == 1
    assert figures["duty_records"] == 2 and figures["deputies_with_duties"] == 1

    summary = summary_draft(station=station, year=year, actor=officer_user)
    assert "50.0%" in summary.overview and str(year) in summary.overview
    assert "代表小组学习" in summary.practices
    assert summary.problems  # 1 group activity held of 3 planned


def test_a_final_summary_keeps_its_figures(station, officer_user):
    _activity(station, date(LAST_YEAR, 3, 5))
    summary = summary_draft(station=station, year=LAST_YEAR, actor=officer_user)
    summary = summary_finalise(summary=summary, actor=officer_user)
    _activity(station, date(LAST_YEAR, 4, 5))
    summary.refresh_from_db()
    assert summary.status == YearSummary.Status.FINAL and summary.figures["held"] == 1
    assert year_figures(station, LAST_YEAR)["held"] == 2
    with pytest.raises(ActionRefused):
        summary_finalise(summary=summary, actor=officer_user)


def test_the_officer_drafts_edits_and_submits_the_plan_in_the_browser(station, officer, officer_user):
    _activity(station, date(LAST_YEAR, 5, 15), Activity.Kind.RECEPTION, "代表接待选民日")
    response = officer.post(reverse("assessments:plan_start"), {"station": station.pk, "year": THIS_YEAR})
    plan = WorkPlan.objects.get(station=station, year=THIS_YEAR)
    assert response.url == reverse("assessments:plan_edit", args=[plan.pk])
    edit = officer.get(response.url)
    assert "代表接待选民日" in edit.content.decode()
    data = {
        "note": "全年安排接待日与小组活动。",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "1",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "200",
        "items-0-month": "5",
        "items-0-kind": "reception",
        "items-0-title": "代表接待选民日",
        "items-0-planned_count": "2",
        "items-1-month": "13",
        "items-1-kind": "group",
        "items-1-title": "小组活动",
        "items-1-planned_count": "1",
    }
    bad = officer.post(reverse("assessments:plan_edit", args=[plan.pk]), data)
    assert bad.status_code == 200 and "小组活动" in bad.content.decode()  # kept, with the month refused
    assert plan.items.count() == 1 and plan.items.get().planned_count == 1
    data["items-1-month"] = "9"
    assert officer.post(reverse("assessments:plan_edit", args=[plan.pk]), data).status_code == 302
    assert [(i.month, i.kind, i.planned_count) for i in plan.items.all()] == [
        (5, "reception", 2),
        (9, "group", 1),
    ]
    assert officer.post(reverse("assessments:plan_submit", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.SUBMITTED
    # Submitted, it is kept as it is.
    assert officer.get(reverse("assessments:plan_edit", args=[plan.pk])).status_code == 302
    page = officer.get(plan.get_absolute_url()).content.decode()
    assert "全年安排接待日与小组活动。" in page and "小组活动" in page


def test_a_second_draft_is_refused_with_a_message(station, officer, officer_user):
    plan_draft(station=station, year=THIS_YEAR, actor=officer_user)
    response = officer.post(
        reverse("assessments:plan_start"), {"station": station.pk, "year": THIS_YEAR}, follow=True
    )
    assert WorkPlan.objects.count() == 1
    assert str(THIS_YEAR) in " ".join(str(m) for m in response.context["messages"])


def test_who_sees_the_summary(
    station, officer_user, officer, other_officer, committee_staff, street_staff, other_street_staff, deputy
):
    _activity(station, date(LAST_YEAR, 3, 5), title="视察老旧小区改造")
    summary = summary_draft(station=station, year=LAST_YEAR, actor=officer_user)
    url = summary.get_absolute_url()
    assert "视察老旧小区改造" in officer.get(url).content.decode()
    assert street_staff.get(url).status_code == committee_staff.get(url).status_code == 200
    assert other_officer.get(url).status_code == other_street_staff.get(url).status_code == 404
    assert deputy.get(url).status_code == 403
    # Staff read it; only the officer edits it.
    assert street_staff.get(reverse("assessments:summary_edit", args=[summary.pk])).status_code == 403
    blocks = {"overview": "全年工作顺利。", "practices": "接待选民。", "problems": "", "next_year": "继续。"}
    officer.post(reverse("assessments:summary_edit", args=[summary.pk]), blocks)
    summary.refresh_from_db()
    assert summary.overview == "全年工作顺利。"
    year_page = street_staff.get(reverse("assessments:plans"), {"year": LAST_YEAR})
    assert [row[2] for row in year_page.context["rows"]] == [summary]
    assert "草稿" in year_page.content.decode() or "Draft" in year_page.content.decode()
    printed = officer.get(reverse("assessments:summary_print", args=[summary.pk])).content.decode()
    assert "全年工作顺利。" in printed


@needs_pdf_engine
def test_the_plan_prints_to_pdf(station, officer, officer_user):
    plan = plan_draft(station=station, year=THIS_YEAR, actor=officer_user)
    PlanItem.objects.create(plan=plan, kind="reception", title="代表接待选民日", month=1)
    assert "代表接待选民日" in pdf_text(officer.get(reverse("assessments:plan_pdf", args=[plan.pk])))


@pytest.mark.parametrize("count", [2, 20])
def test_plans_page_query_count(street, staff_user, committee_staff, django_assert_num_queries, count):
    from tests.liaison.factories import StationFactory

    for index in range(count):
        station = StationFactory(name=f"第{index}联络站", jurisdiction=street)
        WorkPlan.objects.create(station=station, year=THIS_YEAR)
        YearSummary.objects.create(station=station, year=THIS_YEAR)
    # session, user, count, stations, plans, summaries: the same at 2 and 20 stations
    with django_assert_num_queries(6):
        response = committee_staff.get(reverse("assessments:plans"))
    assert len(response.context["rows"]) == count
