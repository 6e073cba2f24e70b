"""“Reveal full number”: masked by default for every role; a POST by a holder of voters.reveal_voter_phone
shows one voter in full for that response only and writes exactly one security event (ids only)."""

import pytest
from django.contrib.auth.models import Permission

from liaison.security import SecurityEvent
from tests.voters.factories import OpinionFactory, VoterFactory

pytestmark = pytest.mark.django_db

FULL_NAME, MASKED_NAME = "张三明", "张*明"
FULL_PHONE, MASKED_PHONE = "13812345678", "138****5678"
REVEALED = SecurityEvent.Kind.PERSONAL_DATA_REVEALED


def _reveals():
    return SecurityEvent.objects.filter(kind=REVEALED)


@pytest.mark.parametrize("client_name", ["officer", "committee_staff"])
def test_masked_by_default_even_for_those_who_may_reveal(request, client_name, opinion, voter):
    client = request.getfixturevalue(client_name)
    for url in (opinion.get_absolute_url(), voter.get_absolute_url()):
        page = client.get(url).content.decode()
        assert MASKED_PHONE in page and MASKED_NAME in page
        assert FULL_PHONE not in page and FULL_NAME not in page
        assert "Reveal full number" in page or "显示完整号码" in page
    assert not _reveals().exists()


@pytest.mark.parametrize("client_name", ["officer", "committee_staff"])
def test_reveal_on_the_voter_page_shows_the_number_and_logs_once(request, client_name, voter):
    client = request.getfixturevalue(client_name)
    response = client.post(f"/opinions/voters/{voter.pk}/reveal/")
    assert response.status_code == 200
    page = response.content.decode()
    assert FULL_PHONE in page and FULL_NAME in page and "桂花路12号3栋" in page
    event = _reveals().get()
    assert event.target == f"voters.Voter #{voter.pk}"
    assert event.user.username == {"officer": "officer", "committee_staff": "staff"}[client_name]
    assert FULL_PHONE not in f"{event.target} {event.detail} {event.path}"
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    # The next page is masked again: the reveal held for that response only.
    page = client.get(voter.get_absolute_url()).content.decode()
    assert FULL_PHONE not in page and MASKED_PHONE in page


def test_reveal_on_the_opinion_page(officer, opinion, voter):
    response = officer.post(f"/opinions/{opinion.pk}/reveal/", {"voter": voter.pk})
    assert response.status_code == 200
    assert FULL_PHONE in response.content.decode()
    event = _reveals().get()
    assert (event.target, event.detail) == (f"voters.Voter #{voter.pk}", f"voters.Opinion #{opinion.pk}")


def test_get_does_not_reveal(officer, committee_staff, opinion, voter):
    for client in (officer, committee_staff):
        response = client.get(f"/opinions/voters/{voter.pk}/reveal/")
        assert response.status_code == 405
        assert FULL_PHONE not in response.content.decode()
        response = client.get(f"/opinions/{opinion.pk}/reveal/", {"voter": voter.pk})
        assert response.status_code == 405
    assert not _reveals().exists()


@pytest.mark.parametrize("client_name", ["deputy", "unit_user"])
def test_reveal_without_the_permission_is_refused_and_reveals_nothing(request, client_name, opinion, voter):
    client = request.getfixturevalue(client_name)
    for response in (
        client.post(f"/opinions/{opinion.pk}/reveal/", {"voter": voter.pk}),
        client.post(f"/opinions/voters/{voter.pk}/reveal/"),
    ):
        assert response.status_code == 403
        assert FULL_PHONE not in response.content.decode()
    assert not _reveals().exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ACCESS_DENIED).count() == 2


def test_a_granted_permission_lets_a_deputy_reveal_the_voters_of_their_opinions(
    deputy, deputy_user, opinion, voter
):
    deputy_user.user_permissions.add(Permission.objects.get(codename="reveal_voter_phone"))
    response = deputy.post(f"/opinions/{opinion.pk}/reveal/", {"voter": voter.pk})
    assert response.status_code == 200 and FULL_PHONE in response.content.decode()
    assert _reveals().count() == 1


def test_out_of_scope_voter_is_404_and_logged_as_denied(
    officer, other_officer, other_opinion, opinion, voter
):
    stranger = other_opinion.voter
    assert officer.post(f"/opinions/voters/{stranger.pk}/reveal/").status_code == 404
    assert officer.post(f"/opinions/{other_opinion.pk}/reveal/", {"voter": stranger.pk}).status_code == 404
    # A voter who did not raise this opinion cannot be revealed through it.
    assert officer.post(f"/opinions/{opinion.pk}/reveal/", {"voter": stranger.pk}).status_code == 404
    assert other_officer.post(f"/opinions/voters/{voter.pk}/reveal/").status_code == 404
    assert not _reveals().exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ACCESS_DENIED).count() == 4


def test_reveal_needs_the_csrf_token(officer_user, voter):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_user)
    assert client.post(f"/opinions/voters/{voter.pk}/reveal/").status_code == 403
    assert not _reveals().exists()


def test_a_merged_voter_is_revealed_through_the_opinion_kept(officer, officer_user, station, opinion):
    from voters.services.steps import opinion_merge

    other = VoterFactory(station=station, name="李四", phone="+8613900001111")
    duplicate = OpinionFactory(station=station, voter=other)
    opinion_merge(duplicate=duplicate, into=opinion, actor=officer_user)
    response = officer.post(f"/opinions/{opinion.pk}/reveal/", {"voter": other.pk})
    page = response.content.decode()
    assert "13900001111" in page and FULL_PHONE not in page  # only the one asked for


def test_the_edit_form_does_not_send_the_full_data_and_empty_keeps_it(officer, voter):
    page = officer.get(f"/opinions/voters/{voter.pk}/edit/").content.decode()
    assert FULL_PHONE not in page and FULL_NAME not in page and "桂花路12号3栋" not in page
    assert MASKED_PHONE in page  # as a hint
    response = officer.post(f"/opinions/voters/{voter.pk}/edit/", {"community": "丹桂社区", "consent": "on"})
    assert response.status_code == 302
    voter.refresh_from_db()
    assert (voter.name, voter.phone, voter.address, voter.community) == (
        FULL_NAME,
        "+8613812345678",
        "桂花路12号3栋",
        "丹桂社区",
    )
    officer.post(f"/opinions/voters/{voter.pk}/edit/", {"phone": "13900001111", "community": "丹桂社区"})
    voter.refresh_from_db()
    assert voter.phone == "+8613900001111" and voter.name == FULL_NAME
