"""Hostile input: stored XSS renders as text on every page that shows it, and hostile parameters never answer 500."""

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


# --- Hostile parameters: ignored or refused, never a 500 ------------------------------------------------

HUGE = "99999999999999999999"  # past a bigint


@pytest.mark.parametrize("url_name", ["voters:list", "activities:list", "notifications:inbox"])
def test_a_page_number_past_any_list_shows_the_last_page(officer, point, url_name):
    OpinionFactory(station=point)
    for page in (HUGE, "-3", "abc", "1e9"):
        response = officer.get(reverse(url_name), {"page": page})
        assert response.status_code == 200, page
        assert response.context["page"].number == response.context["page"].paginator.num_pages


def test_a_suggestions_list_page_number_past_any_list_shows_the_last_page(committee_staff):
    response = committee_staff.get(reverse("suggestions:list"), {"page": HUGE})
    assert response.status_code == 200


def test_a_malformed_reply_template_is_ignored(staff_user, deputy_user, unit_user_account, unit_user):
    loop = Loop(staff=staff_user, deputy_user=deputy_user, unit_user=unit_user_account)
    reply = reverse("suggestions:reply", args=[loop.to("contacted").pk])
    for template in ("abc", HUGE, "-1"):
        assert unit_user.get(reply, {"template": template}).status_code == 200, template


def test_malformed_ids_in_staff_forms_answer_404(committee_staff, deputy_record):
    link = reverse("deputies:account_link", args=[deputy_record.pk])
    assert committee_staff.post(link, {"user": "abc"}).status_code == 404
    assert committee_staff.get(reverse("assessments:notice"), {"group": "abc"}).status_code == 404
    select = reverse("assessments:excellent_select")
    assert committee_staff.post(select, {"year": "2026", "deputy": "abc"}).status_code == 404
