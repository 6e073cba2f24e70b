"""The voters catalogue is complete (every entry translated) and used on the pages."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import timezone

from tests.voters.factories import OpinionFactory

CATALOGUE = Path(__file__).resolve().parents[2] / "voters/locale/zh_Hans/LC_MESSAGES/django.po"


def test_every_entry_is_translated():
    with CATALOGUE.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            not (message.string[0] if isinstance(message.string, tuple) else message.string)
            or "fuzzy" in message.flags
        )
    ]
    assert not untranslated


@pytest.mark.django_db
def test_pages_speak_chinese(officer, station):
    OpinionFactory(station=station)
    page = officer.get("/opinions/").content.decode()
    assert "群众意见" in page  # the menu entry and the title
    month = timezone.localdate().strftime("%Y-%m")
    page = officer.get("/opinions/consultation/", {"month": month}).content.decode()
    assert "本月收到 1 条意见" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "entries"), [("officer", 6), ("committee_staff", 8), ("deputy", 1), ("unit_user", 0)]
)
def test_menu_entries_per_role(request, role, entries):
    from voters.navigation import nav_items

    user = request.getfixturevalue(role).get("/").wsgi_request.user
    assert len(nav_items(user)) == entries
