"""Derived duty records: idempotent, corrected with their source, gone when the source no longer counts."""

from datetime import date, timedelta

import pytest

from assessments.derivation import derive
from assessments.models import DutyKind, DutyRecord
from assessments.periods import quarter_period, year_period
from liaison.activities.models import Activity, Invitation, Visit
from tests.assessments.factories import ActivityFactory, InvitationFactory, VisitFactory, at, record
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationFactory

YEAR = 2025
pytestmark = pytest.mark.django_db


@pytest.fixture
def sources():
    deputy, other = DeputyFactory(), DeputyFactory()
    group = ActivityFactory(
        kind=Activity.Kind.GROUP, starts_at=at(date(YEAR, 3, 5)), ends_at=at(date(YEAR, 3, 5), 11)
    )
    research = ActivityFactory(
        kind=Activity.Kind.RESEARCH, starts_at=at(date(YEAR, 5, 5)), ends_at=at(date(YEAR, 5, 5), 11)
    )
    present = InvitationFactory(activity=group, deputy=deputy)
    absent = InvitationFactory(activity=research, deputy=deputy, attendance=Invitation.Attendance.ABSENT)
    on_leave = InvitationFactory(activity=research, deputy=other, attendance=Invitation.Attendance.LEAVE)
    visit = VisitFactory(
        kind=Visit.Kind.VISIT,
        date=date(YEAR, 6, 1),
        voters_met=12,
        station=StationFactory(),
        deputies=[deputy, other],
    )
    return {
        "deputy": deputy,
        "other": other,
        "group": group,
        "present": present,
        "absent": absent,
        "on_leave": on_leave,
        "visit": visit,
    }


def snapshot():
    return sorted(
        DutyRecord.objects.values_list(
            "source_key", "deputy_id", "kind", "date", "quantity", "voters_met", "title"
        )
    )


def test_derivation_writes_one_record_per_source_row(sources):
    result = derive(year_period(YEAR))
    assert result.created == 4
    deputy = sources["deputy"]
    kinds = dict(DutyRecord.objects.filter(deputy=deputy).values_list("kind", "date"))
    assert kinds == {
        DutyKind.GROUP_ACTIVITY: date(YEAR, 3, 5),
        DutyKind.ABSENCE: date(YEAR, 5, 5),
        DutyKind.VOTER_VISIT: date(YEAR, 6, 1),
    }
    assert DutyRecord.objects.get(deputy=sources["other"]).voters_met == 12
    assert not DutyRecord.objects.filter(source_id=sources["on_leave"].pk, source="attendance").exists()


def test_running_again_changes_nothing(sources):
    derive(year_period(YEAR))
    before = snapshot()
    stamps = sorted(DutyRecord.objects.values_list("pk", "updated_at"))
    result = derive(year_period(YEAR))
    assert result.changed == 0
    assert snapshot() == before
    assert sorted(DutyRecord.objects.values_list("pk", "updated_at")) == stamps


def test_correcting_a_source_corrects_its_record(sources):
    derive(year_period(YEAR))
    visit = sources["visit"]
    visit.voters_met = 20
    visit.save()
    absent = sources["absent"]
    absent.attendance = Invitation.Attendance.PRESENT
    absent.save()
    result = derive(year_period(YEAR))
    assert result.updated == 3 and result.created == result.deleted == 0
    assert set(DutyRecord.objects.filter(source="visit").values_list("voters_met", flat=True)) == {20}
    assert (
        DutyRecord.objects.get(source_key=f"attendance:{absent.pk}:{absent.deputy_id}").kind
        == DutyKind.RESEARCH
    )


def test_a_source_that_no_longer_counts_loses_its_record(sources):
    derive(year_period(YEAR))
    group = sources["group"]
    group.status = Activity.Status.CANCELLED
    group.save()
    sources["visit"].deputies.remove(sources["other"])
    result = derive(year_period(YEAR))
    assert result.deleted == 2
    assert not DutyRecord.objects.filter(kind=DutyKind.GROUP_ACTIVITY).exists()
    assert DutyRecord.objects.filter(source="visit").count() == 1


def test_a_source_moved_to_another_period_follows(sources):
    derive(quarter_period(YEAR, 1))
    group = sources["group"]
    group.starts_at, group.ends_at = at(date(YEAR, 4, 9)), at(date(YEAR, 4, 9), 11)
    group.save()
    # Deriving the new quarter finds the record by its key and moves it.
    result = derive(quarter_period(YEAR, 2))
    assert result.updated == 1
    assert DutyRecord.objects.get(kind=DutyKind.GROUP_ACTIVITY).date == date(YEAR, 4, 9)
    assert derive(quarter_period(YEAR, 1)).changed == 0


def test_manual_records_are_left_alone(sources):
    manual = record(sources["deputy"], DutyKind.SPEECH, date(YEAR, 3, 5))
    derive(year_period(YEAR))
    derive(year_period(YEAR))
    manual.refresh_from_db()
    assert manual.status == DutyRecord.Status.APPROVED


