"""The NUMÉRISAK deposit slip (bordereau de dépôt) as the PDF the retailer hands in with its
vouchers: the partner, its SIRET and address, the deposit's number and date, one line per
voucher (serial, anti-theft label, PC serial, date of sale, amount), the total, a place for the
Region's stamp and signature, and — once the Region answered — its acknowledgement of each
voucher ("accusé de réception de la Région")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pos_app.back_office.pdf_layout import euros, pdf_text, styles, table
from pos_app.domain.claims import LineStatus, Slip, SlipState
from pos_app.domain.model import Partner
from pos_app.domain.periods import local_day
from pos_app.domain.schemes import Scheme


def slip_story(
    slip: Slip, partner: Partner, device_id: str, schemes: Mapping[str, Scheme]
) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    style = styles()
    scheme_ids = {line.sale.scheme_id for line in slip.lines}
    scheme = next((schemes[sid] for sid in sorted(scheme_ids) if sid in schemes), None)
    totals = slip.totals
    answered = slip.state is not SlipState.WAITING
    made = slip.made_at.astimezone(scheme.zone) if scheme else slip.made_at
    story: list[Any] = [
        Paragraph("Bordereau de dépôt des bons NUMÉRISAK", style["title"]),
        Paragraph(
            pdf_text(
                f"Demande de remboursement — {scheme.name if scheme else 'NUMÉRISAK'}"
                + (f" — Région {scheme.region}" if scheme else "")
            ),
            style["body"],
        ),
        Spacer(1, 4 * mm),
        _two_columns(
            [
                f"<b>{pdf_text(partner.name)}</b>",
                *(pdf_text(part) for part in partner.address.split(", ") if part),
                pdf_text(f"SIRET {partner.siret}" if partner.siret else "SIRET : à compléter"),
                pdf_text(f"Partenaire n° {partner.id} — caisse {device_id}"),
            ],
            [
                f"<b>Dépôt n° {pdf_text(slip.deposit_id)}</b>",
                pdf_text(f"Remis à la Région le {slip.handed_in:%d/%m/%Y}"),
                pdf_text(
                    f"Établi le {made:%d/%m/%Y à %H:%M}"
                    + (f" par {slip.operator}" if slip.operator else "")
                ),
                pdf_text(f"{totals.vouchers} bon(s) — montant demandé {euros(totals.total_cents)}"),
            ],
            style,
        ),
        Spacer(1, 5 * mm),
        _lines(slip, schemes, style, answered),
        Spacer(1, 2 * mm),
        Paragraph(
            pdf_text(
                "L'étiquette antivol porte le numéro du bon : la caisse l'a vérifié à la vente, "
                "avant de remettre le PC. Les bons originaux sont joints à ce bordereau."
            ),
            style["small"],
        ),
    ]
    story += [
        Spacer(1, 5 * mm),
        _acknowledgement(slip, totals, style, scheme.zone if scheme else None),
    ]
    story += [
        Spacer(1, 6 * mm),
        KeepTogether(
            [
                Paragraph("Cadre réservé à la Région", style["h2"]),
                _stamp_box(slip, style),
            ]
        ),
        Spacer(1, 8 * mm),
        Paragraph(
            pdf_text(
                f"Pour {partner.name}, le ____ / ____ / ________, nom, qualité et signature :"
            ),
            style["body"],
        ),
    ]
    return story


def _two_columns(left: list[str], right: list[str], style: dict[str, Any]) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    made = Table(
        [
            [
                Paragraph("<br/>".join(left), style["body"]),
                Paragraph("<br/>".join(right), style["body"]),
            ]
        ],
        colWidths=[92 * mm, 82 * mm],
    )
    made.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    )
    return made


def _lines(slip: Slip, schemes: Mapping[str, Scheme], style: dict[str, Any], answered: bool) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    cell = style["cell"]
    header = ["N°", "N° du bon", "Étiquette antivol", "N° de série du PC", "Vendu le", "Montant"]
    if answered:
        header.append("Accusé de la Région")
    rows: list[list[Any]] = [header]
    for position, line in enumerate(slip.lines, start=1):
        sale = line.sale
        scheme = schemes.get(sale.scheme_id)
        sold = local_day(scheme, sale.sold_at) if scheme else sale.sold_at.date()
        row: list[Any] = [
            str(position),
            Paragraph(pdf_text(sale.voucher_serial), cell),
            Paragraph(pdf_text(sale.label), cell),
            Paragraph(pdf_text(sale.equipment_serial or "—"), cell),
            f"{sold:%d/%m/%Y}",
            euros(sale.amount_cents),
        ]
        if answered:
            row.append(Paragraph(pdf_text(line.status_text), cell))
        rows.append(row)
    total = ["", Paragraph(f"<b>Total : {len(slip.lines)} bon(s)</b>", cell), "", "", "",
             euros(slip.totals.total_cents)]  # fmt: skip
    if answered:
        total.append("")
    rows.append(total)
    widths = (10, 36, 36, 36, 26, 30) if not answered else (7, 28, 28, 28, 19, 20, 44)
    return table(rows, [w * mm for w in widths], numeric_from=5, numeric_to=5)


def _acknowledgement(slip: Slip, totals: Any, style: dict[str, Any], zone: Any) -> Any:
    from reportlab.platypus import KeepTogether, Paragraph

    title = Paragraph("Accusé de réception de la Région", style["h2"])
    if slip.state is SlipState.WAITING:
        body = (
            "Pas encore reçu : la caisse envoie ce bordereau à la Région à la prochaine "
            "synchronisation, puis note l'accusé de la Région pour chaque bon."
        )
        if slip.error:
            body += f" Dernier essai : {slip.error}"
        return KeepTogether([title, Paragraph(pdf_text(body), style["body"])])
    when = slip.answered_at
    if when is not None and zone is not None:
        when = when.astimezone(zone)
    answered = when.strftime("%d/%m/%Y à %H:%M") if when else "—"
    if slip.state is SlipState.REFUSED:
        body = f"Réponse reçue le {answered} : bordereau refusé. {slip.error}"
        return KeepTogether([title, Paragraph(pdf_text(body), style["body"])])
    parts = [
        f"Réponse de la Région reçue par la caisse le {answered}.",
        f"{totals.accepted} bon(s) accepté(s) pour {euros(totals.accepted_cents)}",
    ]
    if totals.refused:
        parts[-1] += f", {totals.refused} refusé(s) pour {euros(totals.refused_cents)}"
    parts[-1] += "."
    if slip.batch_ids:
        parts.append(
            f"Lot de remboursement de la Région : {', '.join(slip.batch_ids)} (relevé signé "
            "par la Région, suivi dans « atouts-pos reimbursements »)."
        )
    refused = [line for line in slip.lines if line.status is LineStatus.REFUSED]
    body = " ".join(parts)
    items = [title, Paragraph(pdf_text(body), style["body"])]
    if refused:
        items.append(
            Paragraph(
                pdf_text(
                    "Refusés : "
                    + " ; ".join(
                        f"{line.sale.voucher_serial} ({line.reason_text})" for line in refused
                    )
                    + "."
                ),
                style["body"],
            )
        )
    return KeepTogether(items)


def _stamp_box(slip: Slip, style: dict[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    left = Paragraph(
        "<br/>".join(
            [
                pdf_text(f"Bordereau {slip.deposit_id} — {len(slip.lines)} bon(s) listé(s)"),
                "",
                pdf_text("Bons reçus le : ____ / ____ / ________    Nombre reçu : ______"),
                "",
                pdf_text("Nom et qualité de l'agent :"),
                "",
                "",
                pdf_text("Signature :"),
            ]
        ),
        style["body"],
    )
    right = Paragraph(pdf_text("Cachet du service NUMÉRISAK de la Région"), style["small"])
    made = Table([[left, right]], colWidths=[104 * mm, 70 * mm], rowHeights=[42 * mm])
    made.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#4a555c")),
                ("LINEBEFORE", (1, 0), (1, 0), 0.4, colors.HexColor("#9aa5ad")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return made
