"""Receipts as PDF files (reportlab): a ticket-shaped page, the receipt's lines in a fixed-pitch
font, the title bold at double size.

The file is made in memory, written beside its destination under a temporary name, flushed to
disk, then renamed into place: a full disk or a read-only folder leaves no half-written file and
gives a French error. reportlab is imported on first use.
"""

from __future__ import annotations

import errno
import io
from pathlib import Path

from pos_app import atomic_files
from pos_app.domain.receipts import Receipt, Style, ticket_number
from pos_app.domain.text import Text
from pos_app.printing.errors import PrintError

FONT_SIZE = 9.5
"""Courier at 9.5 pt: 40 characters fill 63 mm, as wide as a ticket and as easy to read."""
MARGIN_MM = 6
LEADING = 1.3


def pdf_bytes(receipt: Receipt, *, author: str = "") -> bytes:
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    margin = MARGIN_MM * mm
    text_width = stringWidth("M" * receipt.width, "Courier", FONT_SIZE)
    heights = [
        FONT_SIZE * LEADING * (2 if line.style is Style.TITLE else 1) for line in receipt.lines
    ]
    page = (text_width + 2 * margin, sum(heights) + 2 * margin)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=page, pageCompression=1)
    title = f"Reçu Atouts — ticket n° {ticket_number(receipt.ticket)}"
    pdf.setTitle(title + (" (DUPLICATA)" if receipt.duplicate else ""))
    pdf.setAuthor(author)
    pdf.setSubject("Reçu de paiement par un avantage Atouts")
    y = page[1] - margin
    for line, height in zip(receipt.lines, heights, strict=True):
        y -= height
        if line.style is Style.TITLE:
            pdf.setFont("Courier-Bold", FONT_SIZE * 2)
        else:
            pdf.setFont("Courier-Bold" if line.style is Style.BOLD else "Courier", FONT_SIZE)
        pdf.drawString(margin, y + height * 0.25, line.text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def write_atomically(data: bytes, path: Path) -> None:
    """`data` at `path`, whole or not at all (PrintError in French, and no file left)."""
    try:
        atomic_files.write_atomically(path, data)
    except atomic_files.FileWriteError as exc:
        raise PrintError("pdf_not_written", _why(exc.os_error, path)) from exc


def _why(exc: OSError, path: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return Text(
            "Reçu PDF non enregistré : le disque est plein ({folder}). Libérez de la place "
            "puis recommencez ; aucun fichier incomplet n'a été laissé.",
            folder=path.parent,
        )
    if exc.errno == errno.ENOENT:
        return Text(
            "Reçu PDF non enregistré : le dossier {folder} n'existe pas. Choisissez un autre "
            "dossier.",
            folder=path.parent,
        )
    if isinstance(exc, IsADirectoryError):
        return Text(
            "Reçu PDF non enregistré : {path} est un dossier. Donnez un nom de fichier.",
            path=path,
        )
    return Text(
        "Reçu PDF non enregistré : impossible d'écrire dans {folder} (dossier protégé en "
        "écriture ?). Choisissez un autre dossier ; aucun fichier incomplet n'a été laissé.",
        folder=path.parent,
    )
