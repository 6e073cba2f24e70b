"""The admin of voters (voters/admin.py) only looks: no personal data in full, nothing deleted."""

import pytest
from django.test import Client

from liaison.models import User

pytestmark = pytest.mark.django_db


def test_admin_only_looks(opinion, staff_user):
    admin_user = User.objects.create_superuser("root", password="x-long-password-1", role=User.Role.ADMIN)
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/voters/opinion/").status_code == 200
    page = client.get(f"/admin/voters/opinion/{opinion.pk}/change/")
    assert page.status_code == 200
    assert "13812345678" not in page.content.decode()
    assert client.post(f"/admin/voters/opinion/{opinion.pk}/delete/").status_code == 403
