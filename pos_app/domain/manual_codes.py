"""The short code printed on every support, for when nothing scans (seed 002: "saisir le code
du jeune inscrit sur un de ses supports").

Twelve digits, shown as three groups of four, the last being a Damm check digit: Damm catches
every single wrong digit and every swap of two neighbours, the two typos a cashier makes at a
keypad. The snapshot does not list the codes themselves but a keyed hash of each, so a stolen
till gives no list of valid codes to try at another counter.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from types import ModuleType

from pos_app.domain.text import Text

DIGITS = 12
_SEPARATORS = re.compile(r"[\s\-.]")


def _damm() -> ModuleType:
    """python-stdnum's Damm check digit, imported on first use: `stdnum` loads its `util` module
    (ssl and more, ≈ 8 ms), which the window's start does not need."""
    from stdnum import damm

    return damm


def preload() -> None:
    """Import the check-digit code now (the window does it off the GUI thread once it is on
    screen), so the first typed code does not pay the import."""
    _damm()


class ManualCodeError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def looks_typed(text: str) -> bool:
    """Digits grouped by hand, or about twelve of them: a typed code, not a scanned payload.

    A product barcode (EAN-13, EAN-8) scanned by mistake is not taken for a typo'd code: it
    is refused as "not an Atouts code", which tells the cashier what happened.
    """
    stripped = text.strip()
    cleaned = _SEPARATORS.sub("", stripped)
    if not (cleaned and cleaned.isascii() and cleaned.isdigit()):
        return False
    return cleaned != stripped or 9 <= len(cleaned) <= DIGITS


def with_check_digit(eleven_digits: str) -> str:
    return eleven_digits + _damm().calc_check_digit(eleven_digits)


def normalise(text: str) -> str:
    """The twelve digits of a typed code, or a French reason it cannot be one."""
    digits = _SEPARATORS.sub("", text)
    if not (digits.isascii() and digits.isdigit()) or len(digits) != DIGITS:
        raise ManualCodeError(
            "manual_code_length",
            Text(
                "Le code imprimé sur le support a {digits} chiffres ({typed} saisis) : "
                "vérifiez la saisie.",
                digits=DIGITS,
                typed=len(digits),
            ),
        )
    if not _damm().is_valid(digits):
        raise ManualCodeError(
            "manual_code_typo",
            Text(
                "Code mal saisi : le chiffre de contrôle ne correspond pas. Vérifiez chaque "
                "chiffre."
            ),
        )
    return digits


def display(digits: str) -> str:
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def keyed_hash(salt: bytes, text: str) -> str:
    """What the snapshot lists for a typed code or a support serial: a keyed hash (the salt
    comes with the snapshot), never the value itself, as the EU certificate revocation lists."""
    return hmac.new(salt, text.encode("utf-8"), hashlib.sha256).hexdigest()[:24]
