"""Reply documents are checked by what they contain, not by the name or the browser's content type."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension: (content type, how the file starts)
SIGNATURES = {
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
}
ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ALLOWED = "PDF, PNG, JPEG, DOCX, XLSX"


def check_document(upload):
    """Return the content type of an acceptable upload, or raise ValidationError."""
    limit = settings.SUGGESTION_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s MB.") % {"name": upload.name, "limit": limit // 1048576}
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in SIGNATURES:
        raise ValidationError(
            _("“%(name)s”: only %(types)s files can be attached.") % {"name": upload.name, "types": ALLOWED}
        )
    content_type, magic = SIGNATURES[extension]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    ok = head == magic
    if ok and extension in ZIP_MARKERS:
        try:
            with zipfile.ZipFile(upload) as archive:
                ok = ZIP_MARKERS[extension] in archive.namelist()
        except zipfile.BadZipFile:
            ok = False
        upload.seek(0)
    if not ok:
        raise ValidationError(
            _("“%(name)s” is not really a %(type)s file.") % {"name": upload.name, "type": extension.upper()}
        )
    return content_type
