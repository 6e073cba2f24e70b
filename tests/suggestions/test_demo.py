from datetime import timedelta

import pytest
from django.db.models import Max, Min
from django.utils import timezone

from liaison.home.demo import build_network
from suggestions import demo
from suggestions.models import Assignment, Suggestion, SuggestionEvent
from suggestions.rates import overdue_q


@pytest.mark.django_db
def test_the_demo_year_has_every_state_and_work_for_the_demo_logins():
    street = build_network()
    demo.build(street)
    suggestions = Suggestion.objects.all()
    assert 55 <= suggestions.count() <= 70
    assert set(suggestions.values_list("status", flat=True)) == set(Suggestion.Status.values)
    assert suggestions.filter(round=2).exists()
    assert suggestions.filter(is_key=True).exists()
    assert suggestions.filter(overdue_q()).exists()
    assert suggestions.filter(merged_into__isnull=False).exists()
    unit = street.users["unit"].handling_unit
    active = Assignment.objects.filter(
        unit=unit, status__in=["assigned", "accepted"], suggestion__status="assigned"
    )
    assert active.filter(role="lead").exists() and active.filter(role="co").exists()
    deputy = street.users["deputy"].deputy
    assert suggestions.filter(lead_deputy=deputy, status="replied").exists()
    # Built through the services at past moments: the timelines reach months back, none into the future.
    moments = SuggestionEvent.objects.aggregate(first=Min("at"), last=Max("at"))
    assert moments["first"] < timezone.now() - timedelta(days=80)
    assert moments["last"] <= timezone.now()
    assert not suggestions.filter(created_at__gt=timezone.now()).exists()
