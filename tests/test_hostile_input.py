"""Stored XSS: what voters, deputies and units type is shown as text on every page that shows it."""

import pytest
from django.urls import reverse

from tests.suggestions.factories import Loop
from tests.voters.factories import OpinionFactory

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)">点我</a>',
    "{{ request.user.password }}{% debug %}",
]
TEXT = "路灯坏了 " + " ".join(HOSTILE)


def assert_inert(html, *, whole_text=True):
    """No payload survives as markup; on pages that show the whole text, it reads as typed."""
    for payload in HOSTILE[:3]:
        assert payload not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    if whole_text:
        assert "{{ request.user.password }}" in html  # shown as typed, never evaluated


@pytest.fixture
def hostile_opinion(point):
    return OpinionFactory(station=point, content=TEXT, location=TEXT)


@pytest.fixture
def hostile_suggestion(staff_user, deputy_user, unit_user_account):
    loop = Loop(staff=staff_user, deputy_user=deputy_user, unit_user=unit_user_account)
    return loop.to("replied", title="关于" + HOSTILE[0], content=TEXT)


def test_opinion_text_renders_as_text(officer, anonymous, hostile_opinion):
    assert_inert(officer.get(reverse("voters:list")).content.decode(), whole_text=False)  # lists shorten
    assert_inert(officer.get(hostile_opinion.get_absolute_url()).content.decode())


def test_suggestion_text_renders_as_text(committee_staff, deputy, unit_user, hostile_suggestion):
    for client in (committee_staff, deputy, unit_user):
        page = client.get(reverse("suggestions:detail", args=[hostile_suggestion.pk])).content.decode()
        assert_inert(page)
    assert_inert(committee_staff.get(reverse("suggestions:list")).content.decode(), whole_text=False)
