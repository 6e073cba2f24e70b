"""Pages: a deputy sees their own score and archive only; entries go through approval; rules re-score at
once; the notice, the year-end lists and the archive keep their query count whatever the number of rows."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import Commendation, DutyKind, DutyRecord, KindRule, RuleSet, ScoreSnapshot
from assessments.rules import ruleset_ensure
from deputies.models import Level
from liaison.activities.models import Invitation
from tests.assessments.factories import (
    ActivityFactory,
    InvitationFactory,
    VisitFactory,
    at,
    opinion,
    record,
    suggestion,
)
from tests.deputies.factories import DeputyFactory, DeputyGroupFactory
from tests.liaison.factories import StationingFactory

pytestmark = pytest.mark.django_db


def this_year():
    return timezone.localdate().year


def test_a_deputy_sees_their_own_score_and_what_is_missing(deputy, deputy_record, other_deputy_record):
    ruleset_ensure(this_year())
    record(deputy_record, DutyKind.PRACTICAL_THING, timezone.localdate())
    response = deputy.get(reverse("assessments:my_score"), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert deputy_record.name in page
    assert "为民办实事" in page  # the kind it is made of
    assert "小组活动" in page  # a minimum still missed
    other = reverse("assessments:deputy_score", args=[other_deputy_record.pk])
    assert deputy.get(other).status_code == 404
    assert deputy.get(reverse("assessments:archive", args=[other_deputy_record.pk])).status_code == 404


def test_an_officer_enters_a_duty_and_staff_approve_it(officer, committee_staff, deputy_record):
    evidence = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = officer.post(
        reverse("assessments:record_create"),
        {
            "deputy": deputy_record.pk,
            "kind": DutyKind.LAW_ENFORCEMENT_CHECK,
            "date": timezone.localdate().isoformat(),
            "title": "参加食品安全法执法检查",
            "quantity": 1,
            "voters_met": 0,
            "evidence": evidence,
            "note": "",
        },
    )
    created = DutyRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.status == DutyRecord.Status.PENDING and created.entered_by.username == "officer"
    # An officer cannot approve; staff can, and the timeline shows both steps.
    officer.post(reverse("assessments:record_decide", args=[created.pk]), {"action": "approve"})
    created.refresh_from_db()
    assert created.status == DutyRecord.Status.PENDING
    committee_staff.post(reverse("assessments:record_decide", args=[created.pk]), {"action": "approve"})
    created.refresh_from_db()
    assert created.status == DutyRecord.Status.APPROVED
    assert list(created.events.values_list("kind", flat=True)) == ["entered", "approved"]


@pytest.mark.parametrize(
    ("name", "content"),
    [("minutes.pdf", b"MZ\x90\x00 a program named as minutes"), ("minutes.exe", b"%PDF-1.4 minutes")],
    ids=["content-is-not-pdf", "name-is-not-accepted"],
)
def test_evidence_is_checked_by_its_content_and_its_name(officer, deputy_record, name, content):
    response = officer.post(
        reverse("assessments:record_create"),
        {
            "deputy": deputy_record.pk,
            "kind": DutyKind.LAW_ENFORCEMENT_CHECK,
            "date": timezone.localdate().isoformat(),
            "title": "参加食品安全法执法检查",
            "quantity": 1,
            "voters_met": 0,
            "evidence": SimpleUploadedFile(name, content),
            "note": "",
        },
    )
    assert response.status_code == 200
    assert name in str(response.context["form"].errors["evidence"])
    assert not DutyRecord.objects.exists()


def test_a_derived_kind_cannot_be_typed_in(officer, deputy_record):
    response = officer.post(
        reverse("assessments:record_create"),
        {"deputy": deputy_record.pk, "kind": DutyKind.GROUP_ACTIVITY, "date": "2026-01-02", "title": "x"},
    )
    assert response.status_code == 200
    assert not DutyRecord.objects.exists()


def test_an_officer_cannot_enter_for_another_stations_deputy(officer, other_deputy_record):
    response = officer.post(
        reverse("assessments:record_create"),
        {"deputy": other_deputy_record.pk, "kind": DutyKind.SPEECH, "date": "2026-01-02", "title": "x"},
    )
    assert response.status_code == 200
    assert not DutyRecord.objects.exists()


def test_rejecting_needs_a_reason(committee_staff, deputy_record, officer_user):
    entry = record(deputy_record, DutyKind.SPEECH, timezone.localdate(), status=DutyRecord.Status.PENDING)
    entry.entered_by = officer_user
    entry.save()
    committee_staff.post(reverse("assessments:record_decide", args=[entry.pk]), {"action": "reject"})
    entry.refresh_from_db()
    assert entry.status == DutyRecord.Status.PENDING
    committee_staff.post(
        reverse("assessments:record_decide", args=[entry.pk]), {"action": "reject", "note": "无佐证"}
    )
    entry.refresh_from_db()
    assert entry.status == DutyRecord.Status.REJECTED


PENDING, APPROVED, REJECTED, WITHDRAWN = (
    DutyRecord.Status.PENDING,
    DutyRecord.Status.APPROVED,
    DutyRecord.Status.REJECTED,
    DutyRecord.Status.WITHDRAWN,
)


@pytest.mark.parametrize(
    ("client_name", "action", "status", "entered_by", "code", "after"),
    [
        ("officer", "approve", PENDING, "officer_user", 403, PENDING),
        ("officer", "reject", PENDING, "officer_user", 403, PENDING),
        ("officer", "withdraw", PENDING, "officer_user", 302, WITHDRAWN),
        ("officer", "withdraw", APPROVED, "officer_user", 403, APPROVED),
        ("officer", "withdraw", PENDING, "staff_user", 403, PENDING),
        ("officer", "withdraw", REJECTED, "officer_user", 302, REJECTED),  # told it cannot be withdrawn
        ("committee_staff", "withdraw", APPROVED, "officer_user", 302, WITHDRAWN),
        ("committee_staff", "approve", APPROVED, "officer_user", 302, APPROVED),  # told it is decided
    ],
)
def test_who_decides_on_an_entry(
    request, deputy_record, officer_user, staff_user, client_name, action, status, entered_by, code, after
):
    entry = record(deputy_record, DutyKind.SPEECH, timezone.localdate(), status=status)
    entry.entered_by = request.getfixturevalue(entered_by)
    entry.save()
    client = request.getfixturevalue(client_name)
    response = client.post(
        reverse("assessments:record_decide", args=[entry.pk]), {"action": action, "note": "x"}
    )
    assert response.status_code == code
    entry.refresh_from_db()
    assert entry.status == after


def test_the_services_refuse_an_officer_the_staffs_decisions(deputy_record, officer_user):
    from assessments.commendations import excellent_mark
    from assessments.services import duty_record_approve, duty_record_withdraw
    from liaison.core.errors import ActionRefused

    entry = record(deputy_record, DutyKind.SPEECH, timezone.localdate(), status=DutyRecord.Status.PENDING)
    with pytest.raises(ActionRefused):
        duty_record_approve(record=entry, actor=officer_user)
    with pytest.raises(ActionRefused):
        duty_record_withdraw(record=entry, actor=officer_user)  # entered by someone else
    with pytest.raises(ActionRefused):
        excellent_mark(year=this_year(), deputy=deputy_record, actor=officer_user, selected=True)
    entry.refresh_from_db()
    assert entry.status == DutyRecord.Status.PENDING


def test_staff_change_a_rule_and_the_score_follows(committee_staff, deputy_record):
    year = this_year()
    ruleset = ruleset_ensure(year)
    record(deputy_record, DutyKind.SPEECH, timezone.localdate())
    url = reverse("assessments:rules", args=[year])
    form = committee_staff.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data["excellent_requires_minimums"] = "on"
    data[f"points_{DutyKind.SPEECH}"] = "7.5"
    response = committee_staff.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert KindRule.objects.get(ruleset=ruleset, kind=DutyKind.SPEECH).points == Decimal("7.5")
    page = committee_staff.get(reverse("assessments:deputy_score", args=[deputy_record.pk]))
    assert page.context["score"].total == Decimal("7.5")


def test_freezing_keeps_the_year_and_marks_candidates(committee_staff, deputy_record, staff_user):
    year = this_year()
    ruleset = ruleset_ensure(year)
    ruleset.excellent_top_n = 1
    ruleset.excellent_requires_minimums = False
    ruleset.save()
    record(deputy_record, DutyKind.SPEECH, timezone.localdate())
    page = committee_staff.get(reverse("assessments:results"), {"year": year})
    assert [score.deputy for score in page.context["candidates"]] == [deputy_record]
    committee_staff.post(
        reverse("assessments:excellent_select"), {"year": year, "deputy": deputy_record.pk, "selected": "1"}
    )
    assert Commendation.objects.filter(
        year=year, deputy=deputy_record, status=Commendation.Status.SELECTED
    ).exists()
    committee_staff.post(reverse("assessments:freeze"), {"year": year})
    assert RuleSet.objects.get(year=year).is_frozen
    assert ScoreSnapshot.objects.get(year=year, deputy=deputy_record).total == 3
    record(deputy_record, DutyKind.SPEECH, timezone.localdate())
    page = committee_staff.get(reverse("assessments:results"), {"year": year})
    assert page.context["ranked"][0].total == 3 and page.context["ranked"][0].frozen


def test_the_archive_holds_everything_a_deputy_did(officer, deputy_record, point, staff_user, handling_unit):
    year = this_year()
    today = timezone.localdate()
    activity = ActivityFactory(station=point, starts_at=at(today), ends_at=at(today, 11))
    InvitationFactory(activity=activity, deputy=deputy_record)
    day = ActivityFactory(
        kind="reception", station=point, starts_at=at(today, 14), ends_at=at(today, 16), voters_received=17
    )
    InvitationFactory(activity=day, deputy=deputy_record)
    VisitFactory(station=point, deputies=[deputy_record], summary="=1+1")
    opinion(point, deputy_record, at(today))
    suggestion(deputy_record, staff_user, at(today), title="关于加装电梯的建议")
    from assessments.derivation import derive
    from assessments.periods import year_period

    derive(year_period(year))
    page = officer.get(
        reverse("assessments:archive", args=[deputy_record.pk]), {"year": year}
    ).content.decode()
    for text in ("小组活动", "关于加装电梯的建议", activity.title):
        assert text in page
    # The reception day attended is a duty record credited with the day's voters, on the page and in Excel.
    assert '<td class="text-end">17</td>' in page
    response = officer.get(reverse("assessments:archive_export", args=[deputy_record.pk]), {"year": year})
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 8
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    assert len(rows) == 2 + 5 + 1  # title, header, five duty records, total
    voters = rows[1].index("接待选民人数")
    assert [row[voters] for row in rows[2:-1] if row[1] == "接待选民日"] == [17]
    activities = list(book.worksheets[2].iter_rows(values_only=True))
    assert [row[-1] for row in activities[2:]] == [0, 17]


def test_the_archive_covers_a_term(officer, deputy_record):
    mandate = deputy_record.mandates.get()
    mandate.started_on = date(this_year() - 1, 3, 1)
    mandate.save()
    record(deputy_record, DutyKind.SPEECH, date(this_year() - 1, 6, 1))
    response = officer.get(reverse("assessments:archive", args=[deputy_record.pk]), {"mandate": mandate.pk})
    archive = response.context["archive"]
    assert archive.period.start == mandate.started_on
    assert len(archive.records) == 1
    assert [year for year, _score in archive.scores] == [this_year() - 1, this_year()]


def test_a_national_deputy_is_named_once_as_such_in_the_archive_title(officer, deputy_record):
    mandate = deputy_record.mandates.get()
    mandate.level = Level.NATIONAL
    mandate.save()
    response = officer.get(reverse("assessments:archive", args=[deputy_record.pk]), {"mandate": mandate.pk})
    assert response.context["archive"].title.startswith("全国人大代表（")
    assert "人大人大" not in response.content.decode()


def _members(count, station):
    group = DeputyGroupFactory(station=station)
    for index in range(count):
        deputy = DeputyFactory(name=f"代表{index}")
        StationingFactory(deputy=deputy, station=station, since=date(2022, 1, 1), until=None)
        group.members.add(deputy)
        record(deputy, DutyKind.SPEECH, timezone.localdate(), quantity=index + 1)
        record(deputy, DutyKind.GROUP_ACTIVITY, timezone.localdate())
        record(deputy, DutyKind.PRACTICAL_THING, timezone.localdate(), status=DutyRecord.Status.PENDING)
        InvitationFactory(
            deputy=deputy,
            attendance=Invitation.Attendance.PRESENT,
            activity=ActivityFactory(station=station),
        )
    return group


@pytest.mark.parametrize("count", [2, 20])
def test_query_counts_do_not_grow_with_rows(committee_staff, station, count, django_assert_num_queries):
    ruleset_ensure(this_year())
    group = _members(count, station)
    first = group.members.first().pk
    pages = {
        # The quarter's minimums are read over the year to date only, not over the quarter as well.
        "assessments:notice": ([], {"group": group.pk}, 10),
        "assessments:notice_export": ([], {"group": group.pk}, 9),
        # Scored now: the year's sets of every level and their points (2), whatever the number of deputies.
        "assessments:results": ([], {}, 13),
        "assessments:records": ([], {}, 5),
        "assessments:deputy_score": ([first], {}, 15),
        # Three more: the monthly consultations attended (suggestions.Consultation), the reports to voters
        # with their ratings, the commendations.
        "assessments:archive": ([first], {}, 22),
    }
    # The same budgets at 2 and at 20 rows.
    for name, (args, params, budget) in pages.items():
        with django_assert_num_queries(budget):
            assert committee_staff.get(reverse(name, args=args), params).status_code == 200


def test_derive_now_stays_on_this_site(committee_staff):
    response = committee_staff.post(reverse("assessments:derive"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("assessments:index")
    response = committee_staff.post(reverse("assessments:derive"), {"next": reverse("assessments:records")})
    assert response["Location"] == reverse("assessments:records")


def test_a_record_without_evidence_has_nothing_to_download(committee_staff, deputy_record):
    entry = record(deputy_record, DutyKind.SPEECH, timezone.localdate())
    assert committee_staff.get(reverse("assessments:record_evidence", args=[entry.pk])).status_code == 404
