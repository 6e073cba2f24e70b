import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from deputies.models import Level
from liaison.core.errors import ActionRefused
from tests.voters.factories import OpinionFactory, VoterFactory
from tests.voters.test_uploads import png_bytes
from voters.models import (
    Attachment,
    Channel,
    Opinion,
    OpinionEvent,
    RefusalReason,
    ReturnVisit,
    Route,
    Satisfaction,
    Voter,
)
from voters.services import (
    AlreadyReceived,
    Throttled,
    opinion_close,
    opinion_create,
    opinion_intake,
    opinion_intake_online,
    opinion_merge,
    opinion_record_return_visit,
    opinion_resolve,
    opinion_start,
    opinion_triage,
    opinion_withdraw,
    voter_find_or_create,
    voters_to_answer,
)
from voters.transitions import opinion_actions

pytestmark = pytest.mark.django_db
Status = Opinion.Status
Kind = OpinionEvent.Kind


def kinds(opinion):
    return list(opinion.events.order_by("at", "pk").values_list("kind", flat=True))


def test_create_writes_the_received_event_and_files(station, officer_user, voter):
    upload = SimpleUploadedFile("street.png", png_bytes())
    opinion = opinion_create(
        station=station,
        channel=Channel.RECEPTION,
        content="  桂花路的下水道经常堵塞  ",
        actor=officer_user,
        voter=voter,
        files=[upload],
    )
    assert opinion.status == Status.RECEIVED
    assert opinion.content == "桂花路的下水道经常堵塞"
    assert len(opinion.tracking_code) == 10
    assert opinion.due_on is not None
    assert kinds(opinion) == [Kind.RECEIVED]
    attachment = Attachment.objects.get(opinion=opinion)
    assert attachment.kind == Attachment.Kind.PNG
    assert attachment.original_name == "street.png"
    assert "street" not in attachment.file.name  # stored under a random name


def test_anonymous_opinion_is_allowed(station):
    opinion = opinion_create(station=station, channel=Channel.MAILBOX, content="匿名信：菜市场噪音扰民")
    assert opinion.voter is None


# Intake: what an officer takes down -----------------------------------------------------------------


def test_officer_intake_records_the_voter_and_the_opinion(station, officer_user, deputy_record):
    opinion = opinion_intake(
        actor=officer_user,
        station=station,
        channel=Channel.RECEPTION,
        content="丹桂社区老旧小区加装电梯进展缓慢",
        voter_name="刘大爷",
        voter_phone="+8613912340000",
        voter_community="丹桂社区",
        voter_consent=True,
        deputy=deputy_record,
        files=[SimpleUploadedFile("lift.png", png_bytes())],
    )
    opinion.refresh_from_db()
    assert (opinion.station, opinion.deputy, opinion.officer) == (station, deputy_record, officer_user)
    assert (opinion.voter.name, opinion.voter.phone) == ("刘大爷", "+8613912340000")
    assert opinion.voter.community == "丹桂社区" and opinion.voter.consent
    assert opinion.status == Status.RECEIVED
    assert list(opinion.events.values_list("kind", "actor")) == [(Kind.RECEIVED, officer_user.pk)]
    assert opinion.attachments.get().original_name == "lift.png"


def test_officer_intake_finds_the_voter_again_by_phone(station, officer_user, voter):
    opinion = opinion_intake(
        actor=officer_user,
        station=station,
        channel=Channel.PHONE,
        content="再次反映路灯问题",
        voter_phone=voter.phone,
    )
    assert opinion.voter == voter
    assert Voter.objects.count() == 1


def test_staff_intake_without_a_voter_is_anonymous_and_names_no_officer(station, staff_user):
    opinion = opinion_intake(
        actor=staff_user, station=station, channel=Channel.MAILBOX, content="匿名信：菜市场噪音扰民"
    )
    assert opinion.voter is None and opinion.officer is None
    assert not Voter.objects.exists()


