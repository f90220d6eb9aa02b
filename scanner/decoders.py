"""QR decoders behind one small interface: a grayscale frame in, decoded payload texts out.

Every decoder takes a 2-D `uint8` numpy array (one byte per pixel, as `cv2.IMREAD_GRAYSCALE`
or `cv2.cvtColor(..., COLOR_BGR2GRAY)` give) and returns what it read, in reading order. The
decoders are restricted to QR symbols: the till never expects anything else, and scanning for
every symbology costs time and invites false reads (FIELD-NOTES "Decoding QR codes").

This module is Qt-free and knows nothing of the payload format: validating `ATP1:` codes is the
domain's job. A later slice adds zxing-cpp (and preprocessing) as another `Decoder`; callers go
through `default_decoder()` so they need not change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np

log = logging.getLogger(__name__)

__all__ = [
    "Decoded",
    "Decoder",
    "DecoderUnavailable",
    "PyzbarDecoder",
    "default_decoder",
]

ZBAR_MISSING_MESSAGE = (
    "Le décodeur de QR codes est indisponible : la bibliothèque zbar est introuvable. "
    "Installez-la puis relancez l'application : « sudo apt install libzbar0 » (Debian, Ubuntu), "
    "« sudo dnf install zbar » (Fedora), « brew install zbar » (macOS). Sous Windows, zbar est "
    "fourni avec pyzbar mais demande le « Visual C++ Redistributable 2013 »."
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """One symbol read from a frame: its text and the name of the decoder that read it."""

    text: str
    decoder: str


class DecoderUnavailable(RuntimeError):
    """The decoding library cannot be loaded on this machine (message in French, for the user)."""


@runtime_checkable
class Decoder(Protocol):
    """Anything that reads QR codes from a grayscale frame."""

    name: str

    def decode_gray(self, gray: np.ndarray) -> list[Decoded]:
        """Return the QR codes found in `gray` (2-D uint8), in reading order; [] if none."""
        ...


def check_gray(gray: np.ndarray) -> None:
    """Refuse what is not a 2-D uint8 frame, rather than let a decoder silently misread it."""
    if not isinstance(gray, np.ndarray):
        raise TypeError(f"expected a numpy array, got {type(gray).__name__}")
    if gray.ndim != 2 or gray.dtype != np.uint8:
        raise ValueError(
            f"expected a 2-D uint8 grayscale frame, got shape {gray.shape} dtype {gray.dtype}"
        )


def _utf8_texts(raw: Sequence[bytes], decoder: str) -> list[Decoded]:
    """Bytes → text as UTF-8; an undecodable symbol is skipped with a warning, never guessed."""
    found: list[Decoded] = []
    for data in raw:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            log.warning(
                "%s: QR code ignored, its %d bytes are not UTF-8 (%s)", decoder, len(data), exc
            )
            continue
        found.append(Decoded(text=text, decoder=decoder))
    return found


class PyzbarDecoder:
    """zbar through pyzbar, restricted to QR, with a second pass on the inverted frame.

    zbar does not read light-on-dark codes (phones in dark mode) and pyzbar cannot ask it to,
    so when the first pass finds nothing the inverted frame is tried. That second pass doubles
    the cost of a frame with no code at all; `try_inverted=False` turns it off.
    """

    name = "pyzbar"

    def __init__(self, *, try_inverted: bool = True) -> None:
        try:
            # pyzbar loads libzbar when this module is imported: ImportError when the library
            # is not found (Linux, macOS), OSError when a DLL fails to load (Windows).
            from pyzbar.pyzbar import ZBarSymbol, decode
        except (ImportError, OSError) as exc:
            raise DecoderUnavailable(ZBAR_MISSING_MESSAGE) from exc
        self.try_inverted = try_inverted
        self._symbols = [ZBarSymbol.QRCODE]
        self._decode: Callable[..., list[Any]] = decode

    def _scan(self, gray: np.ndarray) -> list[bytes]:
        return [symbol.data for symbol in self._decode(gray, symbols=self._symbols)]

    def decode_gray(self, gray: np.ndarray) -> list[Decoded]:
        check_gray(gray)
        if gray.size == 0:
            return []
        raw = self._scan(gray)
        if not raw and self.try_inverted:
            raw = self._scan(np.bitwise_not(gray))
        return _utf8_texts(raw, self.name)


def default_decoder() -> Decoder:
    """The decoder the till uses; raises `DecoderUnavailable` when it cannot be loaded."""
    return PyzbarDecoder()
