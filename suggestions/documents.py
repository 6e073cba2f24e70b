"""What a reply may carry: documents checked by their content (liaison/core/uploads.py), whose name must also
say what they are, since the deputy opens them by that name."""

from django.conf import settings

from liaison.core import uploads

DOCUMENT_TYPES = (uploads.PDF, uploads.PNG, uploads.JPEG, uploads.DOCX, uploads.XLSX)


def check_document(upload):
    """The content type of an acceptable document, or ValidationError."""
    file_type = uploads.check_upload(
        upload, types=DOCUMENT_TYPES, max_bytes=settings.SUGGESTION_DOCUMENT_MAX_BYTES, match_name=True
    )
    return file_type.content_type
