"""One style for dates and times on every page (issue 18, item 16: "dates appear in two styles"): ISO dates
and 24-hour times, set once in liaison/core/formats; templates name a format and never spell one."""

import re
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from liaison.core import formats
from tests.test_url_access import ACCESS

ROOT = Path(settings.BASE_DIR)
NAMED = {name for name in dir(formats) if name.endswith("_FORMAT")}
FILTER = re.compile(r"\|(date|time):([\"'])(.*?)\2")
# A format spelt in a link's query is a value for the server (?month=2026-12), not text for a reader.
IN_A_LINK = re.compile(r'href="[^"]*$')
# Any other way of writing a date or a time: Django's Chinese and English defaults, slashes, a.m./p.m.,
# and a datetime printed by Python (seconds and an offset).
FOREIGN = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
    r"|\d{1,2}月\d{1,2}日"
    r"|\b(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?\b"
    r"|\b\d{1,4}/\d{1,2}/\d{1,4}\b"
    r"|\b[ap]\.m\.|\b(?:noon|midnight)\b|上午|下午|午夜|中午"
    r"|\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:?\d{2}"
)
TEXT = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)
READERS = ("officer", "deputy", "unit_user", "committee_staff", "anonymous")


def _templates():
    for folder in ["templates", "liaison", "deputies", "voters", "suggestions", "assessments"]:
        yield from (path for path in (ROOT / folder).rglob("*.html") if ".venv" not in path.parts)


def test_templates_name_a_format_and_never_spell_one():
    spelt = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for match in FILTER.finditer(text):
            line = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
            if match.group(3) not in NAMED and not IN_A_LINK.search(line):
                spelt.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not spelt, "name a format of liaison/core/formats instead: " + "; ".join(spelt)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_both_languages_write_iso_dates_and_24_hour_times(language):
    moment = timezone.make_aware(datetime(2026, 12, 3, 14, 30))
    template = Template(
        '{{ moment }}|{{ moment|date }}|{{ moment.date }}|{{ moment|time }}|{{ moment|date:"DATETIME_FORMAT" }}'
    )
    with translation.override(language):
        shown = template.render(Context({"moment": moment}))
    assert shown == "2026-12-03 14:30|2026-12-03|2026-12-03|14:30|2026-12-03 14:30"
    assert not FOREIGN.search(shown)


def _foreign_dates(html):
    return sorted({match.group(0) for match in FOREIGN.finditer(TEXT.sub(" ", html))})


PAGES = sorted(
    (name, next(role for role in READERS if expected[role] == 200))
    for name, (_kwargs, expected) in ACCESS.items()
    if any(expected[role] == 200 for role in READERS)
)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), PAGES)
def test_every_page_writes_dates_in_the_one_style(request, name, role):
    objects = ACCESS[name][0]
    url = reverse(name, kwargs=objects(request.getfixturevalue) if objects else {})
    client = request.getfixturevalue(role)
    for language in ("zh-hans", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        found = _foreign_dates(response.content.decode())
        assert not found, f"{name} as {role} in {language} writes {found}"
