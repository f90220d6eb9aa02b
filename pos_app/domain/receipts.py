"""The receipt a cashier offers after a sale or a void: what the young person paid with what.

Plain lines, so the window can show them, a ticket printer can print them and a PDF can lay
them out. The receipt names the benefit, the amounts and the till, never the beneficiary's
birth date or support serial (a receipt gets left on counters); the holder's name appears only
as the initial of the family name.
"""

from __future__ import annotations

from collections.abc import Mapping

from pos_app.domain.model import Partner, Transaction, TxnKind
from pos_app.domain.money import format_euros
from pos_app.domain.schemes import Scheme

WIDTH = 40
"""Characters per line: a 58 mm ticket printer's width in its standard font."""


def _row(left: str, right: str) -> str:
    space = max(1, WIDTH - len(left) - len(right))
    return f"{left}{' ' * space}{right}"


def short_name(holder_name: str) -> str:
    """First name and the family name's initial: all a receipt or an export shows."""
    first, *rest = holder_name.split() or [""]
    return f"{first} {rest[-1][0]}." if rest else first


def receipt_lines(
    transaction: Transaction, partner: Partner, schemes: Mapping[str, Scheme]
) -> list[str]:
    scheme = schemes.get(transaction.scheme_id)
    category = scheme.category(transaction.category_id) if scheme else None
    benefit = category.label if category else transaction.category_id
    local = transaction.created_at.astimezone(scheme.zone) if scheme else transaction.created_at
    voided = transaction.kind is TxnKind.VOID
    lines = [
        partner.name[:WIDTH],
        "ANNULATION" if voided else "Ticket de paiement Atouts",
        f"{local:%d/%m/%Y %H:%M}",
        "-" * WIDTH,
        (scheme.name if scheme else transaction.scheme_id)[:WIDTH],
        benefit[:WIDTH],
    ]
    if transaction.holder_name:
        lines.append(f"Bénéficiaire : {short_name(transaction.holder_name)}"[:WIDTH])
    if scheme and transaction.item_kind and not voided:
        lines.append(scheme.item_label(transaction.item_kind)[:WIDTH])
    lines.append("-" * WIDTH)
    if voided:
        lines.append(_row("Rendu à l'avantage", format_euros(transaction.amount_cents)))
        if transaction.reason:
            lines.append(f"Motif : {transaction.reason}"[:WIDTH])
    else:
        lines.append(_row("Prix", format_euros(transaction.price_cents)))
        lines.append(_row("Payé par l'avantage", format_euros(transaction.amount_cents)))
        if transaction.forfeited_cents:
            lines.append(
                _row("Part du bon non utilisée", format_euros(transaction.forfeited_cents))
            )
        lines.append(_row("Reste à payer", format_euros(transaction.complement_cents)))
    lines.append("-" * WIDTH)
    if transaction.operator:
        lines.append(f"Caisse tenue par {transaction.operator}"[:WIDTH])
    lines += ["Référence :", transaction.id[:WIDTH]]
    return lines
