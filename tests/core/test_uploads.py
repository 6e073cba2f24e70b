"""The one check of uploaded files and the one field for several of them (liaison/core/uploads.py)."""

import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from PIL import Image

from liaison.core.uploads import (
    DOC,
    DOCX,
    GIF,
    JPEG,
    PDF,
    PHOTOS,
    PNG,
    WEBP,
    XLSX,
    MultipleFileField,
    check_size,
    check_upload,
)

EVERY_TYPE = (JPEG, PNG, GIF, WEBP, PDF, DOC, DOCX, XLSX)
MB = 1024 * 1024


def image_bytes(image_format, size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format=image_format)
    return buffer.getvalue()


def portrait_jpeg_bytes():
    """A JPEG carrying a second picture, as many phones take portraits; Pillow calls it MPO."""
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (8, 8), "red"), Image.new("RGB", (8, 8), "blue")
    first.save(buffer, format="MPO", save_all=True, append_images=[second])
    return buffer.getvalue()


def office_bytes(part):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(name, data):
    return SimpleUploadedFile(name, data)


REAL_FILES = [
    ("photo.jpg", lambda: image_bytes("JPEG"), JPEG),
    ("portrait.jpg", portrait_jpeg_bytes, JPEG),
    ("photo.png", lambda: image_bytes("PNG"), PNG),
    ("photo.gif", lambda: image_bytes("GIF"), GIF),
    ("photo.webp", lambda: image_bytes("WEBP"), WEBP),
    ("letter.pdf", pdf_bytes, PDF),
    ("minutes.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, DOC),
    ("reply.docx", lambda: office_bytes("word/document.xml"), DOCX),
    ("sheet.xlsx", lambda: office_bytes("xl/workbook.xml"), XLSX),
]


@pytest.mark.parametrize(("name", "data", "file_type"), REAL_FILES, ids=[row[0] for row in REAL_FILES])
def test_each_type_is_recognised_by_its_content(name, data, file_type):
    assert check_upload(upload(name, data()), types=EVERY_TYPE, max_bytes=MB) == file_type
    assert check_upload(upload(name, data()), types=EVERY_TYPE, max_bytes=MB, match_name=True) == file_type


def test_the_name_means_nothing_unless_asked_for():
    renamed = upload("renamed.pdf", image_bytes("PNG"))
    assert check_upload(renamed, types=(PNG, PDF), max_bytes=MB) == PNG
    with pytest.raises(ValidationError) as error:
        check_upload(renamed, types=(PNG, PDF), max_bytes=MB, match_name=True)
    assert error.value.code == "bad_content"


def test_a_word_file_named_as_a_workbook_is_refused_when_the_name_counts():
    named_wrong = upload("figures.xlsx", office_bytes("word/document.xml"))
    assert check_upload(named_wrong, types=(DOCX, XLSX), max_bytes=MB) == DOCX
    with pytest.raises(ValidationError) as error:
        check_upload(named_wrong, types=(DOCX, XLSX), max_bytes=MB, match_name=True)
    assert error.value.code == "bad_content"
    assert "XLSX" in error.value.messages[0]


@pytest.mark.parametrize(
    "data",
    [b"MZ\x90\x00 a windows program", b"<svg onload=alert(1)>", b"PK\x03\x04 a zip", b""],
    ids=["exe", "svg", "zip", "empty"],
)
def test_other_content_is_refused_and_the_accepted_types_are_named(data):
    with pytest.raises(ValidationError) as error:
        check_upload(upload("photo.jpg", data), types=PHOTOS, max_bytes=MB)
    assert error.value.code == "bad_type"
    assert "photo.jpg" in error.value.messages[0]
    assert all(label in error.value.messages[0] for label in ("JPEG", "PNG", "WebP"))


def test_a_type_not_accepted_here_is_refused_even_if_real():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("letter.pdf", pdf_bytes()), types=PHOTOS, max_bytes=MB)
    assert error.value.code == "bad_type"


