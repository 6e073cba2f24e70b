import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from deputies.models import Deputy, Level
from tests.deputies.factories import DeputyFactory, DeputyGroupFactory, MandateFactory
from tests.liaison.factories import StationingFactory


def stationed(station, count, **fields):
    deputies = DeputyFactory.create_batch(count, **fields)
    for deputy in deputies:
        MandateFactory(deputy=deputy)
        StationingFactory(deputy=deputy, station=station)
    return deputies


@pytest.mark.parametrize("rows", [2, 20])
def test_roster_costs_the_same_queries_at_2_and_20_rows(officer, station, rows, django_assert_num_queries):
    group = DeputyGroupFactory(station=station)
    for deputy in stationed(station, rows):
        group.members.add(deputy)
    # session, user, the sector/group/station filter choices, count, page, then one each for mandates,
    # groups and stationings of the whole page.
    with django_assert_num_queries(10):
        response = officer.get(reverse("deputies:list"))
    assert len(response.context["page"].object_list) == rows


def test_roster_finds_by_pinyin_initials_and_full_pinyin(officer, station):
    stationed(station, 1, name="张晓明")
    stationed(station, 1, name="李红")
    for query in ["zxm", "zhang", "晓明"]:
        names = [d.name for d in officer.get(reverse("deputies:list"), {"q": query}).context["page"]]
        assert names == ["张晓明"], query


def test_roster_filters_by_level_group_and_station(officer, station, point):
    at_station = stationed(station, 2)
    at_point = stationed(point, 1)
    MandateFactory(deputy=at_station[0], level=Level.CITY, term="第十六届")
    group = DeputyGroupFactory(station=station)
    group.members.add(at_point[0])
    url = reverse("deputies:list")
    assert [d.pk for d in officer.get(url, {"level": Level.CITY}).context["page"]] == [at_station[0].pk]
    assert [d.pk for d in officer.get(url, {"group": group.pk}).context["page"]] == [at_point[0].pk]
    assert {d.pk for d in officer.get(url, {"station": station.pk}).context["page"]} == {
        d.pk for d in at_station
    }


def test_roster_shows_only_the_officers_own_deputies(officer, deputy_record, other_deputy_record):
    names = [d.name for d in officer.get(reverse("deputies:list")).context["page"]]
    assert names == [deputy_record.name]


def test_roster_paginates(officer, station, settings):
    settings.LIST_PAGE_SIZE = 5
    stationed(station, 12)
    response = officer.get(reverse("deputies:list"), {"page": 3})
    assert len(response.context["page"].object_list) == 2
    assert "第 3 / 3 页" in response.content.decode()


def test_phones_are_masked_for_officers_and_shown_to_staff(officer, committee_staff, deputy, deputy_record):
    url = reverse("deputies:detail", args=[deputy_record.pk])
    assert "138****5678" in officer.get(url).content.decode()
    assert "13812345678" not in officer.get(url).content.decode()
    assert "13812345678" in committee_staff.get(url).content.decode()
    assert "13812345678" in deputy.get(url).content.decode()  # their own page


def _sheet_xml(content):
    return zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()


def test_export_never_writes_a_formula_and_masks_phones_for_officers(officer, station):
    stationed(station, 1, name='=HYPERLINK("http://x")', employer="+1+1", occupation="@SUM(A1)")
    response = officer.get(reverse("deputies:export"))
    assert response.status_code == 200
    assert "<f>" not in _sheet_xml(response.content)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == '=HYPERLINK("http://x")'
    assert rows[1][6] == "+1+1"
    assert "****" in rows[1][8]


