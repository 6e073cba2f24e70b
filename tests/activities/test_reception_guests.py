"""The guests of a joint reception day (seed 004: judges, police officers, lawyers, heads of street
departments), listed by the officer; refusals in Chinese; the page's queries do not grow with the guests."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from liaison.activities.models import Activity, ActivityEvent, ReceptionGuest
from liaison.activities.services import reception_guest_add, reception_guest_remove
from liaison.core.errors import ActionRefused
from tests.activities.factories import ActivityFactory
from tests.voters.factories import OpinionFactory
from voters.models import Route
from voters.services.steps import opinion_triage

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(station, officer_user):
    start = timezone.localtime().replace(hour=0, minute=30, second=0, microsecond=0)
    return ActivityFactory(
        kind=Activity.Kind.RECEPTION,
        title="联合接待日",
        station=station,
        organiser=officer_user,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )


def _add(day, officer_user, name="周法官", office="区人民法院滨江法庭", role=ReceptionGuest.Role.JUDGE):
    return reception_guest_add(activity=day, actor=officer_user, name=name, office=office, role=role)


def test_guests_are_listed_with_their_event(day, officer_user):
    guest = _add(day, officer_user, name=" 周法官 ")
    _add(day, officer_user, name="王警官", office="滨江派出所", role=ReceptionGuest.Role.POLICE)
    assert guest.name == "周法官"
    assert list(day.guests.values_list("role", flat=True)) == ["judge", "police"]
    assert day.events.filter(kind=ActivityEvent.Kind.GUEST_ADDED).count() == 2


def test_guests_are_refused_in_chinese(day, officer_user, station):
    _add(day, officer_user)
    with override("zh-hans"), pytest.raises(ValidationError) as error:
        _add(day, officer_user)
    assert "已在当天名单中" in " ".join(error.value.messages)
    training = ActivityFactory(station=station, organiser=officer_user)
    with override("zh-hans"), pytest.raises(ActionRefused) as refused:
        _add(training, officer_user)
    assert "只有接待选民日可以登记受邀人员" in refused.value.messages[0]
    assert not training.guests.exists()


def test_a_guest_whose_office_took_an_opinion_stays(day, officer_user, station):
    guest = _add(day, officer_user)
    other = _add(day, officer_user, name="李律师", office="明理律师事务所", role=ReceptionGuest.Role.LAWYER)
    opinion = OpinionFactory(station=station, received_at=day.starts_at + timedelta(hours=1))
    opinion_triage(opinion=opinion, route=Route.GUEST_OFFICE, actor=officer_user, reception_guest=guest)
    with override("zh-hans"), pytest.raises(ActionRefused) as refused:
        reception_guest_remove(guest=guest, actor=officer_user)
    assert "不能移出名单" in refused.value.messages[0]
    reception_guest_remove(guest=other, actor=officer_user)
    assert list(day.guests.all()) == [guest]
    assert day.events.filter(kind=ActivityEvent.Kind.GUEST_REMOVED).count() == 1


def test_the_form_keeps_input_and_says_what_is_missing(officer, day):
    response = officer.post(
        reverse("activities:guests", args=[day.pk]),
        {"name": "周法官", "office": "", "role": "judge"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert 'value="周法官"' in response.content.decode()
    assert not day.guests.exists()


@pytest.mark.parametrize("count", [2, 20])
def test_the_guests_page_queries_do_not_grow(
    officer, day, officer_user, station, count, django_assert_num_queries
):
    for number in range(count):
        guest = _add(day, officer_user, name=f"受邀{number}", office=f"单位{number}")
        opinion = OpinionFactory(station=station, received_at=day.starts_at + timedelta(hours=1))
        opinion_triage(opinion=opinion, route=Route.GUEST_OFFICE, actor=officer_user, reception_guest=guest)
    with django_assert_num_queries(5):  # session, user, the day, its guests, their opinions
        response = officer.get(reverse("activities:guests", args=[day.pk]))
    assert response.content.decode().count("/opinions/") >= count


def test_the_public_notice_names_the_guests(client, day, officer_user):
    _add(day, officer_user)
    Activity.objects.filter(pk=day.pk).update(status=Activity.Status.PUBLISHED, published_at=timezone.now())
    page = client.get(reverse("activities:notice", args=[day.pk])).content.decode()
    assert "周法官" in page and "区人民法院滨江法庭" in page