def test_officer_intake_refused_keeps_neither_voter_nor_opinion(station, officer_user):
    fake = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" + b"x" * 200, content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        opinion_intake(
            actor=officer_user,
            station=station,
            channel=Channel.RECEPTION,
            content="桂花路的下水道经常堵塞",
            voter_name="刘大爷",
            voter_phone="+8613912340000",
            files=[fake],
        )
    assert "photo.jpg" in error.value.messages[0]
    assert not Opinion.objects.exists()
    assert not Voter.objects.exists()
    assert not OpinionEvent.objects.exists()
    assert not Attachment.objects.exists()


# Intake: what a voter sends through the public form ----------------------------------------------------


def send_online(station, **fields):
    values = {"address": "10.0.0.1", "content": "菜市场早上五点就开始卸货，噪音很大", **fields}
    return opinion_intake_online(station=station, **values)


def nothing_kept():
    from liaison.notifications.models import Notification

    return not (
        Opinion.objects.exists()
        or Voter.objects.exists()
        or OpinionEvent.objects.exists()
        or Notification.objects.exists()
    )


def test_online_intake_keeps_the_opinion_tells_the_officers_and_texts_the_code(
    station, officer_user, deputy_record, django_capture_on_commit_callbacks
):
    from liaison.notifications.models import Notification

    with django_capture_on_commit_callbacks() as queued:
        opinion = send_online(
            station,
            deputy=deputy_record,
            name="王小二",
            phone="+8613912345678",
            consent=True,
            location="菜市场",
        )
    opinion.refresh_from_db()
    assert (opinion.channel, opinion.station, opinion.deputy) == (Channel.ONLINE, station, deputy_record)
    assert (opinion.location, opinion.officer) == ("菜市场", None)
    assert (opinion.voter.name, opinion.voter.phone, opinion.voter.consent) == (
        "王小二",
        "+8613912345678",
        True,
    )
    assert list(opinion.events.values_list("kind", "actor")) == [(Kind.RECEIVED, None)]
    assert Notification.objects.get().recipient.user == officer_user
    assert len(queued) == 1  # the tracking code's SMS, once the opinion is saved


def test_online_intake_without_contact_details_is_anonymous(station):
    assert send_online(station).voter is None
    assert not Voter.objects.exists()


def test_online_intake_refuses_name_or_phone_without_consent(station):
    with pytest.raises(ValidationError) as error:
        send_online(station, phone="+8613912345678")
    assert set(error.value.error_dict) == {"consent"}
    assert nothing_kept()


def test_online_intake_is_limited_per_network(station, settings):
    settings.PUBLIC_OPINION_PER_ADDRESS = (1, 3600)
    send_online(station, content="第一条意见：路灯坏了")
    with pytest.raises(Throttled) as error:
        send_online(station, content="第二条意见：噪音扰民")
    assert error.value.code == "throttled"
    assert Opinion.objects.count() == 1
    send_online(station, address="10.0.0.2", content="第三条意见：噪音扰民")  # another network may
    assert Opinion.objects.count() == 2


def test_online_intake_is_limited_per_phone(station, settings):
    settings.PUBLIC_OPINION_PER_PHONE = (1, 86400)
    send_online(station, phone="+8613912345678", consent=True, content="第一条意见：路灯坏了")
    with pytest.raises(Throttled) as error:
        send_online(
            station, address="10.0.0.2", phone="+8613912345678", consent=True, content="第二条意见：噪音扰民"
        )
    assert set(error.value.error_dict) == {"phone"}
    assert Opinion.objects.count() == 1


def test_online_intake_keeps_the_same_text_once(station):
    first = send_online(station)
    with pytest.raises(AlreadyReceived) as error:
        send_online(station, address="10.0.0.2", content="菜市场早上五点就开始卸货，噪音很大！")
    assert error.value.earlier == first
    assert Opinion.objects.count() == 1


def test_online_intake_refused_for_a_spent_network_keeps_nothing(station, officer_user, settings):
    from voters import throttle

    settings.PUBLIC_OPINION_PER_ADDRESS = (1, 3600)
    throttle.count("address", "10.0.0.1")
    with pytest.raises(Throttled):
        send_online(station, name="王小二", phone="+8613912345678", consent=True)
    assert nothing_kept()
    # The text was not claimed either: once the network may send again, the same text is taken.
    settings.PUBLIC_OPINION_PER_ADDRESS = (2, 3600)
    assert send_online(station).content == "菜市场早上五点就开始卸货，噪音很大"


