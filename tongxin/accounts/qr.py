"""The enrolment QR code, drawn as inline SVG on the server (segno): no image
library, nothing fetched, nothing left in a file."""

import segno


def qr_svg(text: str) -> str:
    return segno.make(text, error="m").svg_inline(scale=5, border=2, dark="#1f2933")
