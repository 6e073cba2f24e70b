"""What an opinion may carry: photos and PDF documents, checked by their content (liaison/core/uploads.py)."""

from django.conf import settings

from liaison.core import uploads
from voters.models import Attachment

ATTACHMENT_KINDS = {
    uploads.JPEG: Attachment.Kind.JPEG,
    uploads.PNG: Attachment.Kind.PNG,
    uploads.GIF: Attachment.Kind.GIF,
    uploads.WEBP: Attachment.Kind.WEBP,
    uploads.PDF: Attachment.Kind.PDF,
}
ATTACHMENT_TYPES = tuple(ATTACHMENT_KINDS)


def check_attachment(upload):
    """The attachment's kind, read from its content (a real PNG named .pdf is a PNG), or ValidationError."""
    file_type = uploads.check_upload(
        upload, types=ATTACHMENT_TYPES, max_bytes=settings.OPINION_ATTACHMENT_MAX_BYTES
    )
    return ATTACHMENT_KINDS[file_type]
