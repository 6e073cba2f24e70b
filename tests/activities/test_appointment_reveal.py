"""约访: the voter asking for a meeting is masked on every page, like every voter; an officer who must call
them reveals the full number with a POST that writes one security event (ids only)."""

import pytest

from liaison.security import SecurityEvent
from tests.activities.factories import AppointmentFactory

pytestmark = pytest.mark.django_db

FULL_NAME, MASKED_NAME = "赵大爷", "赵*爷"
FULL_PHONE, MASKED_PHONE = "13700001111", "137****1111"


@pytest.fixture
def appointment(point, deputy_record, officer_user):
    return AppointmentFactory(station=point, deputy=deputy_record, created_by=officer_user)


def _reveals():
    return SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PERSONAL_DATA_REVEALED)


@pytest.mark.parametrize("client_name", ["officer", "committee_staff", "deputy"])
def test_the_voter_is_masked_on_the_list_and_the_page(request, client_name, appointment):
    client = request.getfixturevalue(client_name)
    for url in (appointment.get_absolute_url(), "/appointments/"):
        response = client.get(url)
        if response.status_code == 403:  # the list is the network's, not the deputy's
            continue
        page = response.content.decode()
        assert MASKED_NAME in page
        assert FULL_NAME not in page and FULL_PHONE not in page


def test_an_officer_reveals_the_number_once_and_it_is_logged(officer, appointment):
    response = officer.post(f"{appointment.get_absolute_url()}reveal/")
    page = response.content.decode()
    assert response.status_code == 200
    assert FULL_NAME in page and FULL_PHONE in page
    event = _reveals().get()
    assert event.target == f"activities.Appointment #{appointment.pk}"
    assert FULL_PHONE not in f"{event.target} {event.detail} {event.path}"
    # The next page is masked again.
    assert FULL_PHONE not in officer.get(appointment.get_absolute_url()).content.decode()


def test_the_deputy_may_not_reveal_and_a_get_reveals_nothing(deputy, officer, appointment):
    assert deputy.post(f"{appointment.get_absolute_url()}reveal/").status_code == 403
    response = officer.get(f"{appointment.get_absolute_url()}reveal/")
    assert response.status_code == 405
    assert FULL_PHONE not in response.content.decode()
    assert not _reveals().exists()


def test_another_stations_officer_gets_404_and_nothing_is_revealed(other_officer, appointment):
    assert other_officer.post(f"{appointment.get_absolute_url()}reveal/").status_code == 404
    assert not _reveals().exists()