def test_a_period_before_the_sources_derives_nothing(sources):
    assert derive(year_period(YEAR - 1)).changed == 0
    assert derive(quarter_period(YEAR, 1)).created == 1
    assert DutyRecord.objects.filter(date__gt=date(YEAR, 3, 31) + timedelta(days=0)).count() == 0


def test_opinions_suggestions_and_evaluations_are_derived(staff_user, handling_unit):
    from suggestions.models import Suggestion
    from tests.assessments.factories import evaluation, opinion, suggestion
    from voters.models import Opinion

    lead, partner = DeputyFactory(), DeputyFactory()
    station = StationFactory()
    kept = opinion(station, lead, at(date(YEAR, 2, 1)))
    opinion(station, lead, at(date(YEAR, 2, 2)), status=Opinion.Status.WITHDRAWN)
    opinion(station, None, at(date(YEAR, 2, 3)))
    item = suggestion(lead, staff_user, at(date(YEAR, 3, 1)), joint=[partner])
    suggestion(lead, staff_user, at(date(YEAR, 3, 2)), kind=Suggestion.Kind.BILL)
    suggestion(lead, staff_user, at(date(YEAR, 3, 3)), status=Suggestion.Status.REJECTED)
    evaluation(item, handling_unit, staff_user, at(date(YEAR, 6, 1)))
    derive(year_period(YEAR))
    kinds = sorted(DutyRecord.objects.filter(deputy=lead).values_list("kind", flat=True))
    assert kinds == sorted([DutyKind.OPINION, DutyKind.SUGGESTION_LEAD, DutyKind.BILL, DutyKind.EVALUATION])
    assert list(DutyRecord.objects.filter(deputy=partner).values_list("kind", flat=True)) == [
        DutyKind.SUGGESTION_JOINT
    ]
    assert derive(year_period(YEAR)).changed == 0
    # The opinion withdrawn later loses its record; re-routing to another deputy moves it.
    kept.deputy = partner
    kept.save()
    derive(year_period(YEAR))
    assert DutyRecord.objects.get(kind=DutyKind.OPINION).deputy == partner
    kept.status = Opinion.Status.WITHDRAWN
    kept.save()
    assert derive(year_period(YEAR)).deleted == 1


def test_the_nightly_job_derives_this_year_and_last_year_until_frozen(settings, staff_user):
    from django.utils import timezone

    from assessments.models import RuleSet
    from assessments.services import scores_freeze
    from assessments.tasks import derive_duty_records_task

    job = settings.CELERY_BEAT_SCHEDULE["bring the year's duty records up to date (assessments)"]
    assert job["task"] == derive_duty_records_task.name
    today = timezone.localdate()
    deputy = DeputyFactory()
    for year in (today.year - 1, today.year):
        activity = ActivityFactory(starts_at=at(date(year, 1, 8)), ends_at=at(date(year, 1, 8), 11))
        InvitationFactory(activity=activity, deputy=deputy)
    derive_duty_records_task()
    assert DutyRecord.objects.filter(deputy=deputy).count() == 2
    scores_freeze(year=today.year - 1, actor=staff_user)
    DutyRecord.objects.all().delete()
    derive_duty_records_task()
    # A frozen year is left as it was scored.
    assert list(DutyRecord.objects.values_list("date__year", flat=True)) == [today.year]
    assert RuleSet.objects.get(year=today.year - 1).is_frozen


def test_a_deputy_present_at_a_reception_day_is_credited_with_its_voters_once():
    """Issue 18: reception-day attendance is a duty with the day's voters received
    (liaison/activities/figures.py); the day's own visit does not count them again."""
    deputy, absent = DeputyFactory(), DeputyFactory()
    day = ActivityFactory(
        kind=Activity.Kind.RECEPTION, starts_at=at(date(YEAR, 4, 8)), ends_at=at(date(YEAR, 4, 8), 11)
    )
    day.voters_received = 25
    day.save(update_fields=["voters_received"])
    present = InvitationFactory(activity=day, deputy=deputy)
    InvitationFactory(activity=day, deputy=absent, attendance=Invitation.Attendance.ABSENT)
    VisitFactory(
        date=date(YEAR, 4, 8), voters_met=6, activity=day, station=StationFactory(), deputies=[deputy]
    )
    VisitFactory(kind=Visit.Kind.VISIT, date=date(YEAR, 4, 9), voters_met=4, deputies=[deputy])
    derive(year_period(YEAR))
    mine = sorted(DutyRecord.objects.filter(deputy=deputy).values_list("kind", "voters_met"))
    assert mine == sorted(
        [(DutyKind.RECEPTION_DAY, 25), (DutyKind.VOTER_RECEPTION, 0), (DutyKind.VOTER_VISIT, 4)]
    )
    assert DutyRecord.objects.get(deputy=absent).voters_met == 0
    # More voters recorded for the day later: the record follows.
    day.voters_received = 31
    day.save(update_fields=["voters_received"])
    assert derive(year_period(YEAR)).updated == 1
    assert DutyRecord.objects.get(source_key=f"attendance:{present.pk}:{deputy.pk}").voters_met == 31
