"""The monthly consultation (会商, seed 001): the meeting and its agenda, the decisions applied through the
triage services, the opinion routed elsewhere meanwhile, attendance as a duty, the report on last month."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.derivation import derive
from assessments.models import DutyKind, DutyRecord
from assessments.periods import year_period
from deputies.models import Level
from liaison.activities.models import Activity, Invitation
from liaison.activities.services import attendance_record
from liaison.core.errors import ActionRefused
from suggestions.models import Consultation, ConsultationEvent, Suggestion
from suggestions.selectors import consultation_items, last_month_report
from suggestions.services.consultations import (
    Decision,
    consultation_decide,
    consultation_open,
    consultation_redraw,
)
from suggestions.services.proposals import suggestion_save_draft, suggestion_submit
from tests.suggestions.consultations import meeting
from tests.voters.factories import OpinionFactory
from voters.models import Opinion, OpinionEvent, Route
from voters.services.steps import opinion_triage

pytestmark = pytest.mark.django_db


def _items(consultation):
    return list(consultation.items.select_related("opinion").order_by("pk"))


def test_the_meeting_invites_the_stationed_deputies_and_draws_the_open_opinions(
    station, point, officer_user, deputy_record, other_station
):
    routed = OpinionFactory(station=station)
    opinion_triage(opinion=routed, route=Route.STATION, actor=officer_user)
    at_point = OpinionFactory(station=point)
    elsewhere = OpinionFactory(station=other_station)
    consultation = meeting(station, officer_user)
    assert consultation.activity.kind == Activity.Kind.CONSULTATION
    # The deputy stationed at the station's point sits in its meeting.
    assert list(consultation.activity.invitations.values_list("deputy", flat=True)) == [deputy_record.pk]
    drawn = {item.opinion_id for item in consultation.items.all()}
    assert at_point.pk in drawn and routed.pk not in drawn and elsewhere.pk not in drawn
    assert len(drawn) == 3
    groups = consultation_items(consultation)
    assert sum(len(level["opinions"]) for group in groups for level in group["levels"]) == 3
    assert consultation.events.get().kind == ConsultationEvent.Kind.DRAWN


def test_one_meeting_per_station_and_month(station, officer_user):
    meeting(station, officer_user, opinions=0)
    with pytest.raises(ActionRefused, match="已安排"):
        meeting(station, officer_user, opinions=0)


def test_a_point_holds_no_meeting_of_its_own(point, officer_user):
    now = timezone.now()
    with pytest.raises(ValidationError):
        consultation_open(
            station=point,
            month=now.date(),
            actor=officer_user,
            starts_at=now,
            ends_at=now + timedelta(hours=1),
            place="x",
        )


def test_the_decisions_are_applied_through_the_triage(station, officer_user, deputy_record):
    consultation = meeting(station, officer_user, opinions=3)
    community, higher, suggestion = _items(consultation)
    applied, refused = consultation_decide(
        consultation=consultation,
        decisions=[
            Decision(item=community, route=Route.STATION, partner="桂花社区居委会"),
            Decision(item=higher, route=Route.HIGHER_LEVEL, level=Level.CITY, lead_deputy=deputy_record),
            Decision(item=suggestion, route=Route.SUGGESTION, level=Level.COUNTY, lead_deputy=deputy_record),
        ],
        actor=officer_user,
    )
    assert (len(applied), refused) == (3, [])
    community.opinion.refresh_from_db()
    assert (community.opinion.status, community.opinion.route, community.opinion.partner) == (
        Opinion.Status.TRIAGED,
        Route.STATION,
        "桂花社区居委会",
    )
    higher.opinion.refresh_from_db()
    assert (higher.opinion.route, higher.opinion.suggested_level) == (Route.HIGHER_LEVEL, Level.CITY)
    event = higher.opinion.events.get(kind=OpinionEvent.Kind.TRIAGED)
    assert "会商" in event.note or "consultation" in event.note.lower()
    assert deputy_record.name in event.note
    draft = Suggestion.objects.get(source_opinions=suggestion.opinion)
    assert draft.lead_deputy == deputy_record and draft.status == Suggestion.Status.DRAFT
    suggestion.refresh_from_db()
    assert suggestion.suggestion == draft and suggestion.applied_at is not None
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DECIDED
    # Decided once: a second time is refused.
    with pytest.raises(ActionRefused):
        consultation_decide(consultation=consultation, decisions=[], actor=officer_user)


def test_an_opinion_routed_meanwhile_is_named_and_the_rest_applied(station, officer_user):
    consultation = meeting(station, officer_user, opinions=2)
    first, second = _items(consultation)
    opinion_triage(opinion=first.opinion, route=Route.STREET_OFFICE, actor=officer_user)
    applied, refused = consultation_decide(
        consultation=consultation,
        decisions=[
            Decision(item=first, route=Route.STATION),
            Decision(item=second, route=Route.STATION),
        ],
        actor=officer_user,
    )
    assert applied == [second] and refused == [first]
    assert first.opinion.tracking_code in first.refusal
    first.refresh_from_db()
    assert first.applied_at is None and first.opinion.route == Route.STREET_OFFICE
    assert first.opinion.events.filter(kind=OpinionEvent.Kind.TRIAGED).count() == 1


def test_a_wrong_decision_refuses_the_whole_naming_the_opinion(station, officer_user):
    consultation = meeting(station, officer_user, opinions=2)
    first, second = _items(consultation)
    with pytest.raises(ValidationError, match=second.opinion.tracking_code):
        consultation_decide(
            consultation=consultation,
            decisions=[
                Decision(item=first, route=Route.STATION),
                Decision(item=second, route=Route.HIGHER_LEVEL),
            ],
            actor=officer_user,
        )
    first.opinion.refresh_from_db()
    assert first.opinion.status == Opinion.Status.RECEIVED
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DRAWN


def test_no_decision_before_the_meeting(station, officer_user):
    consultation = meeting(station, officer_user, opinions=1, begun=False)
    with pytest.raises(ActionRefused, match="会商尚未开始"):
        consultation_decide(consultation=consultation, decisions=[], actor=officer_user)


def test_the_agenda_drawn_again_drops_an_opinion_routed_meanwhile(station, officer_user):
    consultation = meeting(station, officer_user, opinions=2)
    first, _second = _items(consultation)
    opinion_triage(opinion=first.opinion, route=Route.STATION, actor=officer_user)
    OpinionFactory(station=station)
    consultation_redraw(consultation=consultation, actor=officer_user)
    assert consultation.items.count() == 2
    assert not consultation.items.filter(opinion=first.opinion).exists()


def test_attendance_at_the_meeting_is_a_duty(station, officer_user, deputy_record):
    consultation = meeting(station, officer_user, opinions=0)
    invitation = consultation.activity.invitations.get()
    attendance_record(
        activity=consultation.activity,
        actor=officer_user,
        attendance={invitation.pk: Invitation.Attendance.PRESENT},
    )
    derive(year_period(timezone.localdate().year))
    record = DutyRecord.objects.get(deputy=deputy_record, source=DutyRecord.Source.ATTENDANCE)
    assert record.kind == DutyKind.OTHER_ACTIVITY
    assert record.title == consultation.activity.title


def test_the_report_on_last_month_counts_with_the_rates(station, officer_user, deputy_record, deputy_user):
    consultation = meeting(station, officer_user, opinions=0)
    last_month = consultation.month - timedelta(days=1)
    draft = suggestion_save_draft(
        actor=deputy_user,
        lead_deputy=deputy_record,
        title="关于修缮桂花路的建议",
        content="路面破损。",
        category="urban",
    )
    submitted_at = timezone.make_aware(timezone.datetime.combine(last_month, timezone.datetime.min.time()))
    suggestion_submit(suggestion=draft, actor=deputy_user)
    Suggestion.objects.filter(pk=draft.pk).update(submitted_at=submitted_at.replace(hour=10))
    report = last_month_report(consultation)
    assert report["figures"]["received"] == 1 and report["figures"]["completed"] == 0
    assert report["figures"]["completion_rate"] == 0
    assert [s.pk for s in report["suggestions"]] == [draft.pk]
