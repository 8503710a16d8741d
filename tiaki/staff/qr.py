"""The QR code an authenticator app scans when a user sets up their second factor."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg


def qr_data_uri(config_url: str) -> str:
    """An SVG QR code as a data: URI (allowed by the CSP's img-src), so no
    secret ever goes to another service to be drawn."""
    image = qrcode.make(config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
