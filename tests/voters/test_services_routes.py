"""The routes of issue 16 (voters/services/steps.py): mediation by the station's deputies with its outcome
and return visit (seeds 001, 002), forwarding to a higher level naming who receives it, and handing an
opinion of a joint reception day to a guest's office (seed 004). Refusals are read in Chinese."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from assessments.derivation import derive
from assessments.models import DutyKind, DutyRecord
from assessments.periods import year_period
from deputies.models import Level
from liaison.activities.models import Activity
from liaison.core.errors import ActionRefused
from tests.activities.factories import ActivityFactory
from tests.deputies.factories import DeputyFactory, MandateFactory
from tests.liaison.factories import StationingFactory
from tests.voters.factories import OpinionFactory
from voters.models import MediationOutcome, Opinion, OpinionEvent, ReturnVisit, Route, Satisfaction
from voters.services.steps import (
    opinion_record_mediation,
    opinion_record_return_visit,
    opinion_resolve,
    opinion_triage,
)
from voters.transitions import opinion_actions

pytestmark = pytest.mark.django_db
Status = Opinion.Status
Kind = OpinionEvent.Kind


@pytest.fixture
def mediator(station):
    deputy = DeputyFactory(name="林秀英")
    StationingFactory(deputy=deputy, station=station)
    return deputy


def _mediation(opinion, officer_user, mediators):
    return opinion_triage(opinion=opinion, route=Route.MEDIATION, actor=officer_user, mediators=mediators)


def _messages(error):
    return " ".join(error.value.messages)


# Mediation ------------------------------------------------------------------------------------------------


def test_mediation_needs_the_station_s_own_deputies(opinion, officer_user, deputy_record, mediator):
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        _mediation(opinion, officer_user, [])
    assert "请选择参与调解的代表" in _messages(error)
    # deputy_record is stationed at a contact point, not at the opinion's station.
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        _mediation(opinion, officer_user, [deputy_record, mediator])
    assert "陈建国未进驻" in _messages(error)
    opinion.refresh_from_db()
    assert (opinion.status, opinion.route, opinion.mediators.count()) == (Status.RECEIVED, "", 0)


def test_a_mediation_settled_then_the_return_visit(opinion, officer_user, mediator):
    _mediation(opinion, officer_user, [mediator])
    opinion.refresh_from_db()
    assert (opinion.status, opinion.route) == (Status.TRIAGED, Route.MEDIATION)
    assert list(opinion.mediators.all()) == [mediator]
    assert "林秀英" in opinion.events.get(kind=Kind.TRIAGED).note
    # The mediation's outcome resolves it: the plain "resolve" is not offered for this route.
    assert "mediate" in opinion_actions(opinion) and "resolve" not in opinion_actions(opinion)
    with pytest.raises(ActionRefused):
        opinion_resolve(opinion=opinion, actor=officer_user, reply="已解决")

    today = timezone.localdate()
    opinion_record_mediation(
        opinion=opinion,
        actor=officer_user,
        outcome=MediationOutcome.SETTLED,
        result="双方同意由楼上住户承担维修费用。",
        mediated_on=today,
        reply="经代表调解，双方已达成一致。",
    )
    opinion.refresh_from_db()
    assert opinion.status == Status.RESOLVED
    assert (opinion.mediation_outcome, opinion.mediated_on) == (MediationOutcome.SETTLED, today)
    assert opinion.reply == "经代表调解，双方已达成一致。"
    assert opinion.events.filter(kind=Kind.MEDIATED, to_status=Status.RESOLVED).exists()
    assert opinion_actions(opinion) >= {"return_visit"} and "mediate" not in opinion_actions(opinion)

    # The follow-up visit is the return visit every opinion has (回访).
    opinion_record_return_visit(
        opinion=opinion,
        actor=officer_user,
        method=ReturnVisit.Method.PHONE,
        satisfaction=Satisfaction.SATISFIED,
        deputy=mediator,
    )
    opinion.refresh_from_db()
    assert opinion.status == Status.ANSWERED


def test_a_mediation_outcome_is_checked_and_refused_in_chinese(opinion, officer_user, mediator):
    with override("zh-hans"), pytest.raises(ActionRefused) as refused:
        opinion_record_mediation(
            opinion=opinion,
            actor=officer_user,
            outcome=MediationOutcome.SETTLED,
            result="协议",
            mediated_on=timezone.localdate(),
            reply="已调解",
        )
    assert "不能登记调解结果" in refused.value.messages[0]

    _mediation(opinion, officer_user, [mediator])
    tomorrow = timezone.localdate() + timedelta(days=1)
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        opinion_record_mediation(
            opinion=opinion,
            actor=officer_user,
            outcome=MediationOutcome.REFERRED,
            result=" ",
            mediated_on=tomorrow,
            reply="",
        )
    assert set(error.value.error_dict) == {"result", "mediated_on", "reply"}
    assert "请写明纠纷引导至何处解决" in _messages(error)
    assert "调解日期不能晚于今天" in _messages(error)
    opinion.refresh_from_db()
    assert (opinion.status, opinion.mediation_outcome) == (Status.TRIAGED, "")


def test_re_routing_away_from_mediation_clears_the_mediators(opinion, officer_user, mediator):
    _mediation(opinion, officer_user, [mediator])
    opinion_triage(opinion=opinion, route=Route.STREET_OFFICE, actor=officer_user)
    assert opinion.mediators.count() == 0
    assert "mediate" not in opinion_actions(opinion)


def test_a_mediation_counts_in_the_mediators_duty_archive(opinion, officer_user, mediator):
    second = DeputyFactory(name="何志强")
    StationingFactory(deputy=second, station=opinion.station)
    _mediation(opinion, officer_user, [mediator, second])
    today = timezone.localdate()
    period = year_period(today.year)
    derive(period)
    assert not DutyRecord.objects.filter(kind=DutyKind.MEDIATION).exists()  # no outcome yet
    opinion_record_mediation(
        opinion=opinion,
        actor=officer_user,
        outcome=MediationOutcome.REFERRED,
        result="已引导至人民调解委员会。",
        mediated_on=today,
        reply="已告知后续解决渠道。",
    )
    derive(period)
    records = DutyRecord.objects.filter(kind=DutyKind.MEDIATION, source=DutyRecord.Source.MEDIATION)
    assert sorted(records.values_list("deputy__name", flat=True)) == ["何志强", "林秀英"]
    assert {record.date for record in records} == {today}
    assert opinion.tracking_code in records.first().title


# Forwarding to a higher level ------------------------------------------------------------------------------


def test_forwarding_names_who_receives_it(opinion, officer_user):
    city = DeputyFactory(name="宋市代表")
    MandateFactory(deputy=city, level=Level.CITY)
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        opinion_triage(
            opinion=opinion, route=Route.HIGHER_LEVEL, actor=officer_user, suggested_level=Level.CITY
        )
    assert "请写明接收方" in _messages(error)
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        opinion_triage(
            opinion=opinion,
            route=Route.HIGHER_LEVEL,
            actor=officer_user,
            suggested_level=Level.PROVINCIAL,
            forwarded_to_deputy=city,
        )
    with override("zh-hans"):
        expected = f"宋市代表不是所选层级（{Level.PROVINCIAL.label}）的代表"
    assert expected in _messages(error)

    opinion_triage(
        opinion=opinion,
        route=Route.HIGHER_LEVEL,
        actor=officer_user,
        suggested_level=Level.CITY,
        forwarded_to_deputy=city,
        forwarded_to_body=" 市人大常委会代表工委 ",
    )
    opinion.refresh_from_db()
    assert (opinion.forwarded_to_deputy, opinion.forwarded_to_body) == (city, "市人大常委会代表工委")
    assert opinion.forwarded_to == "市人大常委会代表工委 · 宋市代表"
    assert "市人大常委会代表工委 · 宋市代表" in opinion.events.get(kind=Kind.TRIAGED).note
    # Another route forgets who received it.
    opinion_triage(opinion=opinion, route=Route.STATION, actor=officer_user)
    opinion.refresh_from_db()
    assert (opinion.forwarded_to_deputy, opinion.forwarded_to_body) == (None, "")


# Handing to a guest's office at a joint reception ------------------------------------------------------------


@pytest.fixture
def joint_day(station, officer_user):
    # Early today, so that an opinion received an hour later is of the same local day whenever the test runs.
    start = timezone.localtime().replace(hour=0, minute=30, second=0, microsecond=0)
    day = ActivityFactory(
        kind=Activity.Kind.RECEPTION,
        station=station,
        organiser=officer_user,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    day.guests.create(name="周法官", office="区人民法院滨江法庭", role="judge")
    return day


def test_an_opinion_of_a_joint_reception_day_goes_to_a_guest_s_office(station, officer_user, joint_day):
    guest = joint_day.guests.get()
    opinion = OpinionFactory(station=station, received_at=joint_day.starts_at + timedelta(hours=1))
    opinion_triage(opinion=opinion, route=Route.GUEST_OFFICE, actor=officer_user, reception_guest=guest)
    opinion.refresh_from_db()
    assert (opinion.status, opinion.reception_guest) == (Status.TRIAGED, guest)
    assert "区人民法院滨江法庭" in opinion.events.get(kind=Kind.TRIAGED).note
    assert opinion.route_label.endswith("区人民法院滨江法庭")
    assert (
        "周法官" not in opinion.route_label
    )  # the office, not the person, in registers and on the public page


def test_a_guest_of_another_day_is_refused(station, officer_user, joint_day):
    guest = joint_day.guests.get()
    opinion = OpinionFactory(station=station, received_at=joint_day.starts_at - timedelta(days=3))
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        opinion_triage(opinion=opinion, route=Route.GUEST_OFFICE, actor=officer_user, reception_guest=guest)
    assert "请选择收集该意见的联合接待日的受邀人员" in _messages(error)
    opinion.refresh_from_db()
    assert opinion.reception_guest is None
