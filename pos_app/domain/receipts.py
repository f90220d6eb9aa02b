"""The receipt a cashier offers after a sale or a void: what the young person paid with what.

One layout, a pure function of the ledger entry and the partner, made for a given number of
characters per line: the window shows it (`SCREEN_WIDTH`), a 58 or 80 mm ticket printer prints it
(`PAPER_COLUMNS`), a PDF and the system's printers lay it out in a fixed-pitch font. The
renderers (`pos_app/printing`, `pos_app/ui/receipt_printing.py`) add nothing but styles.

It carries what a French receipt carries: the seller's name, address and SIRET; a ticket number
without gaps (the ledger's sequence number of this till: each sale and each void has its own);
the till; the date and time to the minute in the scheme's time zone; the item; the price, what
the benefit paid and what is left for the beneficiary to pay by other means; the cashier. A
reprint says DUPLICATA. It never carries the beneficiary's birth date or a support's serial (a
receipt gets left on counters); the holder's name appears only with the family name's initial.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pos_app.domain.model import Partner, Transaction, TxnKind
from pos_app.domain.money import format_euros
from pos_app.domain.schemes import Scheme

SCREEN_WIDTH = 40
"""Characters per line in the window's receipt view."""
WIDTH = SCREEN_WIDTH
PAPER_COLUMNS = {58: 32, 80: 48}
"""Characters per line of a ticket printer in its standard font (Font A, 12 × 24 dots):
32 on 58 mm paper (384 dots), 48 on 80 mm paper (576 dots). (Font B gives 42 and 64, too small
to read comfortably; some older 80 mm printers, 512 dots wide, give 42: choose 58 mm for them
rather than have lines cut.)"""
MIN_WIDTH = 24


class Style(StrEnum):
    TITLE = "title"
    """Printed double width and height where the output can: at most `width // 2` characters."""
    BOLD = "bold"
    NORMAL = "normal"


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    text: str
    style: Style = Style.NORMAL


@dataclass(frozen=True, slots=True)
class Receipt:
    lines: tuple[ReceiptLine, ...]
    width: int
    ticket: int
    duplicate: bool

    def plain(self) -> list[str]:
        return [line.text for line in self.lines]


@dataclass(frozen=True, slots=True)
class TicketFacts:
    """What the ledger and the till add to a transaction for its receipt."""

    ticket: int
    """The ledger's sequence number of this entry at this till (without gaps)."""
    till_id: str
    """The device id the Region gave this till at its activation."""
    voided_ticket: int | None = None
    """For a void: the ticket number of the sale it cancels."""
    duplicate: bool = False
    """A receipt of this ticket was already issued: this one says DUPLICATA."""


def ticket_number(ticket: int) -> str:
    return f"{ticket:06d}"


def format_siret(siret: str) -> str:
    """14 digits as they are written on French documents: 901 122 333 00015."""
    digits = "".join(siret.split())
    if len(digits) != 14 or not digits.isdigit():
        return siret.strip()
    return f"{digits[:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"


def short_name(holder_name: str) -> str:
    """First name and the family name's initial: all a receipt or an export shows."""
    first, *rest = holder_name.split() or [""]
    return f"{first} {rest[-1][0]}." if rest else first


