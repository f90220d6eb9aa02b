"""What every PDF the back office writes shares: A4, the standard Helvetica (in every PDF
reader, nothing to embed), French amounts, and writing aside then renaming.

reportlab is imported here only, when a PDF is asked for: the counter never loads it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pos_app.atomic_files import FileWriteError, write_atomically
from pos_app.domain.money import format_euros
from pos_app.services import INPUT_ERROR, TillError

_WIN_ANSI_SAFE = str.maketrans({"\u202f": "\u00a0", "\u2009": " ", "\u2192": "->"})
"""The standard PDF fonts speak WinAnsi: the narrow no-break space of French thousands is not
in it (it would print as a black box), the plain no-break space is."""


def pdf_text(text: object) -> str:
    """Text for a reportlab Paragraph: WinAnsi-safe and with its markup characters escaped."""
    from xml.sax.saxutils import escape

    return escape(str(text).translate(_WIN_ANSI_SAFE))


def euros(cents: int | None) -> str:
    return "—" if cents is None else format_euros(cents).translate(_WIN_ANSI_SAFE)


def styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=16, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=12, spaceBefore=10),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=9.5, leading=12.5),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontSize=8, leading=9.5),
    }


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    numeric_from: int,
    numeric_to: int = -1,
) -> Any:
    """A ruled table, header row bold and shaded, the amount columns (`numeric_from` to
    `numeric_to`, included) right-aligned."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    made = Table([list(row) for row in rows], colWidths=list(widths), repeatRows=1)
    made.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecef")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5ad")),
                ("ALIGN", (numeric_from, 0), (numeric_to, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return made


def render_pdf(story: list[Any], *, title: str, author: str, subject: str = "") -> bytes:
    """`story` laid out on A4 with the house margins and page numbers, as PDF bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author=author,
        subject=subject,
        creator="Atouts POS",
    )
    document.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def write_pdf(path: Path, story: list[Any], title: str, author: str) -> Path:
    """Lay out `story` on A4 and write it to `path` atomically (a French TillError if not)."""
    data = render_pdf(story, title=title, author=author)
    try:
        return write_atomically(Path(path), data)
    except FileWriteError as exc:
        raise TillError("export_failed", exc.message, INPUT_ERROR) from exc


def _page_number(canvas: Any, document: Any) -> None:
    from reportlab.lib.units import mm

    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    canvas.drawRightString(
        document.pagesize[0] - 18 * mm, 9 * mm, f"Page {document.page} — Atouts POS"
    )
    canvas.restoreState()
