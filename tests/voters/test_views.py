import pytest
from django.utils import timezone

from tests.voters.factories import OpinionFactory, VoterFactory
from voters.models import Category, Opinion, OpinionEvent, ReturnVisit, Route, Voter
from voters.services.steps import opinion_triage

pytestmark = pytest.mark.django_db


def test_officer_logs_triages_and_answers_an_opinion(officer, station, deputy_record):
    response = officer.post(
        "/opinions/new/",
        {
            "station": station.pk,
            "channel": "reception",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "deputy": deputy_record.pk,
            "content": "丹桂社区老旧小区加装电梯进展缓慢",
            "category": Category.objects.get(name="城市更新").pk,
            "voter_name": "刘大爷",
            "voter_phone": "13912340000",
            "voter_consent": "on",
        },
    )
    opinion = Opinion.objects.get()
    assert response["Location"] == opinion.get_absolute_url()
    assert opinion.voter.name == "刘大爷" and opinion.deputy == deputy_record

    assert (
        officer.post(
            f"/opinions/{opinion.pk}/triage/", {"route": "station", "partner": "丹桂社区居委会"}
        ).status_code
        == 302
    )
    assert officer.post(f"/opinions/{opinion.pk}/start/", {}).status_code == 302
    assert officer.post(f"/opinions/{opinion.pk}/resolve/", {"reply": "已协调加装电梯"}).status_code == 302
    response = officer.post(
        f"/opinions/{opinion.pk}/return-visit/",
        {
            "voter": opinion.voter_id,
            "method": "phone",
            "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "satisfaction": "satisfied",
            "note": "很满意",
        },
    )
    assert response.status_code == 302
    assert officer.post(f"/opinions/{opinion.pk}/close/", {}).status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.CLOSED
    assert opinion.events.count() == 6
    page = officer.get(opinion.get_absolute_url()).content.decode()
    assert "很满意" in page


def test_the_same_phone_finds_the_voter_again(officer, station, voter):
    officer.post(
        "/opinions/new/",
        {
            "station": station.pk,
            "channel": "phone",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "content": "再次反映路灯问题",
            "voter_phone": "138-1234-5678",
        },
    )
    assert Voter.objects.count() == 1
    assert Opinion.objects.get().voter == voter


def test_bad_phone_on_the_officer_form(officer, station):
    response = officer.post(
        "/opinions/new/",
        {
            "station": station.pk,
            "channel": "phone",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "content": "反映路灯问题",
            "voter_phone": "1381234567",
        },
    )
    assert response.status_code == 200
    assert "1381234567" in response.content.decode()
    assert not Opinion.objects.exists()


def test_officer_cannot_enter_for_another_station(officer, other_station):
    response = officer.post(
        "/opinions/new/",
        {
            "station": other_station.pk,
            "channel": "phone",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "content": "反映路灯问题",
        },
    )
    assert response.status_code == 200
    assert not Opinion.objects.exists()


def test_triage_form_shows_service_errors(officer, opinion):
    response = officer.post(f"/opinions/{opinion.pk}/triage/", {"route": "not_accepted"})
    assert response.status_code == 200
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.RECEIVED


def test_merge_by_tracking_code(officer, station, opinion):
    duplicate = OpinionFactory(station=station, voter=VoterFactory(station=station))
    response = officer.post(f"/opinions/{duplicate.pk}/merge/", {"into": opinion.tracking_code.lower()})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == opinion


def test_merge_into_another_stations_opinion_is_refused(officer, opinion, other_opinion):
    response = officer.post(f"/opinions/{opinion.pk}/merge/", {"into": other_opinion.tracking_code})
    assert response.status_code == 200
    opinion.refresh_from_db()
    assert opinion.merged_into is None


def test_a_step_out_of_order_redirects_with_a_message(officer, opinion):
    response = officer.get(f"/opinions/{opinion.pk}/close/")
    assert response.status_code == 302


def _list_with(station, count):
    for number in range(count):
        voter = VoterFactory(station=station)
        opinion = OpinionFactory(station=station, voter=voter)
        if number % 2:
            opinion_triage(opinion=opinion, route=Route.STREET_OFFICE, actor=None)


