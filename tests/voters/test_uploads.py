import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from voters.models import Attachment, Opinion, OpinionEvent
from voters.uploads import check_attachment

MB = 1024 * 1024


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("photo.jpg", jpeg_bytes, Attachment.Kind.JPEG),
        ("photo.png", png_bytes, Attachment.Kind.PNG),
        ("letter.pdf", pdf_bytes, Attachment.Kind.PDF),
        # The name means nothing: a real PNG called .pdf is a PNG.
        ("renamed.pdf", png_bytes, Attachment.Kind.PNG),
    ],
)
def test_kind_is_read_from_the_content(name, data, kind):
    assert check_attachment(SimpleUploadedFile(name, data())) == kind


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00 this is a windows program",
        b"<html><script>alert(1)</script></html>",
        b"PK\x03\x04 a zip file",
    ],
)
def test_other_files_are_refused(data):
    with pytest.raises(ValidationError) as error:
        check_attachment(SimpleUploadedFile("photo.jpg", data, content_type="image/jpeg"))
    assert error.value.code == "bad_type"


def test_a_file_that_claims_to_be_a_jpeg_and_is_not():
    # Starts like a JPEG, but Pillow cannot read an image out of it.
    fake = b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 20
    with pytest.raises(ValidationError) as error:
        check_attachment(SimpleUploadedFile("holiday.jpg", fake, content_type="image/jpeg"))
    assert error.value.code == "bad_content"


def test_size_limit_has_a_clear_message(settings):
    settings.OPINION_ATTACHMENT_MAX_BYTES = 1 * MB
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (2 * MB))
    with pytest.raises(ValidationError) as error:
        check_attachment(big)
    assert error.value.code == "too_large"
    assert "big.png" in error.value.messages[0]


@pytest.mark.django_db
def test_fifty_megabytes_refused_with_a_clear_message_and_no_partial_record(officer, station):
    huge = SimpleUploadedFile("scan.jpg", jpeg_bytes() + b"\0" * (50 * MB), content_type="image/jpeg")
    response = officer.post(
        "/opinions/new/",
        {
            "station": station.pk,
            "channel": "reception",
            "received_at": "2026-01-05T10:00",
            "content": "小区门口路灯坏了很久",
            "voter_name": "王五",
            "voter_phone": "13912345678",
            "files": [huge],
        },
    )
    assert response.status_code == 200
    assert "scan.jpg" in response.content.decode()
    assert "50.0 MB" in response.content.decode()
    assert not Opinion.objects.exists()
    assert not Attachment.objects.exists()
    assert not OpinionEvent.objects.exists()
    from voters.models import Voter

    assert not Voter.objects.exists()


@pytest.mark.django_db
def test_fifty_megabytes_on_the_public_form(anonymous, station):
    huge = SimpleUploadedFile("scan.pdf", pdf_bytes() + b"\0" * (50 * MB), content_type="application/pdf")
    response = anonymous.post(
        f"/opinions/public/s/{station.pk}/", {"content": "路灯坏了很久没人修", "files": [huge]}
    )
    assert response.status_code == 200
    assert "50.0 MB" in response.content.decode()
    assert not Opinion.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_fake_jpeg_on_the_officer_form_creates_nothing(officer, station):
    fake = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0garbage" * 10, content_type="image/jpeg")
    response = officer.post(
        "/opinions/new/",
        {
            "station": station.pk,
            "channel": "reception",
            "received_at": "2026-01-05T10:00",
            "content": "小区门口路灯坏了很久",
            "files": [fake],
        },
    )
    assert response.status_code == 200
    assert "photo.jpg" in response.content.decode()
    assert not Opinion.objects.exists()


def test_a_phone_portrait_is_a_jpeg():
    # Pillow calls a JPEG that carries a second picture "MPO"; it is still the photo the voter took.
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (8, 8), "red"), Image.new("RGB", (8, 8), "blue")
    first.save(buffer, format="MPO", save_all=True, append_images=[second])
    assert check_attachment(SimpleUploadedFile("portrait.jpg", buffer.getvalue())) == Attachment.Kind.JPEG


@pytest.mark.django_db
def test_attaching_without_a_file_is_refused(officer, opinion):
    response = officer.post(f"/opinions/{opinion.pk}/attachments/", {})
    assert response.status_code == 200
    assert response.context["form"].errors["files"]
    assert not opinion.events.filter(kind=OpinionEvent.Kind.ATTACHED).exists()