# Each triage route --------------------------------------------------------------------------------


def test_answered_on_the_spot(opinion, officer_user):
    opinion_triage(opinion=opinion, route=Route.ON_THE_SPOT, actor=officer_user, reply="已当场解释政策")
    opinion.refresh_from_db()
    assert opinion.status == Status.ANSWERED
    assert opinion.route == Route.ON_THE_SPOT
    assert opinion.answered_at is not None
    assert kinds(opinion) == [Kind.RECEIVED, Kind.TRIAGED]
    visit = ReturnVisit.objects.get(opinion=opinion)
    assert visit.method == ReturnVisit.Method.IN_PERSON
    opinion_close(opinion=opinion, actor=officer_user)
    assert opinion.status == Status.CLOSED


def test_on_the_spot_needs_the_answer(opinion, officer_user):
    with pytest.raises(ValidationError):
        opinion_triage(opinion=opinion, route=Route.ON_THE_SPOT, actor=officer_user)
    opinion.refresh_from_db()
    assert opinion.status == Status.RECEIVED
    assert kinds(opinion) == [Kind.RECEIVED]


def test_handled_at_the_station_with_the_community_committee(opinion, officer_user):
    opinion_triage(opinion=opinion, route=Route.STATION, actor=officer_user, partner="桂花社区居委会")
    assert opinion.status == Status.TRIAGED
    opinion_start(opinion=opinion, actor=officer_user)
    opinion_resolve(opinion=opinion, actor=officer_user, reply="社区已安排维修")
    opinion_record_return_visit(
        opinion=opinion,
        actor=officer_user,
        method=ReturnVisit.Method.PHONE,
        satisfaction=Satisfaction.SATISFIED,
        voter=opinion.voter,
    )
    opinion_close(opinion=opinion, actor=officer_user)
    opinion.refresh_from_db()
    assert opinion.status == Status.CLOSED
    assert opinion.partner == "桂花社区居委会"
    assert kinds(opinion) == [
        Kind.RECEIVED,
        Kind.TRIAGED,
        Kind.STARTED,
        Kind.RESOLVED,
        Kind.ANSWERED,
        Kind.CLOSED,
    ]
    events = list(opinion.events.order_by("pk"))
    assert [(e.from_status, e.to_status) for e in events[1:]] == [
        (Status.RECEIVED, Status.TRIAGED),
        (Status.TRIAGED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.RESOLVED),
        (Status.RESOLVED, Status.ANSWERED),
        (Status.ANSWERED, Status.CLOSED),
    ]
    assert all(e.actor == officer_user for e in events[1:])


def test_referred_to_the_street_office(opinion, officer_user, handling_unit):
    opinion_triage(
        opinion=opinion, route=Route.STREET_OFFICE, actor=officer_user, handling_unit=handling_unit
    )
    opinion.refresh_from_db()
    assert (opinion.status, opinion.route, opinion.handling_unit) == (
        Status.TRIAGED,
        Route.STREET_OFFICE,
        handling_unit,
    )
    assert handling_unit.name in opinion.events.get(kind=Kind.TRIAGED).note


def test_raised_as_a_deputy_letter_or_suggestion_records_the_route(opinion, officer_user):
    # The draft suggestion is the suggestions app's (tests/suggestions/test_transitions.py): here only the route.
    opinion_triage(opinion=opinion, route=Route.SUGGESTION, actor=officer_user, note="联名建议")
    opinion.refresh_from_db()
    assert (opinion.status, opinion.route) == (Status.TRIAGED, Route.SUGGESTION)
    assert "联名建议" in opinion.events.get(kind=Kind.TRIAGED).note


def test_the_suggestion_closed_resolves_its_opinions_for_the_return_visit(opinion, officer_user):
    from voters.services import opinions_mark_return_visit_due

    opinion_triage(opinion=opinion, route=Route.SUGGESTION, actor=officer_user)
    opinions_mark_return_visit_due(opinions=[opinion], actor=officer_user, suggestion="关于路灯维修的建议")
    opinion.refresh_from_db()
    assert opinion.status == Status.RESOLVED
    assert "return_visit" in opinion_actions(opinion)
    assert opinion.events.get(kind=Kind.RESOLVED).note == "关于路灯维修的建议"


