"""One definition of each figure (suggestions.rates), the same on every surface that shows it.

One year's suggestions are built through the services: completed, turned down, handled together, re-routed,
sent to a second round, followed up, replied late, overdue. Their figures are worked out by hand below, and
every surface must show exactly those: the rates page, the staff dashboard, the quarterly workbook, the duty
archive with the scores, and the public board (which shows what deputies proposed, and no rate)."""

import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as T
from openpyxl import load_workbook

from suggestions import rates
from suggestions.models import Assignment, Suggestion
from suggestions.services.assignments import assignment_return, assignment_return_decide
from suggestions.services.proposals import suggestion_merge, suggestion_reject
from suggestions.services.replies import suggestion_evaluate
from suggestions.services.supervision import suggestions_due_scan
from tests.assessments.test_reports import _rows

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
# Every test here starts on 2 February, so that the year's story and the day its figures are read fall in
# one calendar year whatever the day the suite runs.
START = timezone.make_aware(datetime(YEAR, 2, 2, 10))
# The day the figures are read: four months on, when the deadlines set at the start (three months for a
# reply, one for a second round, sixty days for a class-B follow-up) have passed.
LATER_DAYS = 130


@pytest.fixture(autouse=True)
def on_the_second_of_february():
    with time_machine.travel(START, tick=False):
        yield


# Worked out by hand from `the_year` (letters as there):
# received  A B C D E F G H I J = 10 (C turned down, E handled with D, J re-routed; K a draft is not)
# replied   A B D E F H I       = 7; on time A B F I = 4 (D, with E, and H answered after their deadline)
# overdue   G J (being handled) and I (its follow-up date passed)      = 3
# completed A B D F             = 4            → 办结率 4 ÷ 10 = 40.0%
# evaluated A B D F I, F by its second evaluation only (basically; the first was unsatisfied) = 5
# satisfied A D I = 3 → 60.0%; with basically B F: 5 → 100.0%
# on-time reply rate: on time 4 ÷ replied 7 = 57.1%
FIGURES = {
    "received": 10,
    "replied": 7,
    "on_time": 4,
    "overdue": 3,
    "completed": 4,
    "evaluated": 5,
    "satisfied": 3,
    "basically": 2,
}
RATES = {
    "completion_rate": 40.0,
    "satisfied_rate": 60.0,
    "satisfied_or_basically_rate": 100.0,
    "on_time_rate": 4 / 7 * 100,
}


@pytest.fixture
def the_year(loop, staff_user, second_unit, second_unit_user):
    deputy_user = loop.deputy_user
    made = {}
    made["A"] = loop.to("closed", rating=Suggestion.Rating.SATISFIED)
    made["B"] = loop.to("closed", rating=Suggestion.Rating.BASICALLY)
    made["C"] = loop.to("submitted")
    suggestion_reject(suggestion=made["C"], actor=staff_user, reason="不属于代表建议范围")
    # 并案: D leads, E follows it through assignment and reply (late, below), then is evaluated on its own
    # (not yet).
    main, member = loop.to("registered"), loop.to("registered")
    suggestion_merge(main=main, others=[member], actor=staff_user)
    main = loop.to("contacted", suggestion=main)
    made["E"] = member
    # 二次交办: unsatisfied, assigned again, basically satisfied in the second round.
    second = loop.to("replied")
    suggestion_evaluate(suggestion=second, actor=deputy_user, rating=Suggestion.Rating.UNSATISFIED)
    made["F"] = loop.to("closed", suggestion=second, rating=Suggestion.Rating.BASICALLY)
    made["G"] = loop.to("accepted")
    made["H"] = loop.to("contacted")
    followed = loop.to("replied", result_class="B")
    made["I"] = suggestion_evaluate(
        suggestion=followed, actor=deputy_user, rating=Suggestion.Rating.SATISFIED
    )
    # 退回: the unit gives it back, staff re-route it to another unit, which has not accepted it yet.
    routed = loop.to("assigned")
    first = routed.assignments.get()
    assignment_return(assignment=first, actor=loop.unit_user, reason="不属于本单位职责")
    assignment_return_decide(assignment=first, actor=staff_user, approve=True, new_unit=second_unit)
    made["J"] = routed
    made["K"] = loop.draft()
    later = timezone.now() + timedelta(days=LATER_DAYS)
    with time_machine.travel(later, tick=False):  # after their deadlines
        made["D"] = loop.to("closed", suggestion=main, rating=Suggestion.Rating.SATISFIED)
        made["H"] = loop.to("replied", suggestion=made["H"])
    for suggestion in made.values():
        suggestion.refresh_from_db()
    return made, later


def test_the_records_are_what_the_figures_say(the_year):
    made, _later = the_year
    statuses = {key: suggestion.status for key, suggestion in made.items()}
    assert statuses == {
        "A": "closed",
        "B": "closed",
        "C": "rejected",
        "D": "closed",
        "E": "replied",
        "F": "closed",
        "G": "assigned",
        "H": "replied",
        "I": "follow_up",
        "J": "assigned",
        "K": "draft",
    }
    assert made["E"].merged_into == made["D"] and made["F"].round == 2
    assert made["F"].evaluations.count() == 2 and made["F"].rating == "basically"
    assert made["J"].assignments.filter(status=Assignment.Status.WITHDRAWN).count() == 1


