"""QR codes made on this server (码上找代表): the product runs on intranets with no outside service."""

import io

import qrcode
import qrcode.image.svg


def qr_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=20, border=2)
    return image.to_string(encoding="unicode")


def qr_png(url):
    buffer = io.BytesIO()
    qrcode.make(url, box_size=12, border=2).save(buffer, format="PNG")
    return buffer.getvalue()
