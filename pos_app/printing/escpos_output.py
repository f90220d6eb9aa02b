"""Receipts on ESC/POS ticket printers (58 and 80 mm) through python-escpos.

The receipt is first rendered on escpos's `Dummy` printer, into bytes: initialise, a fixed code
page, the title in bold at double size, the lines, a feed and a partial cut. Those bytes (the
ones the tests read) are then written to the device in one go, with a timeout at every step,
so a printer that is off, unplugged, out of paper or jammed costs the cashier a French message
after a few seconds, never a frozen counter (the window calls this off its GUI thread).

Characters: code page 850 (`ESC t 2`), the same number on every ESC/POS profile escpos knows,
which holds every French letter (é è ê à ç ô ù œ is written oe). It has no euro sign: amounts
are printed "12,50 EUR", as many French tickets do, rather than risk a wrong glyph on a printer
whose euro code page sits elsewhere (the layout is made with `euro_sign=EURO_SIGN`, so that
the longer amounts still fit the paper).

python-escpos is imported on first use (≈ 0.3 s): never while the window starts.
"""

from __future__ import annotations

import logging
from typing import Any

from pos_app.domain.receipts import Receipt, Style
from pos_app.domain.text import Text
from pos_app.printing.errors import PrintError
from pos_app.printing.target import PrinterTarget

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5.0
"""Longest a printer may take to accept the connection or the bytes."""
CODE_PAGE = "CP850"
EURO_SIGN = "EUR"
_CHARACTERS = {
    "€": "EUR",
    "œ": "oe",
    "Œ": "OE",
    "’": "'",
    "‘": "'",
    "«": '"',
    "»": '"',
    "—": "-",
    "–": "-",
    "…": "...",
    "\u00a0": " ",
    "\u202f": " ",
}


def printable(text: str) -> str:
    """The text with what code page 850 lacks spelt out (€ → EUR, œ → oe, dashes → -)."""
    for char, spelt in _CHARACTERS.items():
        text = text.replace(char, spelt)
    return text


def render(receipt: Receipt, printer: Any) -> None:
    """Write `receipt` on an escpos printer object (a `Dummy` in tests and before sending)."""
    printer.hw("INIT")
    printer.charcode(CODE_PAGE)
    printer.set_with_default()
    for line in receipt.lines:
        text = printable(line.text)
        if line.style is Style.TITLE:
            printer.set(bold=True, double_width=True, double_height=True)
            printer.textln(text)
            printer.set_with_default()
        elif line.style is Style.BOLD:
            printer.set(bold=True)
            printer.textln(text)
            printer.set(bold=False)
        else:
            printer.textln(text)
    printer.cut(mode="PART")


def receipt_bytes(receipt: Receipt) -> bytes:
    from escpos.printer import Dummy

    dummy = Dummy()
    render(receipt, dummy)
    return dummy.output


def _device(target: PrinterTarget) -> Any:
    from escpos import printer

    if target.kind == "network":
        return printer.Network(target.host, target.port, timeout=TIMEOUT_SECONDS)
    if target.kind == "usb":
        vendor, product = target.usb_ids  # pyusb's timeout is in milliseconds
        return printer.Usb(vendor, product, timeout=int(TIMEOUT_SECONDS * 1000))
    if target.kind == "serial":
        return printer.Serial(target.serial_device, target.baud, timeout=TIMEOUT_SECONDS)
    raise ValueError(target.kind)


def _unreachable(target: PrinterTarget) -> PrintError:
    hint = {
        "network": Text(
            "Vérifiez qu'elle est allumée, branchée au réseau et que son adresse n'a pas changé."
        ),
        "usb": Text(
            "Vérifiez qu'elle est allumée et branchée (câble USB), et que cette session a le "
            "droit d'y écrire (règle udev sous Linux)."
        ),
        "serial": Text("Vérifiez qu'elle est allumée, le câble série et le port choisi."),
    }[target.kind]
    return PrintError(
        "printer_unreachable",
        Text(
            "Imprimante de tickets {printer} injoignable : rien n'a été imprimé. {hint} La "
            "vente, elle, est bien enregistrée.",
            printer=target.label,
            hint=hint,
        ),
    )


def send(data: bytes, target: PrinterTarget) -> None:
    """Write the bytes to the printer; PrintError (French) if it cannot take them in time."""
    try:
        device = _device(target)
    except RuntimeError as exc:  # escpos: pyusb or pyserial missing from this installation
        log.error("ticket printer %s: %s", target.label, exc)
        raise PrintError(
            "printer_support_missing",
            Text("Cette installation ne sait pas piloter ce type d'imprimante : réinstallez-la."),
        ) from exc
    from escpos.exceptions import Error as EscposError

    try:
        device.open()
        if target.kind == "serial" and device.device is not None:
            device.device.write_timeout = TIMEOUT_SECONDS  # hardware flow control may hold it
        device._raw(data)
    except (TimeoutError, EscposError, OSError) as exc:
        log.error("ticket printer %s: %s", target.label, exc)
        raise _unreachable(target) from exc
    except Exception as exc:  # pyusb and pyserial have their own errors (timeouts, I/O)
        log.error("ticket printer %s failed: %r", target.label, exc)
        raise _unreachable(target) from exc
    finally:
        try:
            device.close()
        except Exception:  # closing a printer that went away must not hide the real error
            log.debug("closing ticket printer %s failed", target.label, exc_info=True)
