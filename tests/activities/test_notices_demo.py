"""The demo street has a notice sent to every deputy, partly read, so its pages are not empty in `make run`."""

import pytest
from django.test import Client

from liaison.activities import demo as demo_activities
from liaison.activities.models import Notice
from liaison.home import demo

pytestmark = pytest.mark.django_db


def test_the_demo_street_has_a_sent_notice_partly_read():
    street = demo.build_network()
    demo_activities.build_notice(street)
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.SENT
    copies = notice.copies.all()
    assert copies.count() >= 100
    assert 0 < copies.filter(read_at__isnull=False).count() < copies.count()
    assert not notice.body_fits_sms  # the demo shows a long notice going by SMS as title and link
    client = Client()
    client.force_login(street.users["officer"])
    page = client.get(notice.get_absolute_url())
    assert page.status_code == 200
    assert page.context["figures"]["recipients"] == copies.count()
