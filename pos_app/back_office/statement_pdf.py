"""The reimbursement statement as a PDF the partner's accountant files: every period with what
the till recorded, what the Region counted, paid and refused, a chart of those amounts, and
each transaction that differs with why."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pos_app.back_office.pdf_layout import euros, pdf_text, styles, table, write_pdf
from pos_app.back_office.reimbursements import (
    BATCH_WORDS,
    PeriodView,
    Reimbursements,
    difference_text,
    payment_gap_text,
)
from pos_app.domain.reconciliation import Difference
from pos_app.domain.text import Text
from pos_app.services import INPUT_ERROR, Till, TillError

CHART_PERIODS = 24
"""At most this many periods in the chart (the newest): beyond, the bars are unreadable."""


def write_statement_pdf(till: Till, path: Path, period_key: str | None = None) -> Path:
    views = Reimbursements(till).periods()
    if period_key is not None:
        views = [view for view in views if view.key == period_key]
    if not views:
        raise TillError(
            "nothing_to_state",
            Text("Aucune période à relever pour cette caisse.")
            if period_key is None
            else Text("Période inconnue : {key}.", key=period_key),
            INPUT_ERROR,
        )
    with till.operation():
        device = till.store.device()
    assert device is not None
    partner = device.partner
    now = till.now()
    story = _story(till, views, partner, device.device_id, now)
    return write_pdf(path, story, f"Relevé des remboursements — {partner.name}", partner.name)


def _story(till: Till, views: list[PeriodView], partner: Any, device_id: str, now: datetime):
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    style = styles()
    first, last = views[0].check.period, views[-1].check.period
    story: list[Any] = [
        Paragraph("Relevé des remboursements Atouts", style["title"]),
        Paragraph(
            pdf_text(
                f"{partner.name} — SIRET {partner.siret or 'non renseigné'} — partenaire "
                f"n° {partner.id} — caisse {device_id}"
            ),
            style["body"],
        ),
        Paragraph(pdf_text(partner.address), style["body"]),
        Paragraph(
            pdf_text(
                f"Du {first.start:%d/%m/%Y} au {last.end:%d/%m/%Y} ; établi le "
                f"{now:%d/%m/%Y à %H:%M} d'après le registre de la caisse et les relevés "
                "signés de la Région."
            ),
            style["small"],
        ),
        Spacer(1, 4 * mm),
        _summary(views),
        Spacer(1, 5 * mm),
        Paragraph("Montants par période", style["h2"]),
        _chart(views[-CHART_PERIODS:]),
    ]
    for view in views:
        if view.check.differences or view.check.payment_gap_cents or view.dispute:
            story += _period_details(till, view, style)
    return story


def _summary(views: list[PeriodView]) -> Any:
    from reportlab.lib.units import mm

    rows = [["Période", "Statut", "Caisse", "Compté", "Refusé", "Payé", "Écart", "Virement"]]
    totals = [0, 0, 0, 0, 0]
    for view in views:
        check = view.check
        batch = check.batch
        refused = check.refused_cents
        paid = check.paid_cents
        rows.append(
            [
                pdf_text(check.period.label),
                pdf_text(view.state_text),
                euros(check.till_cents),
                euros(check.region_cents),
                euros(refused),
                euros(paid),
                euros(check.gap_cents) if check.gap_cents else "",
                batch.transfer_ref if batch else "",
            ]
        )
        for index, value in enumerate(
            (check.till_cents, check.region_cents, refused, paid or 0, check.gap_cents)
        ):
            totals[index] += value
    rows.append(["Total", "", *(euros(value) for value in totals), ""])
    widths = [m * mm for m in (36, 14, 19, 19, 17, 19, 17, 33)]
    return table(_wrapped(rows), widths, numeric_from=2, numeric_to=6)


def _wrapped(rows: list[list[str]]) -> list[list[Any]]:
    """The period and the transfer reference wrap inside their cells (never over a neighbour)."""
    from reportlab.platypus import Paragraph

    cell = styles()["cell"]
    return [rows[0]] + [
        [Paragraph(row[0], cell), *row[1:-1], Paragraph(pdf_text(row[-1]), cell)]
        for row in rows[1:]
    ]


def _chart(views: list[PeriodView]) -> Any:
    """Grouped bars: counted, paid, refused, in euros, one group per period."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    drawing = Drawing(174 * mm, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 12 * mm
    # A few periods get narrow groups, not bars as wide as the page.
    chart.width, chart.height = min(150, 24 + 21 * len(views)) * mm, 42 * mm
    counted = [view.check.region_cents / 100 for view in views]
    paid = [(view.check.paid_cents or 0) / 100 for view in views]
    refused = [view.check.refused_cents / 100 for view in views]
    chart.data = [counted, paid, refused]
    chart.categoryAxis.categoryNames = [view.key for view in views]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 30 if len(views) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(views) > 8 else "n"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda value: f"{value:,.0f} €".replace(",", "\u00a0")
    palette = (colors.HexColor("#2f6f9f"), colors.HexColor("#3a9b5c"), colors.HexColor("#c0392b"))
    for index, colour in enumerate(palette):
        chart.bars[index].fillColor = colour
        chart.bars[index].strokeColor = None
    chart.barSpacing = 0.5
    chart.groupSpacing = 6
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 16 * mm, 60 * mm
    legend.fontName, legend.fontSize = "Helvetica", 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 40 * mm
    legend.colorNamePairs = list(
        zip(palette, ("Compté par la Région", "Payé", "Refusé"), strict=True)
    )
    drawing.add(legend)
    return drawing