def _plain_spaces(text: str) -> str:
    """No-break spaces become spaces: the layout counts characters, a printer prints them."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


class _Lines:
    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[ReceiptLine] = []

    def add(
        self, text: str, style: Style = Style.NORMAL, *, center: bool = False, hyphens: bool = False
    ) -> None:
        limit = self.width // 2 if style is Style.TITLE else self.width
        text = _plain_spaces(text)
        for part in textwrap.wrap(text, limit, break_on_hyphens=hyphens) or [""]:
            self.lines.append(ReceiptLine(part.center(limit).rstrip() if center else part, style))

    def row(self, left: str, right: str, style: Style = Style.NORMAL) -> None:
        left, right = _plain_spaces(left), _plain_spaces(right)
        room = self.width - len(right) - 1
        if len(left) > room:  # the label wraps, the amount stays on the last line, right-aligned
            *first, left = textwrap.wrap(left, room) or [""]
            for part in first:
                self.lines.append(ReceiptLine(part, style))
        padding = " " * (self.width - len(left) - len(right))
        self.lines.append(ReceiptLine(left + padding + right, style))

    def rule(self) -> None:
        self.lines.append(ReceiptLine("-" * self.width))

    def blank(self) -> None:
        self.lines.append(ReceiptLine(""))


def receipt(
    transaction: Transaction,
    partner: Partner,
    schemes: Mapping[str, Scheme],
    facts: TicketFacts,
    *,
    width: int = SCREEN_WIDTH,
    euro_sign: str = "€",
) -> Receipt:
    """The receipt of one ledger entry, `width` characters per line at most. `euro_sign`:
    "EUR" for a printer that has no € (see `pos_app.printing.escpos_output`)."""
    width = max(MIN_WIDTH, width)

    def euros(cents: int) -> str:
        return format_euros(cents).replace("€", euro_sign)

    scheme = schemes.get(transaction.scheme_id)
    category = scheme.category(transaction.category_id) if scheme else None
    benefit = category.label if category else transaction.category_id
    local: datetime = (
        transaction.created_at.astimezone(scheme.zone) if scheme else transaction.created_at
    )
    voided = transaction.kind is TxnKind.VOID
    out = _Lines(width)

    out.add(partner.name.upper(), Style.TITLE, center=True)
    for part in (p.strip() for p in partner.address.split(",")):
        if part:
            out.add(part, center=True)
    if partner.siret:
        out.add(f"SIRET {format_siret(partner.siret)}", center=True)
    out.rule()
    out.add("ANNULATION" if voided else "Ticket de paiement Atouts", Style.BOLD, center=True)
    if facts.duplicate:
        out.add("*** DUPLICATA ***", Style.BOLD, center=True)
    out.add(f"Ticket n° {ticket_number(facts.ticket)}", Style.BOLD)
    if facts.till_id:
        out.add(f"Caisse : {facts.till_id}")
    out.add(f"Le {local:%d/%m/%Y} à {local:%H:%M}")
    if transaction.operator:
        out.add(f"Caissier : {transaction.operator}")
    out.rule()
    out.add(scheme.name if scheme else transaction.scheme_id)
    out.add(f"Avantage : {benefit}")
    if scheme and transaction.item_kind and not voided:
        out.add(f"Article : {scheme.item_label(transaction.item_kind)}")
    if transaction.equipment_serial and not voided:
        out.add(f"N° de série du matériel : {transaction.equipment_serial}")
    if transaction.holder_name:
        out.add(f"Bénéficiaire : {short_name(transaction.holder_name)}")
    out.rule()
    if voided:
        if facts.voided_ticket is not None:
            out.add(f"Annule le ticket n° {ticket_number(facts.voided_ticket)}")
        out.row("Rendu à l'avantage", euros(transaction.amount_cents), Style.BOLD)
        if transaction.reason:
            out.add(f"Motif : {transaction.reason}")
    else:
        out.row("Prix", euros(transaction.price_cents))
        out.row("Payé par l'avantage", euros(transaction.amount_cents))
        if transaction.forfeited_cents:
            out.row("Part du bon non utilisée", euros(transaction.forfeited_cents))
        out.row("Reste à payer", euros(transaction.complement_cents), Style.BOLD)
        if transaction.complement_cents:
            out.add("à régler par un autre moyen de paiement")
        else:
            out.add("Rien à payer en plus.")
    out.rule()
    out.add("Référence :")
    out.add(transaction.id, hyphens=True)  # cut at its dashes on 58 mm paper
    if facts.duplicate:
        out.add("*** DUPLICATA ***", Style.BOLD, center=True)
    return Receipt(tuple(out.lines), width, facts.ticket, facts.duplicate)


def receipt_lines(
    transaction: Transaction,
    partner: Partner,
    schemes: Mapping[str, Scheme],
    facts: TicketFacts | None = None,
    *,
    width: int = SCREEN_WIDTH,
) -> list[str]:
    """The receipt as plain lines (the window's view, the clipboard)."""
    return receipt(transaction, partner, schemes, facts or TicketFacts(0, ""), width=width).plain()


def trial_page(
    partner: Partner, till_id: str, local_now: datetime, *, width: int, euro_sign: str = "€"
) -> Receipt:
    """What the settings page's test print prints: the header a receipt will have, the paper's
    width in characters (a ruler shows whether lines are cut), accented letters and an amount."""
    width = max(MIN_WIDTH, width)
    out = _Lines(width)
    out.add(partner.name.upper() or "ATOUTS POS", Style.TITLE, center=True)
    for part in (p.strip() for p in partner.address.split(",")):
        if part:
            out.add(part, center=True)
    if partner.siret:
        out.add(f"SIRET {format_siret(partner.siret)}", center=True)
    out.rule()
    out.add("ESSAI D'IMPRESSION", Style.BOLD, center=True)
    out.add("Ceci n'est pas un reçu.", center=True)
    if till_id:
        out.add(f"Caisse : {till_id}")
    out.add(f"Le {local_now:%d/%m/%Y} à {local_now:%H:%M}")
    out.add(f"{width} caractères par ligne :")
    out.add(("1234567890" * (width // 10 + 1))[:width])
    out.add("Accents : é è ê à ç ô ù î ë")
    out.row("Montant", format_euros(1250).replace("€", euro_sign), Style.BOLD)
    out.rule()
    return Receipt(tuple(out.lines), width, 0, False)
