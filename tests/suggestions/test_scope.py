"""Staff of a jurisdiction (issue 15): a street's staff see, assign and count their street's suggestions only,
a district's staff those of all its streets (tests/conftest.py: `station` lies in `street`, `other_station`
in `other_street`, both in `district`)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from liaison.core.errors import ActionRefused
from liaison.models import HandlingUnit
from suggestions.models import Document, Suggestion
from suggestions.selectors import rates, rates_by_quarter, suggestions_visible_to
from suggestions.services.proposals import suggestion_save_draft
from tests.suggestions.factories import Loop

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_loop(staff_user, other_deputy_user, unit_user_account):
    """The suggestions of `other_station`'s deputy (other_street)."""
    return Loop(staff=staff_user, deputy_user=other_deputy_user, unit_user=unit_user_account)


@pytest.fixture
def ours(loop):
    return loop.to("closed", rating="satisfied")


@pytest.fixture
def theirs(other_loop):
    return other_loop.to("replied")


@pytest.fixture
def street_unit(street):
    return HandlingUnit.objects.create(name="东湖街道办事处", kind="street_office", jurisdiction=street)


@pytest.fixture
def other_street_unit(other_street):
    return HandlingUnit.objects.create(name="西湖街道办事处", kind="street_office", jurisdiction=other_street)


def _listed(client, **params):
    response = client.get(reverse("suggestions:list"), params)
    assert response.status_code == 200
    return {suggestion.pk for suggestion in response.context["page"]}


def test_the_list_holds_the_streets_suggestions_only(
    ours, theirs, street_staff, other_street_staff, district_staff, other_district_staff, committee_staff
):
    assert _listed(street_staff) == {ours.pk}
    assert _listed(other_street_staff) == {theirs.pk}
    assert _listed(district_staff) == {ours.pk, theirs.pk}
    assert _listed(other_district_staff) == set()
    assert _listed(committee_staff) == {ours.pk, theirs.pk}


def test_the_overdue_list_is_scoped_too(loop, other_loop, street_staff, district_staff):
    late = [loop.to("assigned"), other_loop.to("assigned")]
    Suggestion.objects.filter(pk__in=[s.pk for s in late]).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    assert _listed(street_staff, due="overdue") == {late[0].pk}
    assert _listed(district_staff, due="overdue") == {s.pk for s in late}


def test_the_other_streets_suggestion_is_not_found(ours, theirs, street_staff, district_staff):
    assert street_staff.get(theirs.get_absolute_url()).status_code == 404
    assert street_staff.get(ours.get_absolute_url()).status_code == 200
    assert district_staff.get(theirs.get_absolute_url()).status_code == 200


def test_the_other_streets_documents_and_letters_are_not_found(
    loop, other_loop, street_staff, district_staff
):
    theirs = other_loop.to("replied")
    upload = SimpleUploadedFile("答复.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    document = Document.objects.create(
        reply=theirs.replies.get(), file=upload, name="答复.pdf", content_type="application/pdf", size=13
    )
    url = reverse("suggestions:document", args=[document.pk])
    assert street_staff.get(url).status_code == 404
    assert district_staff.get(url).status_code == 200
    letter = reverse("suggestions:letter", args=[other_loop.to("assigned").pk])
    assert street_staff.get(letter).status_code == 404
    assert district_staff.get(letter).status_code == 200


def test_a_suggestion_assigned_to_the_streets_unit_is_the_streets(other_loop, street_unit, street_staff_user):
    """Whoever the deputy, a suggestion assigned to a unit of the street is handled under the street's eyes."""
    assigned = other_loop.to("assigned", lead_unit=street_unit)
    assert suggestions_visible_to(street_staff_user).filter(pk=assigned.pk).exists()


def test_staff_see_their_own_drafts_only(loop, street_staff_user, deputy_record, other_deputy_record):
    deputy_draft = loop.draft()
    own = suggestion_save_draft(
        actor=street_staff_user,
        lead_deputy=deputy_record,
        title="纸质建议",
        content="会上收到",
        category="urban",
    )
    assert set(suggestions_visible_to(street_staff_user)) == {own}
    assert deputy_draft not in suggestions_visible_to(street_staff_user)
    with pytest.raises(ActionRefused):
        suggestion_save_draft(
            actor=street_staff_user,
            lead_deputy=other_deputy_record,
            title="纸质建议",
            content="会上收到",
            category="urban",
        )


