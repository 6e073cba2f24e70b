"""Uploaded files: the one check every upload goes through, and the one field for several files at once;
and the one way a file is handed back for download.

A file is judged by what it holds, never by the type the browser sends: its first bytes must be those of an
accepted type, Pillow must read a photo whole as that format, and an Office file must hold its main part (a
renamed .exe stays an .exe). Each caller passes the types it accepts and its own size limit, a setting in
liaison/settings.py."""

import re
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from PIL import Image

MB = 1024 * 1024
# A photo of more pixels is refused whatever its size in bytes: a small file can unpack to gigabytes.
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class FileType:
    label: str  # named in messages
    content_type: str
    extensions: tuple[str, ...]
    signature: bytes  # a regular expression the first bytes match
    image_formats: tuple[str, ...] = ()  # Pillow must read the file whole as one of these
    zip_part: str = ""  # the part an Office file (a zip) must hold


# Pillow names a JPEG that carries a second picture (many phones' portrait photos) "MPO".
JPEG = FileType("JPEG", "image/jpeg", ("jpg", "jpeg"), rb"\xff\xd8\xff", image_formats=("JPEG", "MPO"))
PNG = FileType("PNG", "image/png", ("png",), rb"\x89PNG\r\n\x1a\n", image_formats=("PNG",))
GIF = FileType("GIF", "image/gif", ("gif",), rb"GIF8[79]a", image_formats=("GIF",))
WEBP = FileType("WebP", "image/webp", ("webp",), rb"RIFF.{4}WEBP", image_formats=("WEBP",))
PDF = FileType("PDF", "application/pdf", ("pdf",), rb"%PDF-")
DOC = FileType("DOC", "application/msword", ("doc",), rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
DOCX = FileType(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
    rb"PK\x03\x04",
    zip_part="word/document.xml",
)
XLSX = FileType(
    "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ("xlsx",),
    rb"PK\x03\x04",
    zip_part="xl/workbook.xml",
)
PHOTOS = (JPEG, PNG, WEBP)


def download(content, file_type, filename):
    """`content` (bytes) as a file to save; `filename` may hold Chinese (RFC 5987)."""
    response = HttpResponse(content, content_type=file_type.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def check_size(upload, *, max_bytes):
    if upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s MB; the limit is %(limit)s MB. Make the file smaller and try again.")
            % {
                "name": upload.name or "?",
                "size": round(upload.size / MB, 1),
                "limit": round(max_bytes / MB, 1),
            },
            code="too_large",
        )


def check_upload(upload, *, types, max_bytes, match_name=False):
    """The one of types the upload's content is, or ValidationError with a message for the person uploading.

    With match_name the name's extension must name the type too, for files people open by their name."""
    name = upload.name or "?"
    check_size(upload, max_bytes=max_bytes)
    head = _head(upload)
    if match_name:
        extension = name.rpartition(".")[2].lower() if "." in name else ""
        candidates = [file_type for file_type in types if extension in file_type.extensions]
    else:
        candidates = [file_type for file_type in types if _starts_like(head, file_type)]
    if not candidates:
        labels = [file_type.label for file_type in types]
        raise ValidationError(
            _("“%(name)s”: only %(types)s files can be attached.")
            % {"name": name, "types": get_text_list(labels)},
            code="bad_type",
        )
    for file_type in candidates:
        if not _starts_like(head, file_type):
            continue
        if file_type.image_formats:
            image_format, pixels = _image(upload)
            if image_format not in file_type.image_formats:
                continue
            if pixels > MAX_PIXELS:
                raise ValidationError(
                    _("“%(name)s” has too many pixels; make the photo smaller and try again.")
                    % {"name": name},
                    code="too_large",
                )
        if file_type.zip_part and file_type.zip_part not in _zip_names(upload):
            continue
        return file_type
    raise ValidationError(
        _("“%(name)s” is not really a %(type)s file.") % {"name": name, "type": candidates[0].label},
        code="bad_content",
    )


def _head(upload):
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head


def _starts_like(head, file_type):
    return re.match(file_type.signature, head, re.DOTALL) is not None


def _image(upload):
    """Pillow's format and pixel count for the upload, or (None, 0) when Pillow cannot read it whole."""
    try:
        with Image.open(upload) as image:
            found = image.format, image.width * image.height
            image.verify()
    except Exception:  # Pillow raises many kinds for a broken or hostile file; all mean the same here.
        found = None, 0
    upload.seek(0)
    return found


def _zip_names(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        names = set()
    upload.seek(0)
    return names


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each passed through check_upload; at most max_count of them when given."""

    def __init__(self, *, types, max_bytes, max_count=None, match_name=False, **kwargs):
        self.types = types
        self.max_bytes = max_bytes
        self.max_count = max_count
        self.match_name = match_name
        accept = ",".join(dict.fromkeys(file_type.content_type for file_type in types))
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        uploads = [
            single(item, initial) for item in (data if isinstance(data, list | tuple) else [data]) if item
        ]
        if not uploads and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        if self.max_count is not None and len(uploads) > self.max_count:
            raise ValidationError(
                _("At most %(count)s files can be attached at once.") % {"count": self.max_count},
                code="max_count",
            )
        errors = []
        for upload in uploads:
            try:
                check_upload(upload, types=self.types, max_bytes=self.max_bytes, match_name=self.match_name)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return uploads