@pytest.mark.parametrize("rows", [2, 20])
def test_list_query_count_does_not_grow(officer, station, rows, django_assert_num_queries):
    _list_with(station, rows)
    # session, user, count, page, categories, by category, by route, ages, and the filter form's station
    # and category choices (masking needs no query: every role sees voters masked).
    with django_assert_num_queries(10):
        response = officer.get("/opinions/")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_staff_list_query_count_does_not_grow(committee_staff, station, rows, django_assert_num_queries):
    _list_with(station, rows)
    with django_assert_num_queries(10):
        response = committee_staff.get("/opinions/?period=open")
    assert response.status_code == 200


def test_list_filters(officer, station, opinion):
    OpinionFactory(station=station, content="河道垃圾需要清理")
    assert "河道垃圾" in officer.get("/opinions/", {"q": "河道"}).content.decode()
    page = officer.get("/opinions/", {"q": "13812345678"}).content.decode()
    assert opinion.tracking_code in page and "河道垃圾" not in page
    assert opinion.tracking_code in officer.get("/opinions/", {"period": "today"}).content.decode()


def test_overdue_and_open_by_age(officer, station):
    old = OpinionFactory(station=station, received_at=timezone.now() - timezone.timedelta(days=40))
    Opinion.objects.filter(pk=old.pk).update(due_on=timezone.localdate() - timezone.timedelta(days=25))
    page = officer.get("/opinions/", {"period": "overdue"}).content.decode()
    assert old.tracking_code in page


def test_monthly_consultation_groups_by_category_and_level(officer, station):
    opinion = OpinionFactory(station=station, suggested_level="city")
    month = timezone.localtime(opinion.received_at).strftime("%Y-%m")
    response = officer.get("/opinions/consultation/", {"month": month})
    assert opinion.tracking_code in response.content.decode()
    groups = response.context["groups"]
    assert groups[0]["levels"][0]["level"] == "city"


def test_consultation_takes_the_levels_from_the_highest_down(officer, station):
    category = Category.objects.get(name="交通出行")
    for level in ["", "county", "provincial", "city"]:
        OpinionFactory(station=station, suggested_level=level, category=category)
    groups = officer.get("/opinions/consultation/").context["groups"]
    assert [level["level"] for level in groups[0]["levels"]] == ["provincial", "city", "county", ""]


