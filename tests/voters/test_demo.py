import pytest
from django.utils import timezone

from liaison.home import demo as liaison_demo
from voters import demo
from voters.models import Channel, Opinion, OpinionEvent, ReturnVisit, Route

pytestmark = pytest.mark.django_db


def test_demo_opinions_cover_the_year_channels_routes_and_states():
    street = liaison_demo.build_network()
    made = demo.build(street)
    assert 280 <= made <= 320
    assert Opinion.objects.count() == made
    assert set(Opinion.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert set(Opinion.objects.exclude(route="").values_list("route", flat=True)) == set(Route.values)
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
