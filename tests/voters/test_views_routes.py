"""The routes of issue 16 through the browser's requests, for the station's officer: mediation and its outcome,
forwarding with who receives it (the opinion's page, the register and its export, the public tracking page),
handing an opinion of a joint reception day to a guest's office; another station's officer gets 404."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from deputies.models import Level
from liaison.activities.models import Activity
from tests.activities.factories import ActivityFactory
from tests.deputies.factories import DeputyFactory, MandateFactory
from tests.liaison.factories import StationingFactory
from tests.voters.factories import OpinionFactory
from voters.models import MediationOutcome, Opinion, Route

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(station):
    deputy = DeputyFactory(name="林秀英")
    StationingFactory(deputy=deputy, station=station)
    return deputy


def test_officer_sends_a_dispute_to_mediation_and_records_the_outcome(officer, opinion, mediator):
    triage = reverse("voters:triage", args=[opinion.pk])
    page = officer.get(triage).content.decode()
    assert 'value="mediation"' in page and "林秀英" in page
    # No deputy chosen: the form comes back with the Chinese message and the route kept.
    response = officer.post(triage, {"route": "mediation"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "请选择参与调解的代表" in response.content.decode()
    assert officer.post(triage, {"route": "mediation", "mediators": [mediator.pk]}).status_code == 302

    detail = officer.get(opinion.get_absolute_url()).content.decode()
    mediate = reverse("voters:mediate", args=[opinion.pk])
    assert (
        f'href="{mediate}"' in detail
        and f'href="{reverse("voters:resolve", args=[opinion.pk])}"' not in detail
    )
    assert "林秀英" in detail

    today = timezone.localdate().isoformat()
    response = officer.post(
        mediate, {"outcome": "settled", "mediated_on": today, "result": "", "reply": "已调解"}
    )
    assert response.status_code == 200  # the record is missing: the form again, input kept
    assert "已调解" in response.content.decode()
    response = officer.post(
        mediate,
        {
            "outcome": "settled",
            "mediated_on": today,
            "result": "双方签订调解协议。",
            "reply": "经调解已解决。",
        },
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.status, opinion.mediation_outcome) == (Opinion.Status.RESOLVED, MediationOutcome.SETTLED)
    detail = officer.get(opinion.get_absolute_url()).content.decode()
    assert "双方签订调解协议。" in detail
    assert f'href="{reverse("voters:return_visit", args=[opinion.pk])}"' in detail


def test_another_station_s_officer_gets_404_on_the_new_steps(other_officer, opinion, mediator, officer_user):
    from voters.services.steps import opinion_triage

    opinion_triage(opinion=opinion, route=Route.MEDIATION, actor=officer_user, mediators=[mediator])
    assert other_officer.get(reverse("voters:mediate", args=[opinion.pk])).status_code == 404
    response = other_officer.post(
        reverse("voters:mediate", args=[opinion.pk]),
        {"outcome": "settled", "mediated_on": timezone.localdate().isoformat(), "result": "x", "reply": "y"},
    )
    assert response.status_code == 404
    opinion.refresh_from_db()
    assert opinion.mediation_outcome == ""


def test_a_forward_shows_who_received_it_on_every_page_that_shows_the_route(officer, client, opinion):
    city = DeputyFactory(name="宋市代表", phone="+8613900001111")
    MandateFactory(deputy=city, level=Level.CITY)
    StationingFactory(deputy=city, station=opinion.station)
    response = officer.post(
        reverse("voters:triage", args=[opinion.pk]),
        {
            "route": "higher_level",
            "suggested_level": "city",
            "forwarded_to_deputy": city.pk,
            "forwarded_to_body": "市人大常委会代表工委",
        },
    )
    assert response.status_code == 302
    detail = officer.get(opinion.get_absolute_url()).content.decode()
    assert "市人大常委会代表工委" in detail and "宋市代表" in detail

    day = timezone.localdate(opinion.received_at).isoformat()
    register = officer.get(reverse("voters:register"), {"start": day, "end": day}).content.decode()
    assert "市人大常委会代表工委 · 宋市代表" in register
    export = officer.get(reverse("voters:register_export"), {"start": day, "end": day})
    cells = [
        cell
        for row in load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True)
        for cell in row
    ]
    assert any(isinstance(cell, str) and cell.endswith("市人大常委会代表工委 · 宋市代表") for cell in cells)

    public = client.get(reverse("voters:track", args=[opinion.tracking_code])).content.decode()
    assert "市人大常委会代表工委" in public and "宋市代表" in public
    assert "13900001111" not in public


def test_the_officer_hands_an_opinion_of_a_joint_reception_day_to_a_guest_s_office(
    officer, other_officer, station, officer_user
):
    start = timezone.localtime().replace(hour=0, minute=30, second=0, microsecond=0)
    day = ActivityFactory(
        kind=Activity.Kind.RECEPTION,
        title="联合接待日",
        station=station,
        organiser=officer_user,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    guests = reverse("activities:guests", args=[day.pk])
    response = officer.post(guests, {"name": "周法官", "office": "区人民法院滨江法庭", "role": "judge"})
    assert response.status_code == 302
    guest = day.guests.get()
    assert other_officer.get(guests).status_code == 404

    opinion = OpinionFactory(station=station, received_at=start + timedelta(hours=1))
    triage = reverse("voters:triage", args=[opinion.pk])
    assert "区人民法院滨江法庭" in officer.get(triage).content.decode()
    response = officer.post(triage, {"route": "guest_office", "reception_guest": guest.pk})
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.reception_guest == guest

    assert "区人民法院滨江法庭" in officer.get(opinion.get_absolute_url()).content.decode()
    day_page = officer.get(day.get_absolute_url()).content.decode()
    assert opinion.tracking_code in day_page and "周法官" in day_page
    # A guest whose office took an opinion stays on the list.
    response = officer.post(
        reverse("activities:guest_remove", args=[guest.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 302
    assert day.guests.filter(pk=guest.pk).exists()


def test_the_guest_route_is_not_offered_without_guests(officer, opinion):
    page = officer.get(reverse("voters:triage", args=[opinion.pk])).content.decode()
    assert 'value="guest_office"' not in page
    response = officer.post(reverse("voters:triage", args=[opinion.pk]), {"route": "guest_office"})
    assert response.status_code == 200
    opinion.refresh_from_db()
    assert opinion.route == ""
