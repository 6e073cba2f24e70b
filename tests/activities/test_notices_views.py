"""The pages of notices: writing one (preview first, what was typed kept on error, the SMS length said), the
list and the notice's page (search, filters, figures, reminding, cancelling; queries pinned), and each
deputy's read link."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.activities.models import Notice, NoticeCopy
from liaison.celery import app
from liaison.notifications.models import Delivery, Notification
from tests.activities.factories import sent_notice
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationingFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("activities:notice_create")


def _form(station, **fields):
    return {
        "title": "关于征集闭会期间代表建议的通知",
        "body": "请各位代表于月底前提交建议。",
        "station": station.pk,
        "audience": Notice.Audience.EVERYONE,
        "group": "",
        "level": "",
        "send_at": "",
        **fields,
    }


def test_the_preview_counts_whom_it_reaches_before_anything_is_sent(officer, station, point, deputy_record):
    StationingFactory(deputy=DeputyFactory(name="吴无", phone=""), station=point)
    page = officer.post(CREATE, {**_form(station), "preview": "1"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "2 位代表" in text  # the count in the preview
    assert "1 位代表在册没有任何渠道" in text
    assert not Notice.objects.exists()
    assert 'name="send"' in text


def test_send_without_preview_shows_the_preview(officer, station, deputy_record):
    page = officer.post(CREATE, {**_form(station), "send": "1"})
    assert page.status_code == 200
    assert not Notice.objects.exists()
    assert 'id="notice-preview"' in page.content.decode()


def test_a_changed_audience_is_previewed_again(officer, station, point, deputy_record):
    previewed = officer.post(CREATE, {**_form(station), "preview": "1"}).context["form"]["previewed"].value()
    page = officer.post(CREATE, {**_form(point), "previewed": previewed, "send": "1"})
    assert page.status_code == 200
    assert not Notice.objects.exists()


def test_after_the_preview_it_is_sent(
    officer, station, deputy_record, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    previewed = officer.post(CREATE, {**_form(station), "preview": "1"}).context["form"]["previewed"].value()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(CREATE, {**_form(station), "previewed": previewed, "send": "1"})
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == notice.get_absolute_url()
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT  # the task queued after the commit ran
    assert notice.copies.get().deputy == deputy_record


def test_the_form_keeps_what_was_typed_and_says_the_sms_length(settings, officer, station, deputy_record):
    settings.SMS_PARAM_MAX_LENGTH = 10
    typed = _form(station, title="这是一个很长很长的通知标题超过了短信", body="请保留我写的这段正文。")
    page = officer.post(CREATE, {**typed, "preview": "1"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "短信最多只能带 10 个字的标题，请缩短（现在 18 个字）。" in text
    assert "这是一个很长很长的通知标题超过了短信" in text
    assert "请保留我写的这段正文。" in text
    assert "短信最多只能带 10 个字的正文" in text  # the text's help says what an SMS carries
    assert not Notice.objects.exists()


def test_the_preview_says_a_long_text_goes_by_sms_as_title_and_link(
    settings, officer, station, deputy_record
):
    settings.SMS_PARAM_MAX_LENGTH = 20
    page = officer.post(CREATE, {**_form(station, title="征集建议", body="字" * 21), "preview": "1"})
    assert "正文有 21 个字，超过了一条短信能带的字数：短信只带标题和阅读链接。" in page.content.decode()
    short = officer.post(CREATE, {**_form(station, title="征集建议", body="字" * 20), "preview": "1"})
    assert "短信带标题、正文（20 个字）和阅读链接。" in short.content.decode()


def test_a_group_needs_its_group(officer, station, deputy_record):
    page = officer.post(CREATE, {**_form(station, audience=Notice.Audience.GROUP), "preview": "1"})
    assert page.context["form"].errors["group"]


def test_an_officer_picks_only_their_stations(officer, station, point, other_station):
    choices = officer.get(CREATE).context["form"].fields["station"].queryset
    assert set(choices) == {station, point}
    page = officer.post(CREATE, {**_form(other_station), "preview": "1"})
    assert page.context["form"].errors["station"]
    page = officer.post(CREATE, {**_form(station), "station": "", "preview": "1"})
    assert page.context["form"].errors["station"]


def test_a_time_in_the_past_is_refused(officer, station, deputy_record):
    past = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    page = officer.post(CREATE, {**_form(station, send_at=past), "preview": "1"})
    assert page.context["form"].errors["send_at"]


def test_the_list_searches_and_filters_within_scope(
    officer, committee_staff, officer_user, staff_user, station, point, deputy_record, other_deputy_record
):
    mine = sent_notice(author=officer_user, station=point, title="换届选举工作通知")
    later = timezone.now() + timedelta(days=2)
    scheduled = sent_notice(author=officer_user, station=station, title="接待日地点变更")
    Notice.objects.filter(pk=scheduled.pk).update(status=Notice.Status.SCHEDULED, send_at=later)
    everyone = sent_notice(author=staff_user, station=None, title="全体代表会议通知")
    url = reverse("activities:notices")
    assert set(officer.get(url).context["page"]) == {mine, scheduled}
    assert set(committee_staff.get(url).context["page"]) == {mine, scheduled, everyone}
    assert list(officer.get(url, {"q": "换届"}).context["page"]) == [mine]
    assert list(officer.get(url, {"status": "scheduled"}).context["page"]) == [scheduled]
    assert list(officer.get(url, {"station": point.pk}).context["page"]) == [mine]


def _rows(author, station, count):
    for index in range(count):
        deputy = DeputyFactory(name=f"代表{index}")
        StationingFactory(deputy=deputy, station=station)
    return [sent_notice(author=author, station=station, title=f"通知{index}") for index in range(count)]


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_costs_the_same_queries_whatever_the_number(
    officer, officer_user, station, count, django_assert_max_num_queries
):
    _rows(officer_user, station, count)
    with django_assert_max_num_queries(5):
        page = officer.get(reverse("activities:notices"))
    assert len(page.context["page"]) == count


@pytest.mark.parametrize("count", [2, 20])
def test_the_notice_page_costs_the_same_queries_whatever_the_number(
    officer, officer_user, station, count, django_assert_max_num_queries
):
    notice = _rows(officer_user, station, count)[-1]
    Delivery.objects.filter(pk=notice.copies.first().notification.deliveries.get().pk).update(
        status=Delivery.Status.SENT
    )
    with django_assert_max_num_queries(8):
        page = officer.get(notice.get_absolute_url())
    assert page.context["figures"]["recipients"] == count
    assert len(page.context["page"]) == count


def test_the_notice_page_counts_received_read_and_not_reached(
    officer, officer_user, station, point, deputy_record, deputy_user
):
    StationingFactory(deputy=DeputyFactory(name="吴无", phone=""), station=point)
    reader = DeputyFactory(name="周读")
    StationingFactory(deputy=reader, station=point)
    notice = sent_notice(author=officer_user, station=station)
    Delivery.objects.filter(notification__recipient__user=deputy_user, channel="sms").update(
        status=Delivery.Status.SENT
    )
    Delivery.objects.filter(notification__recipient__person_id=reader.pk).update(
        status=Delivery.Status.FAILED
    )
    NoticeCopy.objects.filter(deputy=reader).update(read_at=timezone.now())
    figures = officer.get(notice.get_absolute_url()).context["figures"]
    assert (figures["recipients"], figures["received"], figures["read"], figures["unread"]) == (3, 1, 1, 2)
    assert (figures["under_way"], figures["unreached"]) == (0, 2)
    assert dict(figures["channels"]) == {
        "收件箱": {"sent": 0, "under_way": 1, "failed": 0},
        "短信": {"sent": 1, "under_way": 0, "failed": 1},
    }
    unreached = officer.get(notice.get_absolute_url(), {"show": "unreached"}).context["page"]
    assert {copy.deputy.name for copy in unreached} == {"吴无", "周读"}
    read = officer.get(notice.get_absolute_url(), {"show": "read"}).context["page"]
    assert [copy.deputy for copy in read] == [reader]


def test_remind_from_the_page(officer, officer_user, station, deputy_record):
    notice = sent_notice(author=officer_user, station=station)
    page = officer.get(notice.get_absolute_url()).content.decode()
    assert reverse("activities:notice_remind", args=[notice.pk]) not in page  # not before a day has passed
    Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now() - timedelta(hours=25))
    assert (
        reverse("activities:notice_remind", args=[notice.pk])
        in officer.get(notice.get_absolute_url()).content.decode()
    )
    response = officer.post(reverse("activities:notice_remind", args=[notice.pk]), follow=True)
    assert "1 位未读的代表已收到提醒" in response.content.decode()
    again = officer.post(reverse("activities:notice_remind", args=[notice.pk]), follow=True)
    assert "可于" in again.content.decode()
    assert Notification.objects.filter(kind="notice_unread").count() == 1


def test_cancel_from_the_page(officer, officer_user, other_officer, station, deputy_record):
    later = timezone.now() + timedelta(days=1)
    notice = sent_notice(author=officer_user, station=station)
    Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.SCHEDULED, send_at=later)
    url = reverse("activities:notice_cancel", args=[notice.pk])
    assert other_officer.post(url).status_code == 404
    assert officer.post(url).status_code == 302
    notice.refresh_from_db()
    assert notice.status == Notice.Status.CANCELLED
    refused = officer.post(url, follow=True)
    assert "不能这样更改" in refused.content.decode()


# --- The read link ------------------------------------------------------------------------------------


@pytest.fixture
def copy(officer_user, station, deputy_record):
    return sent_notice(author=officer_user, station=station, body="请于月底前提交建议。").copies.get()


def test_a_wrong_token_is_404(anonymous, copy):
    assert anonymous.get(reverse("activities:notice_read", args=["nothing-like-it"])).status_code == 404
    assert anonymous.post(reverse("activities:notice_read", args=[copy.token[:-1]])).status_code == 404


def test_the_link_shows_the_notice_without_login_and_a_get_marks_nothing(anonymous, copy):
    page = anonymous.get(copy.get_absolute_url())
    assert page.status_code == 200
    assert "请于月底前提交建议。" in page.content.decode()
    assert "activities/notice_read" in page.content.decode()  # the script that reports the reading
    copy.refresh_from_db()
    assert copy.read_at is None


def test_the_page_reports_the_reading_once(anonymous, copy):
    assert anonymous.post(copy.get_absolute_url(), HTTP_ACCEPT="application/json").status_code == 204
    copy.refresh_from_db()
    first = copy.read_at
    assert first
    response = anonymous.post(copy.get_absolute_url(), follow=True)  # the button, where scripts do not run
    assert "已标记为已读" in response.content.decode()
    copy.refresh_from_db()
    assert copy.read_at == first
    assert (
        "I have read it" not in response.content.decode()
        and 'id="notice-read"' not in response.content.decode()
    )


def test_the_inbox_leads_to_the_read_link(deputy, deputy_user, copy):
    notification = copy.notification
    Notification.objects.filter(pk=notification.pk).update(inbox_at=timezone.now())
    response = deputy.post(reverse("notifications:inbox_open", args=[notification.pk]))
    assert response["Location"] == copy.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at


def test_an_officer_of_one_station_finds_it_chosen(officer, station):
    assert officer.get(CREATE).context["form"]["station"].value() == station.pk
