"""Two people (or one double click) at once: one opinion, no deadlock, nothing half done.
Needs PostgreSQL's row locks and Redis-like shared cache (SQLite has no row locks)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from liaison.core.errors import ActionRefused
from tests.concurrency import postgres_only, race
from tests.voters.factories import OpinionFactory, VoterFactory
from voters.models import Opinion, OpinionEvent
from voters.services.steps import opinion_merge, opinion_withdraw

pytestmark = [pytest.mark.postgres, postgres_only, pytest.mark.django_db(transaction=True)]


def test_merging_two_opinions_into_each_other_at_once(station, officer_user, staff_user):
    first = OpinionFactory(station=station, voter=VoterFactory(station=station))
    second = OpinionFactory(station=station, voter=VoterFactory(station=station))
    results, errors = race(
        lambda: opinion_merge(duplicate=first, into=second, actor=officer_user),
        lambda: opinion_merge(duplicate=second, into=first, actor=staff_user),
    )
    assert len(results) == 1 and len(errors) == 1
    # The loser is told the other opinion is merged already; never a deadlock (rows are locked in order).
    assert isinstance(errors[0], ValidationError)
    assert Opinion.objects.filter(status=Opinion.Status.MERGED).count() == 1
    assert OpinionEvent.objects.filter(kind=OpinionEvent.Kind.MERGED).count() == 1


def test_withdraw_and_merge_at_once(station, officer_user, staff_user):
    duplicate = OpinionFactory(station=station)
    kept = OpinionFactory(station=station)
    results, errors = race(
        lambda: opinion_withdraw(opinion=duplicate, actor=officer_user, reason="录错"),
        lambda: opinion_merge(duplicate=duplicate, into=kept, actor=staff_user),
    )
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], ActionRefused)
    duplicate.refresh_from_db()
    assert duplicate.status in {Opinion.Status.WITHDRAWN, Opinion.Status.MERGED}
    assert duplicate.events.exclude(kind=OpinionEvent.Kind.RECEIVED).count() == 1


def test_a_double_click_on_the_public_form_makes_one_opinion(station):
    data = {"content": "小区门口的路灯坏了好几天，晚上出行不安全"}
    url = f"/opinions/public/s/{station.pk}/"
    results, errors = race(
        lambda: Client().post(url, data, REMOTE_ADDR="10.1.0.1").status_code,
        lambda: Client().post(url, data, REMOTE_ADDR="10.1.0.1").status_code,
    )
    assert not errors
    # One is recorded (302 to its tracking page); the other is told it was already received (302 or 409).
    assert sorted(results)[0] == 302
    assert Opinion.objects.count() == 1