def test_forwarded_to_deputies_of_a_higher_level(opinion, officer_user):
    with pytest.raises(ValidationError):
        opinion_triage(
            opinion=opinion, route=Route.HIGHER_LEVEL, actor=officer_user, suggested_level=Level.COUNTY
        )
    opinion_triage(opinion=opinion, route=Route.HIGHER_LEVEL, actor=officer_user, suggested_level=Level.CITY)
    opinion.refresh_from_db()
    assert (opinion.status, opinion.suggested_level) == (Status.TRIAGED, Level.CITY)


def test_not_accepted_tells_the_voter_where_to_go(opinion, officer_user):
    with pytest.raises(ValidationError) as error:
        opinion_triage(opinion=opinion, route=Route.NOT_ACCEPTED, actor=officer_user)
    assert set(error.value.error_dict) == {"refusal_reason", "reply"}
    opinion_triage(
        opinion=opinion,
        route=Route.NOT_ACCEPTED,
        actor=officer_user,
        refusal_reason=RefusalReason.IN_COURT,
        reply="该纠纷已进入诉讼程序，请向区人民法院了解进展。",
    )
    opinion.refresh_from_db()
    assert opinion.status == Status.TRIAGED
    assert not {"start", "resolve"} & opinion_actions(opinion)
    with pytest.raises(ActionRefused):
        opinion_start(opinion=opinion, actor=officer_user)
    # The voter hears the reason at the return visit, then it is closed.
    opinion_record_return_visit(
        opinion=opinion,
        actor=officer_user,
        method=ReturnVisit.Method.PHONE,
        satisfaction=Satisfaction.UNKNOWN,
    )
    opinion_close(opinion=opinion, actor=officer_user)
    assert opinion.status == Status.CLOSED


def test_re_routing_is_recorded(opinion, officer_user):
    opinion_triage(opinion=opinion, route=Route.STREET_OFFICE, actor=officer_user)
    opinion_triage(opinion=opinion, route=Route.SUGGESTION, actor=officer_user, note="街道无权处理")
    assert kinds(opinion).count(Kind.TRIAGED) == 2


# Forbidden moves change nothing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "move",
    [
        lambda o, u: opinion_start(opinion=o, actor=u),
        lambda o, u: opinion_resolve(opinion=o, actor=u, reply="x"),
        lambda o, u: opinion_close(opinion=o, actor=u),
        lambda o, u: opinion_record_return_visit(
            opinion=o, actor=u, method="phone", satisfaction=Satisfaction.SATISFIED
        ),
    ],
)
def test_moves_out_of_order_raise_and_change_nothing(opinion, officer_user, move):
    with pytest.raises(ActionRefused):
        move(opinion, officer_user)
    opinion.refresh_from_db()
    assert opinion.status == Status.RECEIVED
    assert kinds(opinion) == [Kind.RECEIVED]


def test_withdraw_needs_a_reason_and_keeps_the_record(opinion, officer_user):
    with pytest.raises(ValidationError):
        opinion_withdraw(opinion=opinion, actor=officer_user, reason=" ")
    opinion_withdraw(opinion=opinion, actor=officer_user, reason="重复录入")
    opinion.refresh_from_db()
    assert opinion.status == Status.WITHDRAWN
    assert opinion.events.get(kind=Kind.WITHDRAWN).note == "重复录入"
    with pytest.raises(ActionRefused):
        opinion_triage(opinion=opinion, route=Route.STATION, actor=officer_user)
    assert Opinion.objects.filter(pk=opinion.pk).exists()


# Merging ----------------------------------------------------------------------------------------------


