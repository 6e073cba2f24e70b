"""The voters' records (voters/views/voters.py); revealing them is tests/voters/test_reveal.py's."""

import pytest

pytestmark = pytest.mark.django_db


def test_voter_edit_refuses_a_bad_phone(officer, voter):
    response = officer.post(
        f"/opinions/voters/{voter.pk}/edit/", {"name": "张三明", "phone": "138123", "community": "桂花社区"}
    )
    assert response.status_code == 200
    voter.refresh_from_db()
    assert voter.phone == "+8613812345678"
    response = officer.post(
        f"/opinions/voters/{voter.pk}/edit/",
        {"name": "张三明", "phone": "13812340001", "community": "桂花社区"},
    )
    assert response.status_code == 302
    voter.refresh_from_db()
    assert voter.phone == "+8613812340001"