@pytest.mark.parametrize(
    ("name", "data", "types"),
    [
        ("holiday.jpg", b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 20, PHOTOS),
        ("chart.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, PHOTOS),
        ("reply.docx", b"PK\x03\x04 not a zip", (DOCX,)),
        ("reply.docx", office_bytes("xl/workbook.xml"), (DOCX,)),
    ],
    ids=["broken-jpeg", "broken-png", "docx-not-a-zip", "docx-holding-a-workbook"],
)
def test_a_file_that_only_starts_like_its_type_is_refused(name, data, types):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, data), types=types, max_bytes=MB)
    assert error.value.code == "bad_content"
    assert name in error.value.messages[0]


def test_an_image_of_too_many_pixels_is_refused_however_small_the_file():
    small_file = upload("huge.png", image_bytes("PNG", size=(8000, 6000)))
    assert small_file.size < MB
    with pytest.raises(ValidationError) as error:
        check_upload(small_file, types=PHOTOS, max_bytes=MB)
    assert error.value.code == "too_large"


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    big = upload("scan.pdf", pdf_bytes() + b"\0" * (2 * MB))
    with pytest.raises(ValidationError) as error:
        check_upload(big, types=(PDF,), max_bytes=MB)
    assert error.value.code == "too_large"
    assert "scan.pdf" in error.value.messages[0]
    assert "2.0 MB" in error.value.messages[0]
    check_size(upload("small.pdf", pdf_bytes()), max_bytes=MB)


def test_the_file_is_left_at_its_start_for_whoever_saves_it():
    photo = upload("photo.png", image_bytes("PNG"))
    check_upload(photo, types=PHOTOS, max_bytes=MB)
    assert photo.tell() == 0


def test_the_messages_are_in_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        check_size(upload("scan.pdf", b"0" * (2 * MB)), max_bytes=MB)
    assert error.value.messages == ["“scan.pdf”大小为 2.0 MB，上限为 1.0 MB。请缩小文件后重试。"]
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        check_upload(upload("a.exe", b"MZ"), types=(PDF,), max_bytes=MB)
    assert error.value.messages == ["“a.exe”：只能上传 PDF 格式的文件。"]


class PhotosForm(forms.Form):
    photos = MultipleFileField(types=PHOTOS, max_bytes=MB, max_count=2)


class RequiredPhotosForm(forms.Form):
    photos = MultipleFileField(types=PHOTOS, max_bytes=MB, required=True)


def photos_form(*uploads, form_class=PhotosForm):
    return form_class(data={}, files=MultiValueDict({"photos": list(uploads)}))


def test_the_field_takes_several_files_at_once():
    form = photos_form(upload("a.png", image_bytes("PNG")), upload("b.jpg", image_bytes("JPEG")))
    assert form.is_valid(), form.errors
    assert [photo.name for photo in form.cleaned_data["photos"]] == ["a.png", "b.jpg"]


def test_the_field_is_optional_unless_required():
    form = photos_form()
    assert form.is_valid()
    assert form.cleaned_data["photos"] == []
    form = photos_form(form_class=RequiredPhotosForm)
    assert not form.is_valid()
    assert form.errors.as_data()["photos"][0].code == "required"


def test_the_field_refuses_more_files_than_its_count():
    form = photos_form(*[upload(f"{n}.png", image_bytes("PNG")) for n in range(3)])
    assert not form.is_valid()
    assert form.errors.as_data()["photos"][0].code == "max_count"


def test_the_field_names_every_refused_file():
    form = photos_form(upload("evil.png", b"<svg onload=alert(1)>"), upload("fake.jpg", b"\xff\xd8\xff\xe0x"))
    assert not form.is_valid()
    errors = form.errors.as_data()["photos"]
    assert [error.code for error in errors] == ["bad_type", "bad_content"]
    assert "evil.png" in str(form.errors) and "fake.jpg" in str(form.errors)


def test_the_browser_is_told_which_types_to_offer():
    html = str(PhotosForm()["photos"])
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert "multiple" in html
