"""Where a receipt goes, read from the counter settings and checked, with French errors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos_app.counter_settings import CounterSettings
from pos_app.domain.receipts import PAPER_COLUMNS
from pos_app.domain.text import Text
from pos_app.printing.errors import PrintError

DEFAULT_PORT = 9100
"""Raw TCP printing (JetDirect / AppSocket): what network ticket printers listen on."""
_USB_IDS = re.compile(r"^\s*(?:0x)?([0-9a-fA-F]{1,4})\s*:\s*(?:0x)?([0-9a-fA-F]{1,4})\s*$")
_HOST = re.compile(r"^[A-Za-z0-9.\-]+$")


@dataclass(frozen=True, slots=True)
class PrinterTarget:
    kind: str
    """system, usb, network or serial."""
    paper_width: int = 80
    system_name: str = ""
    usb_ids: tuple[int, int] = (0, 0)
    host: str = ""
    port: int = DEFAULT_PORT
    serial_device: str = ""
    baud: int = 9600

    @property
    def columns(self) -> int:
        return PAPER_COLUMNS[self.paper_width]

    @property
    def label(self) -> str:
        """How the cashier knows this printer, in messages."""
        if self.kind == "usb":
            return f"USB {self.usb_ids[0]:04x}:{self.usb_ids[1]:04x}"
        if self.kind == "network":
            return f"{self.host}:{self.port}"
        if self.kind == "serial":
            return f"{self.serial_device} ({self.baud} bauds)"
        return self.system_name or Text("imprimante par défaut du système")


def _invalid(message: str) -> PrintError:
    return PrintError("printer_setting_invalid", message)


def parse_usb_ids(text: str) -> tuple[int, int]:
    match = _USB_IDS.match(text)
    if not match:
        raise _invalid(
            Text(
                "Identifiant USB de l'imprimante illisible : « {typed} ». Écrivez "
                "fabricant:produit en hexadécimal, par exemple 04b8:0202 (commande lsusb).",
                typed=text.strip(),
            )
        )
    vendor, product = (int(part, 16) for part in match.groups())
    if not vendor or not product:
        raise _invalid(Text("Identifiant USB de l'imprimante incomplet : « {typed} ».", typed=text))
    return vendor, product


def parse_host(text: str) -> tuple[str, int]:
    host, sep, port_text = text.strip().rpartition(":")
    if not sep:
        host, port_text = text.strip(), str(DEFAULT_PORT)
    port_ok = port_text.isdigit() and 0 < int(port_text) < 65536
    if not host or not _HOST.match(host) or not port_ok:
        raise _invalid(
            Text(
                "Adresse de l'imprimante réseau illisible : « {typed} ». Écrivez son adresse "
                "IP, avec le port si ce n'est pas 9100 : 192.168.1.50 ou 192.168.1.50:9100.",
                typed=text.strip(),
            )
        )
    return host, int(port_text)


def printer_target(settings: CounterSettings) -> PrinterTarget | None:
    """The receipt printer chosen in the settings, or None if there is none."""
    kind = settings.printer_kind
    if not kind:
        return None
    common = {"kind": kind, "paper_width": settings.paper_width}
    if kind == "system":
        return PrinterTarget(**common, system_name=settings.printer_name)
    if kind == "usb":
        return PrinterTarget(**common, usb_ids=parse_usb_ids(settings.printer_usb))
    if kind == "network":
        host, port = parse_host(settings.printer_host)
        return PrinterTarget(**common, host=host, port=port)
    if kind == "serial":
        if not settings.printer_serial.strip():
            raise _invalid(
                Text("Indiquez le port série de l'imprimante (par exemple /dev/ttyUSB0 ou COM3).")
            )
        return PrinterTarget(
            **common, serial_device=settings.printer_serial.strip(), baud=settings.printer_baud
        )
    raise _invalid(Text("Type d'imprimante inconnu : {kind}.", kind=kind))


def no_printer() -> PrintError:
    return PrintError(
        "no_printer",
        Text(
            "Aucune imprimante de reçus n'est choisie : choisissez-la dans les Réglages (F4), "
            "ou enregistrez le reçu en PDF."
        ),
    )