def test_the_new_suggestion_form_offers_the_streets_deputies(
    street_staff, deputy_record, other_deputy_record
):
    field = street_staff.get(reverse("suggestions:create")).context["form"].fields["lead_deputy"]
    assert set(field.queryset) == {deputy_record}


def _figures(client, **params):
    response = client.get(reverse("suggestions:rates"), params)
    assert response.status_code == 200
    return response.context["total"], response.context["rows"]


def test_the_rates_count_the_streets_suggestions_only(
    ours, theirs, street_staff, other_street_staff, district_staff, other_district_staff
):
    total, rows = _figures(street_staff, by="deputy")
    assert (total["received"], total["completed"], total["satisfied"]) == (1, 1, 1)
    assert total["completion_rate"] == 100
    assert [row["label"] for row in rows] == [ours.lead_deputy.name]
    total, _rows = _figures(other_street_staff)
    assert (total["received"], total["completed"], total["evaluated"]) == (1, 0, 0)
    assert total["satisfied_rate"] is None
    total, rows = _figures(district_staff, by="deputy")
    assert (total["received"], total["completed"]) == (2, 1)
    assert total["completion_rate"] == 50
    assert len(rows) == 2
    total, rows = _figures(other_district_staff, by="unit")
    assert total["received"] == 0
    assert rows == []


def test_the_rates_per_quarter_are_scoped(
    ours, theirs, street_staff_user, district_staff_user, other_district_staff_user
):
    year = ours.submitted_at.year

    def received(user):
        return sum(row["received"] for row in rates_by_quarter(user, year))

    assert received(street_staff_user) == 1
    assert received(district_staff_user) == 2
    assert received(other_district_staff_user) == 0
    assert rates(district_staff_user)[0]["received"] == 2


def test_assignment_offers_the_units_of_the_staffs_level(
    loop, handling_unit, street_unit, other_street_unit, street_staff, district_staff
):
    url = reverse("suggestions:assign", args=[loop.to("registered").pk])
    form = street_staff.get(url).context["form"]
    assert set(form.fields["lead_unit"].queryset) == {street_unit}
    assert set(form.fields["co_units"].queryset) == {street_unit}
    form = district_staff.get(url).context["form"]
    assert set(form.fields["lead_unit"].queryset) == {handling_unit, street_unit, other_street_unit}


def test_an_assignment_to_a_unit_not_offered_is_refused(loop, handling_unit, street_unit, street_staff):
    suggestion = loop.to("registered")
    url = reverse("suggestions:assign", args=[suggestion.pk])
    response = street_staff.post(url, {"lead_unit": handling_unit.pk})
    assert response.status_code == 200
    assert "lead_unit" in response.context["form"].errors
    suggestion.refresh_from_db()
    assert suggestion.status == "registered"


def test_the_units_pages_show_the_streets_units(
    handling_unit, street_unit, other_street_unit, street_staff, district_staff
):
    response = street_staff.get(reverse("suggestions:units"))
    assert list(response.context["units"]) == [street_unit]
    response = district_staff.get(reverse("suggestions:units"))
    assert set(response.context["units"]) == {handling_unit, street_unit, other_street_unit}
    assert (
        street_staff.get(reverse("suggestions:unit_detail", args=[other_street_unit.pk])).status_code == 404
    )


def test_a_new_unit_belongs_to_a_level_of_the_staff(street, district, street_staff, street_staff_user):
    url = reverse("suggestions:unit_create")
    field = street_staff.get(url).context["form"].fields["jurisdiction"]
    assert list(field.queryset) == [street]
    assert field.initial == street.pk
    data = {"name": "东湖街道城管科", "kind": "street_office", "is_active": "on"}
    response = street_staff.post(url, {**data, "jurisdiction": district.pk})
    assert "jurisdiction" in response.context["form"].errors
    response = street_staff.post(url, data)
    assert "jurisdiction" in response.context["form"].errors
    response = street_staff.post(url, {**data, "jurisdiction": street.pk})
    unit = HandlingUnit.objects.get(name="东湖街道城管科")
    assert response.status_code == 302
    assert unit.jurisdiction == street


def test_handling_together_offers_the_streets_suggestions(loop, other_loop, street_staff):
    main, mine, other = loop.to("registered"), loop.to("registered"), other_loop.to("registered")
    form = street_staff.get(reverse("suggestions:merge", args=[main.pk])).context["form"]
    assert set(form.fields["others"].queryset) == {mine}
    assert other not in form.fields["others"].queryset
