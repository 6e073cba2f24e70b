"""The public form (voters/views/public.py): no account, minimal fields, and limits against abuse."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.voters.test_uploads import jpeg_bytes
from voters.models import Attachment, Channel, Opinion, Voter

pytestmark = pytest.mark.django_db


def url(station):
    return f"/opinions/public/s/{station.pk}/"


def post(client, station, address="10.0.0.1", **data):
    data.setdefault("content", "小区门口路灯坏了很久，晚上出行不安全")
    return client.post(url(station), data, REMOTE_ADDR=address)


def test_the_form_shows_consent_and_privacy_notice(anonymous, station):
    page = anonymous.get(url(station)).content.decode()
    assert 'name="consent"' in page
    assert 'name="website"' in page  # the honeypot is in the page, hidden by CSS


def test_a_voter_sends_an_opinion_and_follows_it(anonymous, station):
    response = post(
        anonymous, station, name="王小二", phone="139 1234 5678", consent="on", location="桂花路口"
    )
    opinion = Opinion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/opinions/public/track/{opinion.tracking_code}/"
    assert opinion.channel == Channel.ONLINE
    assert opinion.station == station
    assert opinion.voter.phone == "+8613912345678"
    assert opinion.voter.consent
    page = anonymous.get(response["Location"]).content.decode()
    assert opinion.tracking_code in page
    assert "王小二" not in page and "13912345678" not in page
    # The lookup form leads to the same page.
    assert anonymous.get("/opinions/public/track/", {"code": opinion.tracking_code.lower()})[
        "Location"
    ].endswith(f"/{opinion.tracking_code}/")


def test_from_a_deputys_qr_code(anonymous, deputy_record, point):
    anonymous.post(
        f"/opinions/public/d/{deputy_record.public_token}/",
        {"content": "希望增加公交班次"},
        REMOTE_ADDR="10.0.0.2",
    )
    opinion = Opinion.objects.get()
    assert (opinion.deputy, opinion.station) == (deputy_record, point)


def test_anonymous_opinion_without_contact(anonymous, station):
    post(anonymous, station)
    assert Opinion.objects.get().voter is None
    assert not Voter.objects.exists()


def test_name_or_phone_need_consent(anonymous, station):
    response = post(anonymous, station, phone="13912345678")
    assert response.status_code == 200
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("phone", ["1391234567", "139123456789", "12345", "abcdefg", "0000-1234567"])
def test_bad_phone_numbers_are_refused_with_a_message(anonymous, station, phone):
    response = post(anonymous, station, phone=phone, consent="on")
    assert response.status_code == 200
    assert phone in response.content.decode()  # the message quotes what was typed
    assert not Opinion.objects.exists()


def test_honeypot_creates_nothing(anonymous, station):
    response = post(anonymous, station, website="http://spam.example")
    assert response.status_code == 200
    assert not Opinion.objects.exists()


def test_rate_limit_per_address(anonymous, station, settings):
    settings.PUBLIC_OPINION_PER_ADDRESS = (3, 3600)
    for number in range(3):
        assert post(anonymous, station, content=f"第{number}条不同的意见内容，关于道路").status_code == 302
    response = post(anonymous, station, content="第四条不同的意见内容，关于噪音")
    assert response.status_code == 429
    assert Opinion.objects.count() == 3
    # Another address is not held back.
    assert post(anonymous, station, address="10.0.0.9", content="第五条不同的意见内容").status_code == 302


def test_the_limit_per_address_holds_with_redis_down(redis_down, anonymous, station, caplog):
    """Five an hour from one network (the default): the sixth is refused though the cache cannot count."""
    for number in range(5):
        assert post(anonymous, station, content=f"第{number}条不同的意见内容，关于道路").status_code == 302
    assert post(anonymous, station, content="第六条不同的意见内容，关于噪音").status_code == 429
    assert Opinion.objects.count() == 5
    assert "public request refused: the limit per address" in caplog.text


def test_the_limit_per_address_outlives_a_cache_restart(anonymous, station):
    for number in range(5):
        assert post(anonymous, station, content=f"第{number}条不同的意见内容，关于道路").status_code == 302
    cache.clear()  # as a Redis restart does
    assert post(anonymous, station, content="第六条不同的意见内容，关于噪音").status_code == 429


def test_rate_limit_per_phone(anonymous, station, settings):
    settings.PUBLIC_OPINION_PER_PHONE = (2, 86400)
    for number in range(2):
        post(
            anonymous,
            station,
            address=f"10.0.1.{number}",
            content=f"第{number}条意见，关于绿化",
            phone="13912345678",
            consent="on",
        )
    response = post(
        anonymous,
        station,
        address="10.0.1.9",
        content="又一条意见，关于绿化",
        phone="+86 139-1234-5678",
        consent="on",
    )
    assert response.status_code == 429
    assert Opinion.objects.count() == 2


def test_the_same_text_twice_quickly_makes_one_opinion(anonymous, station):
    first = post(anonymous, station, content="菜市场早上五点就开始卸货，噪音很大")
    second = post(anonymous, station, address="10.0.0.3", content="菜市场早上五点就开始卸货，噪音很大！")
    assert Opinion.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_a_fake_jpeg_is_refused(anonymous, station):
    fake = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" + b"x" * 200, content_type="image/jpeg")
    response = post(anonymous, station, files=[fake])
    assert response.status_code == 200
    assert "photo.jpg" in response.content.decode()
    assert not Opinion.objects.exists()


def test_a_real_photo_is_kept(anonymous, station):
    photo = SimpleUploadedFile("photo.jpg", jpeg_bytes(), content_type="image/jpeg")
    post(anonymous, station, files=[photo])
    assert Attachment.objects.get().kind == Attachment.Kind.JPEG


def test_inactive_station_has_no_form(anonymous, station):
    station.is_active = False
    station.save()
    assert anonymous.get(url(station)).status_code == 404


def test_the_officers_are_told(anonymous, station, officer_user):
    from liaison.notifications.models import Notification

    post(anonymous, station, name="王小二", phone="13912345678", consent="on")
    message = Notification.objects.get(recipient__user=officer_user)
    assert "王小二" not in message.subject + message.body
    assert "13912345678" not in message.subject + message.body


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("010-12345678", "+861012345678"),  # a Beijing landline
        ("0755 8888 6666", "+8675588886666"),  # a Shenzhen landline
        ("１３９１２３４５６７８", "+8613912345678"),  # full-width digits from a Chinese keyboard
        ("+86 139 1234 5678", "+8613912345678"),
    ],
)
def test_mobile_and_landline_formats_are_accepted(anonymous, station, typed, stored):
    assert post(anonymous, station, phone=typed, consent="on").status_code == 302
    assert Opinion.objects.get().voter.phone == stored


def test_tracking_look_ups_are_limited_per_address(anonymous, station, settings):
    settings.PUBLIC_TRACKING_PER_ADDRESS = (3, 3600)
    post(anonymous, station)
    code = Opinion.objects.get().tracking_code
    statuses = [
        anonymous.get(f"/opinions/public/track/{code}/", REMOTE_ADDR="10.2.0.1").status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert anonymous.get(f"/opinions/public/track/{code}/", REMOTE_ADDR="10.2.0.2").status_code == 200


def test_a_text_too_long_is_refused_with_its_length_not_cut(anonymous, station):
    form = anonymous.get(url(station)).content.decode()
    assert 'data-max-chars="2000"' in form and 'maxlength="2000"' not in form  # the browser cuts at maxlength
    assert "/static/core/char_counter.js" in form
    response = post(anonymous, station, content="路" * 2001)
    page = response.content.decode()
    assert response.status_code == 200 and not Opinion.objects.exists()
    assert "内容共 2001 字，超过上限 2000 字，请删减后再提交。" in page and "确保该变量" not in page


def test_a_mistyped_tracking_code_shows_the_form_again(anonymous, settings):
    settings.DEBUG = True  # not Django's debug 404 listing every URL pattern
    response = anonymous.get("/opinions/public/track/ABCD234567/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "查询码不存在，请核对后重新输入。" in page
    assert 'name="code"' in page and 'value="ABCD234567"' in page
    assert "URLconf" not in page


TYPED = {
    "lower case": lambda code: code.lower(),
    "dashes": lambda code: f" {code[:5]}-{code[5:]} ",
    "spaces": lambda code: f"{code[:3]} {code[3:6]} {code[6:]}",
}


@pytest.mark.parametrize("typed", TYPED.values(), ids=TYPED.keys())
def test_a_tracking_code_is_read_however_it_is_typed(anonymous, station, typed):
    post(anonymous, station)
    code = Opinion.objects.get().tracking_code
    found = anonymous.get("/opinions/public/track/", {"code": typed(code)}, follow=True)
    assert found.status_code == 200
    assert found.redirect_chain[-1][0] == f"/opinions/public/track/{code}/"
    assert anonymous.get(f"/opinions/public/track/{typed(code).strip()}/").status_code == 200


def test_a_tracking_code_of_only_dashes_is_asked_again(anonymous):
    assert anonymous.get("/opinions/public/track/", {"code": "- -"}).status_code == 200
