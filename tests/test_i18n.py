"""Chinese first, English available: every catalogue is complete, and the switch works."""

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(ROOT.glob("*/zh_Hans/LC_MESSAGES/django.po")) + sorted(
    ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")
)


def test_there_is_a_catalogue_for_the_project_and_for_deputies():
    names = {path.relative_to(ROOT).parts[0] for path in CATALOGUES}
    assert {"locale", "deputies"} <= names


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_entry_is_translated(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)
    assert not catalog.fuzzy, "the header is marked fuzzy: compilers skip the whole file"
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


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="GNU gettext is not installed; catalogues not re-extracted"
)
def test_the_catalogues_hold_every_string_of_the_code(tmp_path):
    """Re-extract into a copy of the tree: any string missing from a catalogue shows up as a new empty entry."""
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "*.mo"))
    (copy / ".venv").symlink_to(ROOT / ".venv")
    result = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "makemessages"], cwd=copy, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    # Every catalogue of the copy, including one made now for an app whose strings have none yet.
    extracted = sorted(copy.glob("*/zh_Hans/LC_MESSAGES/django.po")) + sorted(
        copy.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")
    )
    assert len(extracted) >= len(CATALOGUES)
    for path in extracted:
        with path.open("rb") as handle:
            catalog = read_po(handle)
        missing = [
            m.id for m in catalog if m.id and not (m.string[0] if isinstance(m.string, tuple) else m.string)
        ]
        assert not missing, f"{path.relative_to(copy)}: {missing[:10]}"


def test_chinese_is_the_default_and_english_is_one_click_away(client, db):
    page = client.get(reverse("login"))
    assert "登录" in page.content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert "Log in" in client.get(reverse("login")).content.decode()


def test_times_follow_china(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"


def test_an_english_browser_still_gets_chinese_until_the_switch(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in page.content.decode()


def test_one_english_string_has_one_chinese_translation_across_the_catalogues():
    """Django merges the catalogues into one, the project's first: where two catalogues translate the same
    msgid (and context) differently, only one of them is ever shown. A word that needs two translations takes
    a `pgettext` context."""
    translations = {}
    for path in CATALOGUES:
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    translations.setdefault((str(message.id), message.context), {})[
                        path.relative_to(ROOT).parts[0]
                    ] = message.string
    clashes = {key: found for key, found in translations.items() if len(set(map(str, found.values()))) > 1}
    assert not clashes, clashes