def _period_details(till: Till, view: PeriodView, style: dict[str, Any]) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph

    check = view.check
    batch = check.batch
    scheme = till.schemes[check.scheme_id]
    parts: list[Any] = [
        Paragraph(pdf_text(f"{check.period.label} — {scheme.name}"), style["h2"]),
    ]
    if batch is not None:
        paid = (
            f", payé {euros(batch.paid_cents)} le {batch.paid_on:%d/%m/%Y}" if batch.paid_on else ""
        )
        parts.append(
            Paragraph(
                pdf_text(
                    f"Lot {batch.id} : {Text(BATCH_WORDS[batch.status])}, compté "
                    f"{euros(batch.counted_cents)}{paid}"
                    + (f", virement {batch.transfer_ref}" if batch.transfer_ref else "")
                    + "."
                ),
                style["body"],
            )
        )
    if check.payment_gap_cents:
        parts.append(Paragraph(pdf_text(payment_gap_text(check.payment_gap_cents)), style["body"]))
    later = [d for d in check.differences if d.difference is Difference.COUNTED_LATER]
    listed = [d for d in check.differences if d.difference is not Difference.COUNTED_LATER]
    if later:
        parts.append(
            Paragraph(
                pdf_text(
                    f"{len(later)} transaction(s) de la période, arrivée(s) en retard à la "
                    f"Région, comptée(s) dans un lot suivant pour "
                    f"{euros(sum(d.region_cents for d in later))} : rien à réclamer."
                ),
                style["body"],
            )
        )
    if listed:
        rows = [["Référence", "Date", "Caisse", "Région", "Écart", "Constat"]]
        cell = style["cell"]
        words: dict[tuple[Difference, str], Any] = {}
        for line in listed:
            local = line.created_at.astimezone(scheme.zone)
            if (line.difference, line.reason) not in words:
                words[line.difference, line.reason] = Paragraph(
                    pdf_text(difference_text(line)), cell
                )
            rows.append(
                [
                    line.txn_id,
                    f"{local:%d/%m/%Y %H:%M}",
                    euros(line.till_cents),
                    euros(line.region_cents),
                    euros(line.gap_cents) if line.gap_cents else "",
                    words[line.difference, line.reason],
                ]
            )
        parts.append(
            table(rows, [m * mm for m in (57, 24, 17, 17, 17, 42)], numeric_from=2, numeric_to=4)
        )
    if view.dispute is not None:
        parts.append(Paragraph(pdf_text(view.dispute.message), style["body"]))
    if len(parts) > 4:  # a long list of transactions flows over pages
        return parts
    return [KeepTogether(parts)]
