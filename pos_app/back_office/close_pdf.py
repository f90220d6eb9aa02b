"""A close (Z report) as an A4 PDF for the partner's accountant (reportlab)."""

from __future__ import annotations

from collections.abc import Mapping

from pos_app.back_office.pdf_layout import euros, render_pdf
from pos_app.domain.close_report import NO_OPERATOR, item_label, labels, period_label, title
from pos_app.domain.closes import Close, CloseKind, Totals
from pos_app.domain.model import Partner
from pos_app.domain.schemes import Scheme


def close_pdf(close: Close, partner: Partner, schemes: Mapping[str, Scheme]) -> bytes:
    from zoneinfo import ZoneInfo

    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    grid = TableStyle(
        [
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
            ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf0")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa3ab")),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    head = styles["BodyText"].clone("head", fontName="Helvetica-Bold", fontSize=8, leading=10)
    header = [
        Paragraph(text, head)
        for text in (
            "",
            "Ventes",
            "Annulations",
            "Payé par les avantages",
            "Prix publics",
            "Payé en complément",
        )
    ]

    def row(label: object, totals: Totals) -> list[object]:
        return [
            label,
            str(totals.sales),
            str(totals.voids),
            euros(totals.benefit_cents),
            euros(totals.price_cents),
            euros(totals.complement_cents),
        ]

    widths = [62 * mm, 16 * mm, 22 * mm, 26 * mm, 24 * mm, 24 * mm]
    local = close.closed_at.astimezone(ZoneInfo(close.time_zone))
    story: list[object] = [
        Paragraph(f"{title(close)} — {period_label(close)}", styles["Title"]),
        Paragraph(
            f"<b>{_escape(partner.name)}</b>"
            + (f" — SIRET {partner.siret}" if partner.siret else "")
            + (f"<br/>{_escape(partner.address)}" if partner.address else ""),
            styles["BodyText"],
        ),
        Paragraph(
            f"Faite le {local:%d/%m/%Y à %H:%M} (fuseau {close.time_zone}). "
            "Montants nets : ventes moins annulations.",
            styles["BodyText"],
        ),
        Spacer(1, 4 * mm),
    ]
    summary = [
        header,
        row("Total de la période", close.totals),
        row("Grand total perpétuel", close.grand_total),
    ]
    story += [Table(summary, colWidths=widths, style=grid), Spacer(1, 3 * mm)]
    facts = [
        ["En attente d'envoi à la Région", str(close.pending)],
        [
            "Refusées par la Région",
            f"{close.rejected} ({euros(close.rejected_cents)})"
            if close.rejected
            else str(close.rejected),
        ],
    ]
    if close.kind is not CloseKind.DAY:
        facts.append(["Clôtures journalières additionnées", str(close.days)])
    if close.first_seq is None:
        facts.append(["Écritures couvertes", "aucune"])
    else:
        facts += [
            ["Première écriture", f"n° {close.first_seq} — {close.first_txn}"],
            ["Dernière écriture", f"n° {close.last_seq} — {close.last_txn}"],
        ]
    fact_style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
            ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 9),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa3ab")),
        ]
    )
    story += [Table(facts, colWidths=[62 * mm, 112 * mm], style=fact_style), Spacer(1, 5 * mm)]

    story.append(Paragraph("Par dispositif, avantage et article", styles["Heading3"]))
    items = [[Paragraph("Dispositif / avantage / article", head), *header[1:]]]
    for (scheme_id, category_id, item_kind), totals in close.by_item():
        scheme_name, benefit = labels(schemes, scheme_id, category_id)
        label = Paragraph(
            f"{_escape(scheme_name)}<br/>{_escape(benefit)} — "
            f"{_escape(item_label(schemes, scheme_id, item_kind))}",
            small,
        )
        items.append(row(label, totals))
    if len(items) == 1:
        items.append(["Aucune opération", "", "", "", "", ""])
    story += [Table(items, colWidths=widths, style=grid, repeatRows=1), Spacer(1, 5 * mm)]

    story.append(Paragraph("Par caissier", styles["Heading3"]))
    operators = [[Paragraph("Caissier / avantage / article", head), *header[1:]]]
    for operator, totals in close.by_operator():
        operators.append(
            row(Paragraph(f"<b>{_escape(operator or NO_OPERATOR)}</b>", small), totals)
        )
        for line in close.lines:
            if line.operator == operator:
                _, benefit = labels(schemes, line.scheme_id, line.category_id)
                label = f"{benefit} — {item_label(schemes, line.scheme_id, line.item_kind)}"
                operators.append(
                    row(Paragraph("&nbsp;&nbsp;" + _escape(label), small), line.totals)
                )
    if len(operators) == 1:
        operators.append(["Aucune opération", "", "", "", "", ""])
    story += [Table(operators, colWidths=widths, style=grid, repeatRows=1), Spacer(1, 6 * mm)]
    story.append(
        Paragraph(
            "Clôture inaltérable, chaînée à la précédente. Empreinte SHA-256 : "
            f"{close.hash}<br/>Précédente : {close.previous_hash}",
            small,
        )
    )
    return render_pdf(
        story,
        title=f"{title(close)} — {partner.name}",
        author=partner.name,
        subject=period_label(close),
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
