"""The dispute letter, ready to send by registered post (seeds 000 and 001 §4.3.2): the partner,
its SIRET, the period, the transfer, the transactions in question and the amounts.

Offered only while the dispute is admissible: past the deadline the till says the claim would be
inadmissible instead of writing a letter the Region would reject.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pos_app.back_office.pdf_layout import euros, pdf_text, styles, table, write_pdf
from pos_app.back_office.reimbursements import PeriodView, Reimbursements, difference_text
from pos_app.domain.disputes import DisputeState
from pos_app.domain.reconciliation import WRONG, Difference
from pos_app.domain.text import Text
from pos_app.services import REFUSAL, Till, TillError


def write_dispute_letter(
    till: Till, path: Path, period_key: str, scheme_id: str | None = None
) -> Path:
    view = Reimbursements(till).period(period_key, scheme_id)
    dispute = view.dispute
    if dispute is None:
        raise TillError(
            "nothing_to_dispute",
            Text(
                "Rien à contester pour {period} : la Région n'a pas encore payé, ou a payé ce "
                "que la caisse a enregistré.",
                period=view.check.period.label,
            ),
            REFUSAL,
        )
    if dispute.state is DisputeState.CLOSED:
        raise TillError("dispute_closed", dispute.message, REFUSAL)
    with till.operation():
        device = till.store.device()
    assert device is not None
    story = _letter(till, view, device.partner, device.device_id)
    return write_pdf(path, story, f"Contestation — {view.key}", device.partner.name)


def _letter(till: Till, view: PeriodView, partner: Any, device_id: str) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    style = styles()
    check = view.check
    batch = check.batch
    dispute = view.dispute
    assert batch is not None and dispute is not None and batch.paid_on is not None
    scheme = till.schemes[check.scheme_id]
    today = till.now().astimezone(scheme.zone).date()
    town = partner.address.rsplit(",", 1)[-1].strip().split(" ", 1)[-1] if partner.address else ""
    addressee = scheme.dispute_address or f"Région {scheme.region}, service des remboursements"
    lines = [
        "<br/>".join(
            pdf_text(part)
            for part in (
                partner.name,
                *partner.address.split(", "),
                f"SIRET {partner.siret}" if partner.siret else "SIRET : à compléter",
                f"Partenaire n° {partner.id}",
            )
            if part
        ),
    ]
    story: list[Any] = [Paragraph(lines[0], style["body"]), Spacer(1, 6 * mm)]
    story.append(
        Paragraph(
            "<br/>".join(pdf_text(part) for part in addressee.split(", ")),
            _right(style["body"]),
        )
    )
    story += [
        Spacer(1, 6 * mm),
        Paragraph(
            pdf_text(f"{town + ', ' if town else ''}le {today:%d/%m/%Y}"), _right(style["body"])
        ),
        Spacer(1, 4 * mm),
        Paragraph("<b>Lettre recommandée avec accusé de réception</b>", style["body"]),
        Paragraph(
            "<b>Objet :</b> "
            + pdf_text(
                f"contestation du montant du remboursement — {scheme.name} — "
                f"{check.period.label} — virement {batch.transfer_ref or batch.id}"
            ),
            style["body"],
        ),
        Spacer(1, 4 * mm),
        Paragraph("Madame, Monsieur,", style["body"]),
        Spacer(1, 2 * mm),
        Paragraph(
            pdf_text(
                f"Par le virement {batch.transfer_ref or '(sans référence)'} du "
                f"{batch.paid_on:%d/%m/%Y}"
                + (f", reçu le {dispute.received_on:%d/%m/%Y}" if dispute.confirmed else "")
                + ", la Région "
                f"nous a versé {euros(batch.paid_cents)} au titre de la période "
                f"{check.period.label} (du {check.period.start:%d/%m/%Y} au "
                f"{check.period.end:%d/%m/%Y}), lot {batch.id}. Le registre de notre caisse "
                f"Atouts (caisse {device_id}) enregistre pour cette période "
                f"{euros(check.till_cents)}, dont la Région a compté {euros(check.region_cents)}."
                + (
                    f" L'écart en notre défaveur est de {euros(check.gap_cents)}."
                    if check.gap_cents > 0
                    else ""
                )
                + (
                    f" La Région a refusé {euros(check.refused_cents)}."
                    if check.refused_cents
                    else ""
                )
            ),
            style["body"],
        ),
        Spacer(1, 2 * mm),
        Paragraph(
            pdf_text(
                "Conformément à l'article 4.3.2 du règlement du dispositif, nous contestons ce "
                f"montant dans les {scheme.dispute_delay_days} jours suivant sa réception"
                + (f" (au plus tard le {dispute.deadline:%d/%m/%Y})" if dispute.deadline else "")
                + ". Les transactions en cause sont les suivantes :"
            ),
            style["body"],
        ),
        Spacer(1, 2 * mm),
    ]
    story.append(_transactions(view, scheme, style))
    if check.payment_gap_cents:
        story.append(
            Paragraph(
                pdf_text(
                    f"De plus, le lot compte {euros(batch.counted_cents)} mais le virement est "
                    f"de {euros(batch.paid_cents)} : écart de {euros(check.payment_gap_cents)}."
                ),
                style["body"],
            )
        )
    story += [
        Spacer(1, 3 * mm),
        Paragraph(
            pdf_text(
                "Nous vous remercions de bien vouloir examiner ces transactions et procéder à la "
                "régularisation du remboursement. Le détail de chaque transaction (date, heure, "
                "montant, référence) est à votre disposition."
            ),
            style["body"],
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
            style["body"],
        ),
        Spacer(1, 14 * mm),
        Paragraph(pdf_text(f"Pour {partner.name}, nom, qualité et signature :"), style["body"]),
    ]
    return story


def _transactions(view: PeriodView, scheme: Any, style: dict[str, Any]) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    cell = style["cell"]
    rows: list[list[Any]] = [["Référence", "Date", "Caisse", "Région", "Écart", "Constat"]]
    for line in view.check.differences:
        if line.difference not in WRONG and line.difference is not Difference.REFUSED:
            continue
        local = line.created_at.astimezone(scheme.zone)
        rows.append(
            [
                Paragraph(pdf_text(line.txn_id), cell),
                f"{local:%d/%m/%Y %H:%M}",
                euros(line.till_cents),
                euros(line.region_cents),
                euros(line.gap_cents),
                Paragraph(pdf_text(difference_text(line)), cell),
            ]
        )
    if len(rows) == 1:
        rows.append(["—", "", "", "", "", Paragraph("écart de paiement seulement", cell)])
    return table(rows, [m * mm for m in (40, 26, 17, 17, 17, 57)], numeric_from=2, numeric_to=4)


def _right(base: Any) -> Any:
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{base.name}-right", parent=base, alignment=TA_RIGHT)
