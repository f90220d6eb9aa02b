"""Money in integer cents, and amounts as a French cashier types them.

Floats never hold money here: "12,50" becomes 1250 by string arithmetic, so that no rounding
error can ever take or give a cent that the Region will not reimburse.
"""

from __future__ import annotations

import re
from typing import NewType

from pos_app.domain.text import Euros, Text

Cents = NewType("Cents", int)

MAX_CHARGE_CENTS = Cents(1_000_000)
"""No single till charge exceeds 10 000 €: the largest benefit is 350 €, so more is a typo."""

_AMOUNT = re.compile(
    r"""^\s*
    (?P<euros>[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)?   # 12 or 1 234
    (?:[.,](?P<cents>[0-9]{1,2}))?                              # ,5 or .50
    \s*(?:€|eur|euros?)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


class AmountError(ValueError):
    """An amount the till must not record; `message` is French, for the cashier."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_amount(text: str) -> Cents:
    """Read "12,50", "12.50", "12,5 €", "1 234,00" as cents; refuse anything else.

    A dot is a thousands separator only beside a decimal comma ("1.234,50"); alone it is a
    decimal point ("12.50"), so "1.500" is refused as ambiguous rather than read as 1 500 €.
    """
    cleaned = text.strip()
    if cleaned.startswith(("-", "−")):
        raise AmountError("amount_negative", Text("Le montant ne peut pas être négatif."))
    if "," in cleaned and "." in cleaned:
        # "1.234,50": the dots group thousands, the comma is the decimal mark.
        cleaned = cleaned.replace(".", " ")
    match = _AMOUNT.match(cleaned)
    if not cleaned or match is None or (match["euros"] is None and match["cents"] is None):
        raise AmountError(
            "amount_malformed",
            Text("Montant illisible : « {typed} ». Tapez par exemple 12,50.", typed=text.strip()),
        )
    euros_text = re.sub(r"[ \u00a0\u202f]", "", match["euros"] or "0")
    cents_text = (match["cents"] or "0").ljust(2, "0")
    cents = Cents(int(euros_text) * 100 + int(cents_text))
    if cents == 0:
        raise AmountError(
            "amount_zero", Text("Le montant doit être supérieur à {zero}.", zero=Euros(0))
        )
    if cents > MAX_CHARGE_CENTS:
        raise AmountError(
            "amount_absurd",
            Text("Montant trop élevé ({amount}) : vérifiez la saisie.", amount=Euros(cents)),
        )
    return cents


def format_euros(cents: int) -> str:
    """French display: 1234 → "12,34 €", with a narrow no-break space between thousands."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", "\u202f")
    return f"{sign}{grouped},{rest:02d}\u00a0€"
