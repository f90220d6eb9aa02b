"""A close (Z report) as plain lines: for the window, a ticket printer and the PDF.

`width` is the printer's characters per line (40 on a 58 mm printer in its standard font, 48
on an 80 mm one); no line is longer. Amounts are the benefit's net (sales minus voids), then
the public price and what beneficiaries paid on top. Scheme, benefit and item names are the
Region's, in French (like the receipts).
"""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from pos_app.domain.closes import Close, CloseKind, Totals
from pos_app.domain.model import Partner
from pos_app.domain.money import format_euros
from pos_app.domain.schemes import Scheme
from pos_app.domain.text import FRENCH_MONTHS

WIDTH = 40
NO_OPERATOR = "(sans caissier nommé)"


def title(close: Close) -> str:
    if close.kind is CloseKind.DAY:
        return f"Clôture journalière n° {close.number}"
    if close.kind is CloseKind.MONTH:
        return f"Clôture mensuelle n° {close.number}"
    return f"Clôture annuelle n° {close.number}"


def period_label(close: Close) -> str:
    if close.kind is CloseKind.DAY:
        return f"Journée du {close.day:%d/%m/%Y}"
    if close.kind is CloseKind.MONTH:
        year, month = close.period.split("-")
        return f"Mois de {FRENCH_MONTHS[int(month) - 1]} {year}"
    return f"Année {close.period}"


def _euros(cents: int) -> str:
    return format_euros(cents).replace("\u202f", " ")


def _row(left: str, right: str, width: int) -> str:
    left = left[: max(1, width - len(right) - 1)]
    return f"{left}{' ' * max(1, width - len(left) - len(right))}{right}"


def labels(schemes: Mapping[str, Scheme], scheme_id: str, category_id: str) -> tuple[str, str]:
    scheme = schemes.get(scheme_id)
    category = scheme.category(category_id) if scheme else None
    return (scheme.name if scheme else scheme_id, category.label if category else category_id)


def item_label(schemes: Mapping[str, Scheme], scheme_id: str, item_kind: str) -> str:
    scheme = schemes.get(scheme_id)
    return scheme.item_label(item_kind) if scheme else item_kind


def _totals(totals: Totals, width: int, indent: str = "") -> list[str]:
    return [
        _row(f"{indent}Ventes", str(totals.sales), width),
        _row(f"{indent}Annulations", str(totals.voids), width),
        _row(f"{indent}Payé par les avantages", _euros(totals.benefit_cents), width),
        _row(f"{indent}Prix publics", _euros(totals.price_cents), width),
        _row(f"{indent}Payé en complément", _euros(totals.complement_cents), width),
    ]


def _counts(totals: Totals) -> str:
    return f"{totals.sales} vente(s), {totals.voids} annul."


def close_lines(
    close: Close, partner: Partner, schemes: Mapping[str, Scheme], width: int = WIDTH
) -> list[str]:
    rule = "-" * width
    local = close.closed_at.astimezone(ZoneInfo(close.time_zone))
    lines = [
        partner.name[:width],
        *([f"SIRET {partner.siret}"[:width]] if partner.siret else []),
        title(close)[:width],
        period_label(close)[:width],
        f"Faite le {local:%d/%m/%Y à %H:%M}"[:width],
        f"Fuseau : {close.time_zone}"[:width],
        rule,
        "TOTAL DE LA PÉRIODE"[:width],
        *_totals(close.totals, width),
        _row("En attente d'envoi", str(close.pending), width),
        _row("Refusées par la Région", str(close.rejected), width),
    ]
    if close.rejected_cents:
        lines.append(_row("  montant refusé", _euros(close.rejected_cents), width))
    if close.kind is not CloseKind.DAY:
        lines.append(_row("Clôtures journalières", str(close.days), width))
    lines += [rule, "PAR DISPOSITIF, AVANTAGE ET ARTICLE"[:width]]
    last_scheme = last_benefit = None
    for (scheme_id, category_id, item_kind), totals in close.by_item():
        scheme_name, benefit = labels(schemes, scheme_id, category_id)
        if scheme_id != last_scheme:
            lines.append(scheme_name[:width])
            last_scheme, last_benefit = scheme_id, None
        if category_id != last_benefit:
            lines.append(f"  {benefit}"[:width])
            last_benefit = category_id
        lines.append(f"    {item_label(schemes, scheme_id, item_kind)}"[:width])
        lines.append(_row(f"    {_counts(totals)}", _euros(totals.benefit_cents), width))
    if not close.lines:
        lines.append("Aucune opération.")
    lines += [rule, "PAR OPÉRATEUR"[:width]]
    for operator, totals in close.by_operator():
        lines.append(_row(operator or NO_OPERATOR, _euros(totals.benefit_cents), width))
        lines.append(f"  {_counts(totals)}"[:width])
        for line in close.lines:
            if line.operator != operator:
                continue
            _, benefit = labels(schemes, line.scheme_id, line.category_id)
            lines.append(f"  {benefit}"[:width])
            lines.append(
                _row(
                    f"    {item_label(schemes, line.scheme_id, line.item_kind)}",
                    _euros(line.totals.benefit_cents),
                    width,
                )
            )
    if not close.lines:
        lines.append("Aucune opération.")
    lines += [rule, "GRAND TOTAL PERPÉTUEL"[:width], *_totals(close.grand_total, width), rule]
    if close.first_seq is None:
        lines.append("Aucune référence couverte."[:width])
    else:
        lines += [
            _row("Première écriture n°", str(close.first_seq), width),
            close.first_txn[:width],
            _row("Dernière écriture n°", str(close.last_seq), width),
            close.last_txn[:width],
        ]
    lines += ["Empreinte (SHA-256) :", *_wrap(close.hash, width)]
    return lines


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]