def test_export_follows_the_filters(committee_staff, station):
    stationed(station, 1, name="张晓明")
    stationed(station, 1, name="李红")
    response = committee_staff.get(reverse("deputies:export"), {"q": "zxm"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["张晓明"]
    assert rows[1][8] == f"138{rows[1][8][3:]}" and "*" not in rows[1][8]


def test_creating_a_deputy_keeps_the_input_when_the_phone_is_bad(officer, station):
    data = {"name": "王小明", "gender": "M", "phone": "12345", "station": station.pk, "ethnicity": "汉族"}
    response = officer.post(reverse("deputies:create"), data)
    assert response.status_code == 200
    assert "不是有效的电话号码" in response.content.decode()
    assert 'value="王小明"' in response.content.decode()
    assert not Deputy.objects.exists()


def test_an_officer_creates_a_deputy_at_their_station(officer, station, other_station):
    data = {"name": "王小明", "gender": "M", "phone": "138 0000 1111", "station": other_station.pk}
    response = officer.post(reverse("deputies:create"), data)
    assert "station" in response.context["form"].errors  # not one of theirs
    response = officer.post(reverse("deputies:create"), {**data, "station": station.pk})
    deputy = Deputy.objects.get()
    assert response.status_code == 302
    assert deputy.phone == "+8613800001111"
    assert deputy.stationings.get().station == station


def test_editing_keeps_groups_the_officer_does_not_manage(officer, deputy_record, point, other_station):
    theirs = DeputyGroupFactory(station=point)
    foreign = DeputyGroupFactory(station=other_station)
    deputy_record.deputy_groups.set([foreign])
    data = {"name": "陈建国", "gender": "M", "phone": "13812345678", "groups": [theirs.pk], "is_active": "on"}
    response = officer.post(reverse("deputies:edit", args=[deputy_record.pk]), data)
    assert response.status_code == 302
    assert set(deputy_record.deputy_groups.all()) == {theirs, foreign}


def test_extra_posted_fields_change_nothing(officer, deputy_record):
    token = deputy_record.public_token
    data = {"name": "陈建国", "phone": "13812345678", "public_token": "mine", "user": 1, "is_active": "on"}
    officer.post(reverse("deputies:edit", args=[deputy_record.pk]), data)
    deputy_record.refresh_from_db()
    assert deputy_record.public_token == token
    assert deputy_record.user_id is None


def test_qr_code_leads_to_the_public_page(deputy, deputy_record, anonymous):
    svg = deputy.get(reverse("deputies:qr", args=[deputy_record.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = deputy.get(reverse("deputies:qr", args=[deputy_record.pk]), {"format": "png"})
    assert png.content.startswith(b"\x89PNG")
    poster = deputy.get(reverse("deputies:qr_poster", args=[deputy_record.pk])).content.decode()
    public_url = reverse("home:deputy_public", args=[deputy_record.public_token])
    assert public_url in poster
    public = anonymous.get(public_url).content.decode()
    assert deputy_record.name in public
    assert reverse("voters:public_deputy", args=[deputy_record.public_token]) in public  # the opinion form
    assert "13812345678" not in public and "5678" not in public


def test_a_mandate_is_added_and_its_dates_checked(officer, deputy_record):
    url = reverse("deputies:mandate_create", args=[deputy_record.pk])
    bad = {"level": Level.CITY, "term": "第十六届", "started_on": "2024-01-01", "ended_on": "2023-01-01"}
    assert officer.post(url, bad).status_code == 200
    assert officer.post(url, {**bad, "ended_on": ""}).status_code == 302
    assert deputy_record.mandates.filter(level=Level.CITY).exists()


def test_a_group_is_created_with_members_and_leader(officer, point, deputy_record):
    data = {
        "name": "第九代表小组",
        "kind": "area",
        "station": point.pk,
        "leader": deputy_record.pk,
        "members": [],
    }
    response = officer.post(reverse("deputies:group_create"), data)
    assert response.status_code == 302
    group = deputy_record.deputy_groups.get()
    assert group.leader == deputy_record


def test_a_deputy_writes_their_own_pledge_and_nothing_else(deputy, deputy_record):
    data = {"pledge": "每月接待选民一次", "name": "改名", "phone": "13900000000"}
    response = deputy.post(reverse("deputies:own_profile"), data)
    assert response.status_code == 302
    deputy_record.refresh_from_db()
    assert deputy_record.pledge == "每月接待选民一次"
    assert deputy_record.name == "陈建国"
    assert deputy_record.phone == "+8613812345678"


def test_a_photo_that_is_not_an_image_is_refused(deputy, deputy_record):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("me.jpg", b"not a jpeg at all", content_type="image/jpeg")
    response = deputy.post(reverse("deputies:own_profile"), {"pledge": "x", "photo": fake})
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    deputy_record.refresh_from_db()
    assert not deputy_record.photo


def test_an_officer_stations_and_unstations_a_deputy(officer, point):
    deputy = DeputyFactory()
    response = officer.post(
        reverse("deputies:stationing_add", args=[point.pk]), {"deputy": deputy.pk, "since": "2026-01-01"}
    )
    assert response.status_code == 302
    stationing = deputy.stationings.get()
    response = officer.post(reverse("deputies:stationing_end", args=[stationing.pk]))
    assert response.status_code == 302
    stationing.refresh_from_db()
    assert stationing.until is not None


def test_another_officer_cannot_end_a_stationing(other_officer, deputy_record):
    stationing = deputy_record.stationings.get()
    assert other_officer.post(reverse("deputies:stationing_end", args=[stationing.pk])).status_code == 404
    stationing.refresh_from_db()
    assert stationing.until is None


def test_a_photo_over_the_limit_is_refused(deputy, deputy_record, settings):
    settings.PHOTO_MAX_BYTES = 1024
    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 64).convert("RGB").save(buffer, format="PNG")
    assert len(buffer.getvalue()) > 1024
    photo = SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")
    response = deputy.post(reverse("deputies:own_profile"), {"pledge": "x", "photo": photo})
    assert response.context["form"].errors.as_data()["photo"][0].code == "too_large"
    deputy_record.refresh_from_db()
    assert not deputy_record.photo
