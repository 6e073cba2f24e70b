"""Photos and documents of opinions: images and PDF only, recognised by their first bytes and, for
images, opened by Pillow; the name a file claims means nothing (a renamed .exe stays an .exe)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

from voters.models import Attachment

MB = 1024 * 1024


def max_bytes():
    return settings.OPINION_ATTACHMENT_MAX_BYTES


def max_files():
    return settings.OPINION_ATTACHMENT_MAX_FILES


def sniff(head):
    if head.startswith(b"\xff\xd8\xff"):
        return Attachment.Kind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Attachment.Kind.PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return Attachment.Kind.GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Attachment.Kind.WEBP
    if head.startswith(b"%PDF-"):
        return Attachment.Kind.PDF
    return None


PILLOW_FORMATS = {
    Attachment.Kind.JPEG: "JPEG",
    Attachment.Kind.PNG: "PNG",
    Attachment.Kind.GIF: "GIF",
    Attachment.Kind.WEBP: "WEBP",
}


def check_upload(upload):
    """Return the file's kind, or raise ValidationError with a message the person uploading understands."""
    name = upload.name or "?"
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _(
                "“%(name)s” is %(size)s MB; each file may be at most %(limit)s MB. "
                "Make the photo smaller or scan the document at a lower resolution, then try again."
            )
            % {"name": name, "size": round(upload.size / MB, 1), "limit": round(limit / MB, 1)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a photo (JPEG, PNG, GIF, WebP) or a PDF document.") % {"name": name},
            code="bad_type",
        )
    if kind in PILLOW_FORMATS:
        try:
            with Image.open(upload) as image:
                found = image.format
                image.verify()
        except Exception:  # Pillow raises many kinds for a broken or hostile file; all mean the same here.
            found = None
        upload.seek(0)
        if found != PILLOW_FORMATS[kind]:
            raise ValidationError(
                _("“%(name)s” is damaged or is not really a photo.") % {"name": name}, code="bad_image"
            )
    return kind
