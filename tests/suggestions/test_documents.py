import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from suggestions.documents import check_document


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [("答复.pdf", b"%PDF-1.7 ..."), ("现场.png", _png()), ("答复.docx", _docx())],
)
def test_real_files_are_accepted(name, content):
    assert check_document(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("答复.pdf", b"MZ\x90\x00 an executable"),
        ("答复.docx", b"PK\x03\x04 not a zip"),
        ("答复.xlsx", _docx()),
        # Starts like a PNG, but Pillow reads no picture out of it.
        ("现场.png", b"\x89PNG\r\n\x1a\n...."),
        ("脚本.exe", b"MZ"),
        ("page.html", b"<script>"),
    ],
)
def test_files_are_checked_by_content(name, content):
    with pytest.raises(ValidationError):
        check_document(SimpleUploadedFile(name, content))


def test_size_limit(settings):
    settings.SUGGESTION_DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        check_document(SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 20))
