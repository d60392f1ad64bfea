"""
Documents from snapshots: HTML from a Django template, then a tagged PDF from WeasyPrint.

Every PDF is PDF/UA-1 (WeasyPrint's `pdf/ua-1` variant): tagged, with the title taken from the
<title> and the language from <html lang>, fonts embedded. Pure functions of their input: they
read no database, so a worker can make a document from a snapshot taken anywhere.
"""

import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from ..selectors import pillar_chart_svg

# WeasyPrint logs every layout step at INFO: a 40-page plan would write hundreds of lines per job.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

CSS_PATH = Path(settings.BASE_DIR) / "templates" / "reports" / "pdf" / "report.css"
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Rendered:
    content: bytes
    pages: int


def _made_on() -> str:
    return f"{timezone.localdate():%-d %B %Y}"


def plan_html(snapshot: dict) -> str:
    """The plan PDF's finished HTML."""
    return render_to_string("reports/pdf/plan.html", {
        **snapshot,
        "marking": settings.REPORTS_PROTECTIVE_MARKING,
        "made_on": _made_on(),
        "chart_svg": pillar_chart_svg(pillars=snapshot["pillars"], id_prefix="summary-chart", width=640),
    })


def toolkit_html(snapshot: dict) -> str:
    """The toolkit PDF's finished HTML."""
    return render_to_string("reports/pdf/toolkit.html", {**snapshot, "made_on": _made_on()})


def national_compliance_html(snapshot: dict) -> str:
    """The national compliance report's finished HTML."""
    return render_to_string("reports/pdf/national_compliance.html", {
        **snapshot,
        "marking": settings.REPORTS_PROTECTIVE_MARKING,
        "made_on": _made_on(),
    })


def pdf_from_html(html: str) -> Rendered:
    """WeasyPrint alone: HTML in, tagged PDF/UA-1 bytes and the page count out."""
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which web requests never need

    options = {"stylesheets": [CSS(filename=str(CSS_PATH))], "pdf_variant": PDF_VARIANT}
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(**options)
    return Rendered(content=document.write_pdf(**options), pages=len(document.pages))


def plan_pdf(snapshot: dict) -> Rendered:
    return pdf_from_html(plan_html(snapshot))


def toolkit_pdf(snapshot: dict) -> Rendered:
    return pdf_from_html(toolkit_html(snapshot))


def national_compliance_pdf(snapshot: dict) -> Rendered:
    return pdf_from_html(national_compliance_html(snapshot))


def zip_of(files: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of (name, content) pairs. PDFs are already compressed, so they are stored as they are."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()