def test_registers_for_a_period(officer, opinion, officer_user):
    opinion_triage(opinion=opinion, route=Route.ON_THE_SPOT, actor=officer_user, reply="当场答复")
    day = timezone.localdate().isoformat()
    register = officer.get("/opinions/register/", {"start": day, "end": day}).content.decode()
    assert opinion.content in register
    feedback = officer.get("/opinions/feedback/", {"start": day, "end": day}).content.decode()
    assert "当场答复" in feedback
    assert ReturnVisit.objects.count() == 1
    export = officer.get("/opinions/feedback/export/", {"start": day, "end": day})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_register_refuses_a_reversed_period(officer):
    response = officer.get("/opinions/register/export/", {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 302


def test_similar_hint(officer, station, point):
    OpinionFactory(station=point, content="桂花路的路灯坏了好几天，晚上很黑")
    response = officer.get("/opinions/similar/", {"station": station.pk, "content": "桂花路路灯坏了"})
    assert "桂花路的路灯" in response.content.decode()


def test_categories_are_seeded_and_staff_edit_them(committee_staff):
    assert Category.objects.count() == 8
    other = Category.objects.get(name="其他")
    response = committee_staff.post(
        f"/opinions/categories/{other.pk}/edit/",
        {"name": "其他事项", "name_en": "Other", "position": 90, "is_active": "on"},
    )
    assert response.status_code == 302
    assert Category.objects.filter(name="其他事项").exists()


def test_attachment_is_served_only_within_scope(officer, other_officer, opinion, officer_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.voters.test_uploads import png_bytes
    from voters.services.steps import attachment_add

    attachment = attachment_add(
        opinion=opinion, upload=SimpleUploadedFile("a.png", png_bytes()), actor=officer_user
    )
    response = officer.get(f"/opinions/attachments/{attachment.pk}/")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert other_officer.get(f"/opinions/attachments/{attachment.pk}/").status_code == 404
    assert opinion.events.filter(kind=OpinionEvent.Kind.ATTACHED).exists()


def test_opinions_from_a_visit(officer, point, deputy_record):
    from liaison.activities.models import Visit

    visit = Visit.objects.create(kind=Visit.Kind.RECEPTION, date=timezone.localdate(), station=point)
    visit.deputies.add(deputy_record)
    visit.entries.create(voter_name="赵六", voter_phone="13812349999", raised="楼道灯不亮")
    visit.entries.create(raised="希望增设快递柜")
    assert officer.post(f"/opinions/from-visit/{visit.pk}/").status_code == 302
    assert officer.post(f"/opinions/from-visit/{visit.pk}/").status_code == 302  # twice is harmless
    opinions = Opinion.objects.order_by("pk")
    assert [o.content for o in opinions] == ["楼道灯不亮", "希望增设快递柜"]
    assert all(o.visit == visit and o.deputy == deputy_record and o.channel == "reception" for o in opinions)
    assert opinions[0].voter.phone == "+8613812349999" and opinions[1].voter is None


def test_reception_day_save_and_enter_the_next(officer, station, deputy_record):
    response = officer.post(
        "/opinions/new/",
        {
            "station": station.pk,
            "channel": "reception",
            "received_at": "2026-03-15T09:30",
            "deputy": deputy_record.pk,
            "content": "第一位选民反映停车难",
            "another": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/opinions/new/?")
    form = officer.get(response["Location"]).context["form"]
    assert str(form.initial["deputy"]) == str(deputy_record.pk)
    assert form.initial["received_at"] == "2026-03-15T09:30"


def test_admin_only_looks(opinion, staff_user):
    from django.test import Client

    from liaison.models import User

    admin_user = User.objects.create_superuser("root", password="x-long-password-1", role=User.Role.ADMIN)
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/voters/opinion/").status_code == 200
    page = client.get(f"/admin/voters/opinion/{opinion.pk}/change/")
    assert page.status_code == 200
    assert "13812345678" not in page.content.decode()
    assert client.post(f"/admin/voters/opinion/{opinion.pk}/delete/").status_code == 403


@pytest.mark.parametrize("rows", [2, 20])
def test_detail_query_count_does_not_grow(
    officer, station, opinion, officer_user, rows, django_assert_num_queries
):
    from django.db import connection

    from voters.services.steps import opinion_merge

    for _ in range(rows):
        duplicate = OpinionFactory(station=station, voter=VoterFactory(station=station))
        opinion_merge(duplicate=duplicate, into=opinion, actor=officer_user)
    # PostgreSQL adds three statements: the similar-opinion hint sets pg_trgm's threshold for its query in a
    # transaction of its own (a savepoint inside the test's transaction, and its release).
    with django_assert_num_queries(11 + 3 * (connection.vendor == "postgresql")):
        response = officer.get(opinion.get_absolute_url())
    assert response.status_code == 200


def test_voter_edit_refuses_a_bad_phone(officer, voter):
    response = officer.post(
        f"/opinions/voters/{voter.pk}/edit/", {"name": "张三明", "phone": "138123", "community": "桂花社区"}
    )
    assert response.status_code == 200
    voter.refresh_from_db()
    assert voter.phone == "+8613812345678"
    response = officer.post(
        f"/opinions/voters/{voter.pk}/edit/",
        {"name": "张三明", "phone": "13812340001", "community": "桂花社区"},
    )
    assert response.status_code == 302
    voter.refresh_from_db()
    assert voter.phone == "+8613812340001"


def test_the_register_opens_on_this_month(officer):
    page = officer.get("/opinions/register/").content.decode()
    assert f'value="{timezone.localdate().replace(day=1).isoformat()}"' in page


@pytest.mark.django_db(transaction=True)
def test_categories_come_back_after_a_flush():
    """Live-server tests flush every table; post_migrate (voters/apps.py) seeds the categories again."""
    from django.core.management import call_command

    call_command("flush", "--noinput", verbosity=0)
    assert Category.objects.count() == 8
