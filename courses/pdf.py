"""The certificate of completion as a PDF, in the language of whoever downloads it.

WeasyPrint lays the page out from an HTML template through Pango and HarfBuzz, which shape
Vietnamese stacked diacritics and Thai vowels and tone marks as the scripts require (a PDF
library that places glyphs one by one gets both wrong). The fonts are Debian's Noto (Noto Sans,
Noto Sans Thai, from `fonts-noto-core`), which the Makefile installs with the libraries; the
text stays text, so the PDF can be searched and read aloud.

The QR code (segno, an SVG) carries the certificate's verification address on SITE_URL.
"""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from .models import Certificate


def _refuse_fetching(url: str, *args, **kwargs):
    # Everything the page needs is inline; a name that looked like a URL must never be fetched.
    raise ValueError(f"The certificate fetches nothing: {url[:40]}")


def certificate_qr_svg(certificate: Certificate) -> str:
    """The QR code of the certificate's verification address, as inline SVG markup."""
    qr = segno.make(certificate.verification_url, error="m")
    return qr.svg_inline(scale=4, border=0, dark="#111", omitsize=False)


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as PDF bytes, in the active language."""
    import weasyprint  # heavy (Pango through cffi): loaded on the first certificate only

    html = render_to_string(
        "certificates/certificate_pdf.html",
        {
            "certificate": certificate,
            # segno's own markup: only the modules of the code, no text of ours.
            "qr": mark_safe(certificate_qr_svg(certificate)),
            "LANGUAGE_CODE": translation.get_language(),
        },
    )
    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetching)
    return document.write_pdf()
