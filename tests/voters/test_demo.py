import pytest
from django.utils import timezone

from liaison.activities import demo as activities_demo
from liaison.home import demo as liaison_demo
from voters import demo
from voters.models import Channel, MediationOutcome, Opinion, OpinionEvent, ReturnVisit, Route

pytestmark = pytest.mark.django_db


def test_demo_opinions_cover_the_year_channels_routes_and_states():
    street = liaison_demo.build_network()
    made = demo.build(street)
    assert 280 <= made <= 320
    assert Opinion.objects.count() == made
    assert set(Opinion.objects.values_list("channel", flat=True)) == set(Channel.values)
    # Every route but the guest's office: the joint reception days are the activities demo's (below).
    routes = set(Route.values) - {Route.GUEST_OFFICE}
    assert set(Opinion.objects.exclude(route="").values_list("route", flat=True)) == routes
    answered = Opinion.objects.filter(status__in=[Opinion.Status.ANSWERED, Opinion.Status.CLOSED]).count()
    assert answered > made * 0.6
    open_ones = Opinion.objects.filter(status__in=Opinion.OPEN_STATUSES)
    assert open_ones.exists()
    assert open_ones.filter(due_on__lt=timezone.localdate()).exists()  # some overdue
    assert Opinion.objects.filter(status=Opinion.Status.MERGED).exists()
    assert Opinion.objects.filter(status=Opinion.Status.WITHDRAWN).exists()
    oldest = Opinion.objects.order_by("received_at").first().received_at
    assert (timezone.now() - oldest).days > 300
    assert not OpinionEvent.objects.filter(at__gt=timezone.now()).exists()
    assert ReturnVisit.objects.count() >= answered


def test_demo_has_a_year_of_mediations_forwards_and_joint_receptions():
    street = liaison_demo.build_network()
    activities_demo.build(street)
    demo.build(street)
    mediated = Opinion.objects.filter(route=Route.MEDIATION)
    outcomes = set(mediated.values_list("mediation_outcome", flat=True))
    assert outcomes == {MediationOutcome.SETTLED, MediationOutcome.REFERRED, ""}  # and some still mediated
    assert not mediated.filter(mediators__isnull=True).exists()
    assert mediated.filter(status=Opinion.Status.CLOSED).exists()
    days = list(mediated.exclude(mediated_on=None).values_list("mediated_on", flat=True))
    assert (max(days) - min(days)).days > 200  # a year of them
    forwards = Opinion.objects.filter(route=Route.HIGHER_LEVEL)
    assert forwards.exists() and not forwards.filter(forwarded_to_body="", forwarded_to_deputy=None).exists()
    assert forwards.filter(forwarded_to_deputy__isnull=False).exists()
    handed = Opinion.objects.filter(route=Route.GUEST_OFFICE)
    assert handed.count() >= 4
    assert not handed.filter(reception_guest=None).exists()
    assert len(set(handed.values_list("reception_guest__role", flat=True))) >= 2