def _assert_figures(figures, where, names=tuple(FIGURES), rate_names=tuple(RATES)):
    assert {name: figures[name] for name in names} == {name: FIGURES[name] for name in names}, where
    for name in rate_names:
        assert figures[name] == pytest.approx(RATES[name]), (where, name)


def test_every_surface_shows_the_same_figures(
    request,
    the_year,
    committee_staff,
    officer,
    anonymous,
    unit_user,
    second_unit_client,
    station,
    deputy_record,
    loop,
):
    made, later = the_year
    span = {"start": date(YEAR, 1, 1).isoformat(), "end": date(YEAR, 12, 31).isoformat()}
    with time_machine.travel(later, tick=False):
        # Four months on, today's sessions have long expired: everyone logs in again.
        for client, user in (
            (committee_staff, "staff_user"),
            (officer, "officer_user"),
            (unit_user, "unit_user_account"),
            (second_unit_client, "second_unit_user"),
        ):
            client.force_login(request.getfixturevalue(user))

        # The module itself.
        _assert_figures(rates.figures_of(rates.received(date(YEAR, 1, 1), date(YEAR, 12, 31))), "rates")

        # 1. The rates page.
        page = committee_staff.get(reverse("suggestions:rates"), span)
        _assert_figures(page.context["total"], "rates page")
        html = page.content.decode()
        assert "40.0%" in html and "60.0%" in html and "100.0%" in html and "57.1%" in html

        # 2. The staff dashboard: the funnel's totals, its rates and the overdue figure.
        home = committee_staff.get("/").context
        _assert_figures(home["funnel_total"], "dashboard")
        figures = {figure.key: figure.count for figure in home["figures"]}
        assert figures["suggestions_year"] == FIGURES["received"]
        assert figures["overdue_suggestions"] == FIGURES["overdue"]
        (unit_row,) = [row for row in home["unit_rates"]["rows"] if row["name"] == loop.unit.name]
        assert (unit_row["received"], unit_row["completed"]) == (
            8,
            FIGURES["completed"],
        )  # all but C (none) and J
        # The units' full table, by quarter.
        units = committee_staff.get(reverse("home:staff_units"), {"q": loop.unit.name}).context["rows"]
        by_unit = {row["name"]: row["quarters"] for row in units}
        assert sum(cell["received"] for cell in by_unit[loop.unit.name]) == 8
        assert sum(cell["completed"] for cell in by_unit[loop.unit.name]) == FIGURES["completed"]
        # The first unit replied A B D E F H I, on time A B F I: every reply came in the first quarter.
        (first_quarter,) = [cell for cell in by_unit[loop.unit.name] if cell["received"]]
        assert first_quarter["on_time_rate"] == round(4 / 7 * 100, 1)
        assert "按时答复率 57.1%" in committee_staff.get("/").content.decode()

        # 3. The quarterly workbook for the year, read back cell by cell.
        response = committee_staff.get(reverse("assessments:report"), {"span": "year", "year": YEAR})
        book = load_workbook(io.BytesIO(response.content))
        _summary, totals = _rows(book[T("Overview")])
        assert {
            "received": totals[T("Suggestions received")],
            "replied": totals[T("Suggestions replied")],
            "on_time": totals[T("Replied on time")],
            "overdue": totals[T("Overdue on the day made")],
            "completed": totals[T("Suggestions completed")],
            "evaluated": totals[T("Suggestions evaluated")],
            "satisfied": totals[T("Satisfied")],
            "basically": totals[T("Satisfied or basically satisfied")] - totals[T("Satisfied")],
        } == FIGURES
        assert totals[T("Completion rate (completed ÷ received)")] == pytest.approx(0.4)
        assert totals[T("Satisfaction rate (satisfied ÷ evaluated)")] == pytest.approx(0.6)
        assert totals[T("Satisfaction rate (satisfied and basically satisfied ÷ evaluated)")] == 1
        assert totals[T("On-time reply rate (replied on time ÷ replied)")] == pytest.approx(4 / 7)
        units, unit_totals = _rows(book[T("Units")])
        led = {row[T("Handling unit")]: (row[T("Suggestions led")], row[T("Completed")]) for row in units}
        assert led == {loop.unit.name: (8, 4), made["J"].lead_unit.name: (1, 0)}  # C has no lead unit
        assert unit_totals[T("Suggestions led")] == 9
        assert unit_totals[T("Overdue on the day made")] == FIGURES["overdue"]
        assert unit_totals[T("On-time reply rate")] == pytest.approx(4 / 7)
        sheet, _total = _rows(book[T("Suggestions")])
        assert len(sheet) == FIGURES["received"]

        # 4. The deputy's duty archive lists each suggestion received with what became of it; the scores
        # count a suggestion proposed for each one received except the one turned down.
        from assessments.derivation import derive
        from assessments.periods import year_period
        from assessments.scoring import year_scores
        from deputies.models import Deputy

        archive = officer.get(reverse("assessments:archive", args=[deputy_record.pk]), {"year": YEAR})
        rows = archive.context["archive"].suggestions
        latest = [row.archive_evaluations[-1].rating if row.archive_evaluations else "" for row in rows]
        shown = {
            "received": len(rows),
            "replied": sum(1 for row in rows if row.replied_at),
            "overdue": sum(1 for row in rows if row.is_overdue),
            "completed": sum(1 for row in rows if row.status == Suggestion.Status.CLOSED),
            "evaluated": sum(1 for rating in latest if rating),
            "satisfied": latest.count(Suggestion.Rating.SATISFIED),
            "basically": latest.count(Suggestion.Rating.BASICALLY),
        }
        shown["on_time"] = 0  # the archive shows no on-time flag: its rate is not one of its figures
        _assert_figures(
            rates.with_rates(shown),
            "archive",
            names=[name for name in FIGURES if name in shown and name != "on_time"],
            rate_names=[name for name in RATES if name != "on_time_rate"],
        )
        assert "不满意、基本满意" in archive.content.decode()  # F's two rounds, the latest last
        derive(year_period(YEAR))
        scores, _rules = year_scores(Deputy.objects.filter(pk=deputy_record.pk), YEAR)
        assert scores[0].measures["suggestions"] == FIGURES["received"] - 1

        # 5. The public pages: the deputy's suggestions proposed this year, and no rate of anyone's.
        board = anonymous.get(reverse("home:station_public", args=[station.pk])).content.decode()
        page = anonymous.get(
            reverse("home:deputy_public", args=[deputy_record.public_token])
        ).content.decode()
        assert f"领衔提出建议 × {FIGURES['received'] - 1}" in page
        for public in (board, page):
            assert "办结率" not in public and "满意率" not in public and "按时答复率" not in public

        # 6. The unit's page: the year's suggestions it led, with the same rates.
        unit_page = committee_staff.get(reverse("suggestions:unit_detail", args=[loop.unit.pk]))
        unit_figures = unit_page.context["figures"]
        assert (unit_figures["replied"], unit_figures["on_time"]) == (7, 4)
        assert unit_figures["on_time_rate"] == pytest.approx(4 / 7 * 100)
        assert "57.1%" in unit_page.content.decode()

        # The lists behind the figures, the units' pages and the reminders: the same overdue rule.
        listed = committee_staff.get(reverse("suggestions:list"), {"due": "overdue"})
        assert listed.context["page"].paginator.count == FIGURES["overdue"]
        completed = committee_staff.get(
            reverse("suggestions:list"),
            {"stage": "completed", "submitted_from": span["start"], "submitted_to": span["end"]},
        )
        assert completed.context["page"].paginator.count == FIGURES["completed"]
        # Assignments: G's with the first unit, J's with the second (not the first unit's, re-routed).
        for client, suggestion in ((unit_user, made["G"]), (second_unit_client, made["J"])):
            unit_home = {figure.key: figure.count for figure in client.get("/").context["figures"]}
            assert unit_home["overdue"] == 1
            work = client.get(reverse("suggestions:unit_work")).context
            assert [a.suggestion_id for a in work["overdue"]] == [suggestion.pk]
        items = suggestions_due_scan()
        assert {(item.suggestion.pk, item.overdue) for item in items} == {
            (made["G"].pk, True),
            (made["J"].pk, True),
        }


