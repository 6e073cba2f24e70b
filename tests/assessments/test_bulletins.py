"""《代表工作动态》 (seed 004): generated from the records, reviewed, published as notices, read by deputies."""

from datetime import date

import pytest
from django.urls import reverse

from assessments.bulletins import bulletin_edit, bulletin_generate, bulletin_publish
from assessments.models import Bulletin, BulletinEvent, Seat, Sitting
from assessments.sittings import RollEntry, sitting_record, sitting_roll_save, speech_add
from deputies.models import Level
from liaison.activities.models import Notice
from liaison.core.errors import ActionRefused
from tests.deputies.factories import DeputyGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulletin(street_staff_user, deputy_record, station):
    group = DeputyGroupFactory(name="东湖代表小组", station=station)
    group.members.add(deputy_record)
    sitting = sitting_record(
        actor=street_staff_user,
        kind=Sitting.Kind.CONGRESS,
        level=Level.COUNTY,
        title="区人代会",
        starts_on=date(2025, 1, 8),
    )
    sitting_roll_save(
        sitting=sitting, actor=street_staff_user, entries=[RollEntry(deputy_record, Seat.Attendance.PRESENT)]
    )
    speech_add(sitting=sitting, actor=street_staff_user, deputy=deputy_record, topic="老旧小区改造")
    return bulletin_generate(actor=street_staff_user, span=Bulletin.Span.QUARTER, year=2025, number=1)


def test_generated_from_the_records_per_group(bulletin, deputy_record):
    text = "\n".join(f"{section.heading}\n{section.body}" for section in bulletin.sections.all())
    assert "区人代会" in text
    assert "东湖代表小组" in text
    assert "老旧小区改造" in text
    assert bulletin.status == Bulletin.Status.DRAFT
    assert bulletin.events.get().kind == BulletinEvent.Kind.GENERATED


def test_a_period_has_one_bulletin(bulletin, street_staff_user):
    with pytest.raises(ActionRefused):
        bulletin_generate(actor=street_staff_user, span=Bulletin.Span.QUARTER, year=2025, number=1)


def test_published_as_a_notice_then_frozen(
    bulletin, street_staff_user, deputy_record, django_capture_on_commit_callbacks
):
    bulletin_edit(
        bulletin=bulletin, actor=street_staff_user, title="代表工作动态第一期", sections=[("概况", "一季度")]
    )
    with django_capture_on_commit_callbacks():
        bulletin_publish(bulletin=bulletin, actor=street_staff_user)
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.PUBLISHED
    notice = bulletin.notices.get()
    assert notice.title == "代表工作动态第一期" and "一季度" in notice.body
    assert notice.status == Notice.Status.SCHEDULED
    with pytest.raises(ActionRefused):
        bulletin_publish(bulletin=bulletin, actor=street_staff_user)
    with pytest.raises(ActionRefused):
        bulletin_edit(bulletin=bulletin, actor=street_staff_user, title="改", sections=[])


def test_deputies_read_only_published_ones(bulletin, deputy, street_staff_user):
    url = bulletin.get_absolute_url()
    assert deputy.get(url).status_code == 404
    bulletin_publish(bulletin=bulletin, actor=street_staff_user)
    page = deputy.get(url)
    assert page.status_code == 200 and "区人代会" in page.content.decode()
    assert deputy.get(reverse("assessments:bulletin_print", args=[bulletin.pk])).status_code == 200


def test_staff_generate_edit_and_publish_through_the_pages(street_staff, deputy_record):
    response = street_staff.post(
        reverse("assessments:bulletin_create"), {"span": "month", "year": 2025, "number": 6}
    )
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and response.url == bulletin.get_absolute_url()
    edit = reverse("assessments:bulletin_edit", args=[bulletin.pk])
    assert street_staff.get(edit).status_code == 200
    form = {
        "title": "六月动态",
        "sections-TOTAL_FORMS": 1,
        "sections-INITIAL_FORMS": 0,
        "sections-0-heading": "概况",
        "sections-0-body": "本月",
    }
    assert street_staff.post(edit, form).status_code == 302
    assert list(bulletin.sections.values_list("heading", flat=True)) == ["概况"]
    street_staff.post(reverse("assessments:bulletin_publish", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert (bulletin.title, bulletin.status) == ("六月动态", Bulletin.Status.PUBLISHED)
    bad = street_staff.post(
        reverse("assessments:bulletin_create"), {"span": "quarter", "year": 2025, "number": 7}
    )
    assert bad.status_code == 302 and Bulletin.objects.count() == 1
