"""The roster import: the whole file is checked first, every bad row is reported, nothing is written
unless the whole file is good; unsafe files are refused before they are parsed."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from deputies.models import Deputy, Level
from deputies.services import roster_check, roster_import
from liaison.core.imports import ImportProblems
from tests.deputies.factories import DeputyGroupFactory

HEADER = ["姓名", "性别", "出生年份", "手机号码", "代表层级", "届次", "选区", "代表小组", "进站站点"]


def cells(rows):
    """Rows of plain values as liaison.core.imports.read_cells gives them: no formulas."""
    return [[(value, False) for value in row] for row in rows]


def workbook_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data, name="roster.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def group(point):
    return DeputyGroupFactory(name="第一代表小组", station=point)


def good_row(name="王小明", phone="13800001111", station="桂花社区联络点"):
    return [name, "男", 1980, phone, "区、镇", "第十八届", "第一选区", "第一代表小组", station]


def test_a_good_file_creates_deputies_with_mandates_groups_and_stationing(officer, group, point):
    data = workbook_bytes([good_row(), good_row("李红", "13900002222")])
    response = officer.post(reverse("deputies:import"), {"file": upload(data)})
    assert response.status_code == 302
    deputy = Deputy.objects.get(name="王小明")
    assert deputy.phone == "+8613800001111"
    assert deputy.gender == Deputy.Gender.MALE
    assert sorted(deputy.mandates.values_list("level", flat=True)) == sorted([Level.COUNTY, Level.TOWNSHIP])
    assert list(deputy.deputy_groups.all()) == [group]
    assert deputy.stationings.get().station == point
    assert Deputy.objects.count() == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["", "男", 1980, "13800001111", "区", "第十八届", "", "", "桂花社区联络点"], "缺少姓名"),
        (
            ["王小明", "男", 1980, "1380000111", "区", "第十八届", "", "", "桂花社区联络点"],
            "不是有效的电话号码",
        ),
        (["王小明", "男", 1980, "", "区", "第十八届", "", "", "桂花社区联络点"], "缺少手机号码"),
        (
            ["王小明", "男", 1980, "13800001111", "街道", "第十八届", "", "", "桂花社区联络点"],
            "代表层级“街道”",
        ),
        (["王小明", "男", 1980, "13800001111", "", "第十八届", "", "", "桂花社区联络点"], "缺少代表层级"),
        (["王小明", "男", 1980, "13800001111", "区", "", "", "", "桂花社区联络点"], "缺少届次"),
        (
            ["王小明", "男", 1980, "13800001111", "区", "第十八届", "", "第九代表小组", "桂花社区联络点"],
            "代表小组“第九代表小组”不存在",
        ),
        (
            ["王小明", "男", 1980, "13800001111", "区", "第十八届", "", "", "西湖街道人大代表联络站"],
            "不在您的管辖范围内",
        ),
        (["王小明", "男", 1980, "13800001111", "区", "第十八届", "", "", ""], "缺少进站站点"),
        (
            ["王小明", "未知", 1980, "13800001111", "区", "第十八届", "", "", "桂花社区联络点"],
            "性别“未知”",
        ),
        (
            ["王小明", "男", 1850, "13800001111", "区", "第十八届", "", "", "桂花社区联络点"],
            "出生年份“1850”不是有效年份",
        ),
    ],
)
def test_each_kind_of_bad_row_is_reported_with_its_row_number_and_nothing_is_written(
    officer_user, group, other_station, row, message
):
    rows = [HEADER, good_row(), row]
    with pytest.raises(ImportProblems) as caught:
        roster_import(cells=cells(rows), actor=officer_user)
    assert any(number == 3 and message in text for number, text in caught.value.problems), (
        caught.value.problems
    )
    assert Deputy.objects.count() == 0


def test_duplicates_in_the_file_and_on_the_roster_are_reported(officer_user, group, deputy_record):
    rows = [
        HEADER,
        good_row("王小明", "13800001111"),
        good_row("李红", "13800001111"),
        good_row("王小明", "13900009999"),
        good_row("赵六", "13812345678"),  # deputy_record's phone
    ]
    with pytest.raises(ImportProblems) as caught:
        roster_check(cells(rows), actor=officer_user)
    problems = dict(caught.value.problems)
    assert "与第 2 行重复" in problems[3]
    assert "姓名和出生年份与第 2 行重复" in problems[4]
    assert "名册中已有" in problems[5]


def test_every_bad_row_is_listed_on_the_page(officer, group):
    data = workbook_bytes([good_row(), ["", "", "", "123", "", "", "", "", ""]])
    response = officer.post(reverse("deputies:import"), {"file": upload(data)})
    assert response.status_code == 200
    problems = response.context["problems"]
    assert {number for number, _text in problems} == {3}
    assert len(problems) >= 3  # name, phone, level, station
    assert Deputy.objects.count() == 0


def test_missing_required_columns_are_named(officer_user):
    with pytest.raises(ImportProblems) as caught:
        roster_check(cells([["姓名", "性别"], ["王小明", "男"]]), actor=officer_user)
    assert "手机号码" in caught.value.problems[0][1]


def test_english_headers_import_too(committee_staff, group):
    header = [
        "Name",
        "Gender",
        "Birth year",
        "Mobile phone",
        "Levels",
        "Term",
        "Constituency",
        "Deputy groups",
    ]
    data = workbook_bytes(
        [["Wang", "M", 1980, "+86 138 0000 1111", "county", "18th", "", "第一代表小组"]], header=header
    )
    response = committee_staff.post(reverse("deputies:import"), {"file": upload(data)})
    assert response.status_code == 302
    assert Deputy.objects.get(name="Wang").mandates.get().level == Level.COUNTY


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "不接受旧版 .xls"),
        (b"name,phone\n", "不是 Excel .xlsx 文件"),
        (_zip({"hello.txt": "x"}), "不是 Excel .xlsx 文件"),
        (_zip({"[Content_Types].xml": "x", "xl/workbook.xml": "x", "xl/vbaProject.bin": "x"}), "不接受含宏"),
        (
            _zip({"[Content_Types].xml": "x", "xl/workbook.xml": "x", "big.xml": "0" * (61 * 1024 * 1024)}),
            "已拒绝",
        ),
        (
            _zip({f"f{i}.xml": "" for i in range(300)} | {"[Content_Types].xml": "", "xl/workbook.xml": ""}),
            "已拒绝",
        ),
    ],
    ids=["xls", "csv", "zip-not-xlsx", "macros", "zip-bomb", "too-many-entries"],
)
def test_unsafe_files_are_refused_before_parsing(officer, data, message):
    response = officer.post(reverse("deputies:import"), {"file": upload(data)})
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["file"])
    assert Deputy.objects.count() == 0


def test_an_xml_entity_payload_is_refused(officer, group):
    data = workbook_bytes([good_row()])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b"<worksheet", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet', 1
                )
            target.writestr(item, content)
    response = officer.post(reverse("deputies:import"), {"file": upload(buffer.getvalue())})
    assert "无法读取该工作簿" in str(response.context["form"].errors["file"])
    assert Deputy.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(officer, settings):
    settings.ROSTER_IMPORT_MAX_BYTES = 1024
    response = officer.post(reverse("deputies:import"), {"file": upload(workbook_bytes([good_row()] * 50))})
    assert "上限为" in str(response.context["form"].errors["file"])


def test_the_template_workbook_imports_after_filling_in(committee_staff):
    from openpyxl import load_workbook

    response = committee_staff.get(reverse("deputies:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "姓名"
    assert rows[1][0] == "张三"


def test_a_formula_cell_is_refused_with_its_row(officer, group):
    row = good_row()
    row[0] = '="王"&"小明"'
    response = officer.post(reverse("deputies:import"), {"file": upload(workbook_bytes([row]))})
    assert response.status_code == 200
    assert any(number == 2 and "公式" in text for number, text in response.context["problems"])
    assert Deputy.objects.count() == 0