def test_the_workbook_used_to_leave_out_what_was_turned_down(loop, staff_user, committee_staff):
    """The issue's case: one completed, one turned down, read the same on the page and in the workbook."""
    loop.to("closed", rating=Suggestion.Rating.SATISFIED)
    suggestion_reject(suggestion=loop.to("submitted"), actor=staff_user, reason="不属于建议范围")
    total = committee_staff.get(reverse("suggestions:rates")).context["total"]
    assert (total["received"], total["completion_rate"]) == (2, 50)
    response = committee_staff.get(reverse("assessments:report"), {"span": "year", "year": YEAR})
    _summary, totals = _rows(load_workbook(io.BytesIO(response.content))[T("Overview")])
    assert totals[T("Suggestions received")] == 2
    assert totals[T("Completion rate (completed ÷ received)")] == pytest.approx(0.5)


def test_a_co_unit_of_an_earlier_round_is_not_overdue(loop, staff_user, second_unit, second_unit_user):
    """A co-unit that never gave its first-round view is not asked again in the second round."""
    suggestion = loop.to("replied", co_units=[second_unit])
    suggestion_evaluate(suggestion=suggestion, actor=loop.deputy_user, rating=Suggestion.Rating.UNSATISFIED)
    loop.to("assigned", suggestion=suggestion)
    stale = Assignment.objects.get(unit=second_unit, round=1)
    assert stale.status == Assignment.Status.ASSIGNED  # never answered
    later = timezone.now() + timedelta(days=LATER_DAYS)
    with time_machine.travel(later, tick=False):
        overdue = Assignment.objects.filter(rates.assignment_overdue_q())
        assert list(overdue.values_list("unit", "round")) == [(loop.unit.pk, 2)]
        assert {item.assignment.pk for item in suggestions_due_scan()} == {overdue.get().pk}
