"""Intake (voters/services/intake.py): what an officer takes down, and what a voter sends through the public
form; a refused intake keeps nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.notifications.models import Notification
from tests.voters.test_services_steps import kinds
from tests.voters.test_uploads import png_bytes
from voters import throttle
from voters.models import Attachment, Channel, Opinion, OpinionEvent, Voter
from voters.services.intake import (
    AlreadyReceived,
    Throttled,
    opinion_create,
    opinion_intake,
    opinion_intake_online,
)

pytestmark = pytest.mark.django_db
Status = Opinion.Status
Kind = OpinionEvent.Kind


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


# Intake: what an officer takes down ----------------------------------------------------------------------


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


# Intake: what a voter sends through the public form ------------------------------------------------------


def send_online(station, **fields):
    values = {"address": "10.0.0.1", "content": "菜市场早上五点就开始卸货，噪音很大", **fields}
    return opinion_intake_online(station=station, **values)


def nothing_kept():
    return not (
        Opinion.objects.exists()
        or Voter.objects.exists()
        or OpinionEvent.objects.exists()
        or Notification.objects.exists()
    )


def test_online_intake_keeps_the_opinion_tells_the_officers_and_texts_the_code(
    station, officer_user, deputy_record, django_capture_on_commit_callbacks
):
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
    settings.PUBLIC_OPINION_PER_ADDRESS = (1, 3600)
    throttle.count("address", "10.0.0.1")
    with pytest.raises(Throttled):
        send_online(station, name="王小二", phone="+8613912345678", consent=True)
    assert nothing_kept()
    # The text was not claimed either: once the network may send again, the same text is taken.
    settings.PUBLIC_OPINION_PER_ADDRESS = (2, 3600)
    assert send_online(station).content == "菜市场早上五点就开始卸货，噪音很大"
