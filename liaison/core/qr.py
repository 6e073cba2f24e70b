"""QR codes made on this server (码上找代表): the product runs on intranets with no outside service."""

import base64
import hashlib
import io

import qrcode
import qrcode.image.svg
from django.core.cache import cache

# A QR code never changes for a given address: keep each one a day so a poster under load costs no drawing.
QR_CACHE_SECONDS = 24 * 3600


def qr_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=20, border=2)
    return image.to_string(encoding="unicode")


def qr_png(url):
    buffer = io.BytesIO()
    qrcode.make(url, box_size=12, border=2).save(buffer, format="PNG")
    return buffer.getvalue()


def qr_data_uri(url):
    """The SVG code of `url` as a data: address for an <img> (the CSP allows data: images, not inline
    styles), so a poster is one request and its codes scale with the sheet."""
    key = "qr:svg:" + hashlib.sha256(url.encode()).hexdigest()[:40]
    uri = cache.get(key)
    if uri is None:
        uri = "data:image/svg+xml;base64," + base64.b64encode(qr_svg(url).encode()).decode("ascii")
        cache.set(key, uri, QR_CACHE_SECONDS)
    return uri