def test_merge_keeps_every_voter_to_answer(station, officer_user):
    first = OpinionFactory(station=station, voter=VoterFactory(station=station, name="甲"))
    second = OpinionFactory(station=station, voter=VoterFactory(station=station, name="乙"))
    third = OpinionFactory(station=station, voter=VoterFactory(station=station, name="丙"))
    opinion_merge(duplicate=second, into=first, actor=officer_user)
    # A chain: first is itself merged later into third; the voters of both follow.
    opinion_merge(duplicate=first, into=third, actor=officer_user, note="同一路段")
    second.refresh_from_db()
    first.refresh_from_db()
    assert first.status == second.status == Status.MERGED
    assert first.merged_into == third and second.merged_into == third
    assert {v.name for v in voters_to_answer(third)} == {"甲", "乙", "丙"}
    assert kinds(third).count(Kind.ABSORBED) == 1
    # Each voter gets a return visit on the kept opinion.
    opinion_triage(opinion=third, route=Route.STATION, actor=officer_user)
    opinion_resolve(opinion=third, actor=officer_user, reply="已修复")
    for voter in voters_to_answer(third):
        opinion_record_return_visit(
            opinion=third,
            actor=officer_user,
            voter=voter,
            method=ReturnVisit.Method.PHONE,
            satisfaction=Satisfaction.SATISFIED,
        )
    assert third.return_visits.count() == 3
    assert Opinion.objects.count() == 3


def test_merge_refuses_itself_and_finished_targets(opinion, station, officer_user):
    with pytest.raises(ValidationError):
        opinion_merge(duplicate=opinion, into=opinion, actor=officer_user)
    closed = OpinionFactory(station=station)
    opinion_withdraw(opinion=closed, actor=officer_user, reason="录错")
    with pytest.raises(ValidationError):
        opinion_merge(duplicate=opinion, into=closed, actor=officer_user)
    opinion.refresh_from_db()
    assert opinion.status == Status.RECEIVED


def test_return_visit_only_for_voters_of_the_matter(opinion, officer_user, station):
    opinion_triage(opinion=opinion, route=Route.STATION, actor=officer_user)
    opinion_resolve(opinion=opinion, actor=officer_user, reply="已处理")
    stranger = VoterFactory(station=station)
    with pytest.raises(ValidationError):
        opinion_record_return_visit(
            opinion=opinion, actor=officer_user, voter=stranger, method="phone", satisfaction="satisfied"
        )


# Voters ---------------------------------------------------------------------------------------------


def test_voter_is_found_again_by_phone_in_the_station_network(station, point):
    first = voter_find_or_create(station=station, phone="+8613812340000", name="李四")
    again = voter_find_or_create(station=point, phone="+8613812340000", community="丹桂社区")
    assert again.pk == first.pk
    assert again.community == "丹桂社区"
    assert again.name == "李四"
    assert Voter.objects.count() == 1


def test_same_phone_elsewhere_is_another_stations_voter(station, other_station):
    voter_find_or_create(station=station, phone="+8613812340000", name="李四")
    voter_find_or_create(station=other_station, phone="+8613812340000", name="李四")
    assert Voter.objects.count() == 2


def test_no_name_and_no_phone_means_anonymous(station):
    assert voter_find_or_create(station=station) is None


def test_officers_hear_of_online_opinions_and_of_overdue_ones(
    station, point, officer_user, other_officer_user
):
    from django.utils import timezone

    from liaison.notifications.models import Notification
    from voters.services import opinion_notify_online, opinions_remind_overdue

    online = OpinionFactory(station=point, channel=Channel.ONLINE)
    opinion_notify_online(opinion=online)
    opinion_notify_online(opinion=online)  # idempotent
    message = Notification.objects.get()
    assert message.recipient.user == officer_user
    assert online.tracking_code in message.subject
    assert Opinion.objects.get(pk=online.pk).voter is None

    late = OpinionFactory(station=station, received_at=timezone.now() - timezone.timedelta(days=30))
    Opinion.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timezone.timedelta(days=10))
    assert len(opinions_remind_overdue()) == 1
    opinions_remind_overdue()  # the same day: nothing new
    overdue = Notification.objects.filter(kind="opinion_overdue")
    assert overdue.count() == 1 and overdue.get().recipient.user == officer_user
    assert "period=overdue" in overdue.get().url
