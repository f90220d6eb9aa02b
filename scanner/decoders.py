"""QR decoders behind one small interface: a grayscale frame in, decoded payload texts out.

Every decoder takes a 2-D `uint8` numpy array (one byte per pixel, as `cv2.IMREAD_GRAYSCALE`
or `cv2.cvtColor(..., COLOR_BGR2GRAY)` give) and returns what it read, in reading order. The
decoders are restricted to QR symbols: the till never expects anything else, and scanning for
every symbology costs time and invites false reads (FIELD-NOTES "Decoding QR codes").

This module is Qt-free and knows nothing of the payload format: validating `ATP1:` codes is the
domain's job. Three decoders: zxing-cpp (the default: it reads the most and is the fastest, see
docs/decoders.md), zbar through pyzbar, and OpenCV's own detector (always there, since the till
needs OpenCV anyway). `choose_decoder()` loads the best one available and says, in French, which
fallback happened so the window can show it; preprocessing and retries live in
`scanner.pipeline`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from pos_app.domain.text import Text

log = logging.getLogger(__name__)

__all__ = [
    "Decoded",
    "Decoder",
    "DecoderChoice",
    "DecoderUnavailable",
    "OpenCVDecoder",
    "PyzbarDecoder",
    "ZxingDecoder",
    "choose_decoder",
    "default_decoder",
]

ZBAR_MISSING_MESSAGE = Text(
    "Le décodeur de QR codes est indisponible : la bibliothèque zbar est introuvable. "
    "Installez-la puis relancez l'application : « sudo apt install libzbar0 » (Debian, Ubuntu), "
    "« sudo dnf install zbar » (Fedora), « brew install zbar » (macOS). Sous Windows, zbar est "
    "fourni avec pyzbar mais demande le « Visual C++ Redistributable 2013 »."
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """One symbol read from a frame: its text and the name of the decoder that read it.

    `corners` (four (x, y) points in the frame, when the decoder gives them) lets the pipeline
    look around the last hit first; it takes no part in comparisons.
    """

    text: str
    decoder: str
    corners: tuple[tuple[float, float], ...] | None = field(default=None, compare=False)


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


def _utf8_texts(
    raw: Sequence[bytes],
    decoder: str,
    corners: Sequence[tuple[tuple[float, float], ...] | None] | None = None,
) -> list[Decoded]:
    """Bytes → text as UTF-8; an undecodable symbol is skipped with a warning, never guessed."""
    found: list[Decoded] = []
    for index, data in enumerate(raw):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            log.warning(
                "%s: QR code ignored, its %d bytes are not UTF-8 (%s)", decoder, len(data), exc
            )
            continue
        where = corners[index] if corners is not None else None
        found.append(Decoded(text=text, decoder=decoder, corners=where))
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


ZXING_MISSING_MESSAGE = Text(
    "Le décodeur de QR codes zxing-cpp est introuvable : la lecture est plus lente et moins "
    "sûre (codes inclinés, petits ou sur écran). Réinstallez l'application, ou « pip install "
    "zxing-cpp » dans son environnement."
)
ZBAR_FALLBACK_MESSAGE = Text(
    "Les décodeurs zxing-cpp et zbar sont introuvables : la caméra utilise le détecteur "
    "d'OpenCV, beaucoup plus lent et qui lit moins de codes. Réinstallez l'application."
)


class ZxingDecoder:
    """zxing-cpp, restricted to QR (it tries inverted codes and downscaled frames by itself).

    `scan()` also returns where it found a QR it could not decode (a checksum error): the
    pipeline retries there, rectified and enlarged, instead of on the whole frame.
    """

    name = "zxing-cpp"

    def __init__(self) -> None:
        try:
            import zxingcpp
        except ImportError as exc:  # wheel missing, or its native library failed to load
            raise DecoderUnavailable(ZXING_MISSING_MESSAGE) from exc
        self._zx = zxingcpp
        self._qr = zxingcpp.BarcodeFormat.QRCode
        self._binarizers = {
            "local": zxingcpp.Binarizer.LocalAverage,
            "global": zxingcpp.Binarizer.GlobalHistogram,
            "fixed": zxingcpp.Binarizer.FixedThreshold,
        }

    @staticmethod
    def _corners(barcode: Any) -> tuple[tuple[float, float], ...]:
        p = barcode.position
        points = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        return tuple((float(pt.x), float(pt.y)) for pt in points)

    def scan(
        self, gray: np.ndarray, *, binarizer: str = "local", downscale: bool = True
    ) -> tuple[list[Decoded], list[tuple[tuple[float, float], ...]]]:
        """(what was read, the corners of QR symbols seen but not decoded)."""
        check_gray(gray)
        if gray.size == 0:
            return [], []
        barcodes = self._zx.read_barcodes(
            gray,
            formats=self._qr,
            try_rotate=True,
            try_downscale=downscale,
            try_invert=True,
            binarizer=self._binarizers[binarizer],
            return_errors=True,
        )
        good = [b for b in barcodes if b.valid]
        failed = [self._corners(b) for b in barcodes if not b.valid]
        found = _utf8_texts([b.bytes for b in good], self.name, [self._corners(b) for b in good])
        return found, failed

    def decode_gray(self, gray: np.ndarray) -> list[Decoded]:
        return self.scan(gray)[0]


class OpenCVDecoder:
    """OpenCV's own QR detector (the ArUco-based one when this OpenCV has it): always available,
    slow; the last fallback."""

    name = "opencv"

    def __init__(self) -> None:
        import cv2

        maker = getattr(cv2, "QRCodeDetectorAruco", None) or cv2.QRCodeDetector
        self._detector = maker()
        self.name = "opencv-aruco" if maker is not cv2.QRCodeDetector else "opencv"

    def decode_gray(self, gray: np.ndarray) -> list[Decoded]:
        check_gray(gray)
        if gray.size == 0 or min(gray.shape) < 21:
            return []
        try:
            ok, texts, points, _ = self._detector.detectAndDecodeMulti(gray)
        except Exception as exc:  # cv2.error on degenerate frames
            log.debug("opencv QR detector failed: %s", exc)
            return []
        if not ok:
            return []
        found = []
        for index, text in enumerate(texts):
            if text:
                quad = tuple((float(x), float(y)) for x, y in points[index])
                found.append(Decoded(text=text, decoder=self.name, corners=quad))
        return found


@dataclass(frozen=True, slots=True)
class DecoderChoice:
    """The decoder loaded, and the French warning to show when it is a fallback (else None)."""

    decoder: Decoder
    warning: str | None


def choose_decoder() -> DecoderChoice:
    """The best decoder this machine can load: zxing-cpp, else zbar, else OpenCV's detector.

    Each fallback is logged as a warning and described in `warning` (French, for the window).
    """
    try:
        return DecoderChoice(ZxingDecoder(), None)
    except DecoderUnavailable as zxing_missing:
        log.warning("zxing-cpp unavailable (%s), falling back to zbar", zxing_missing.__cause__)
    try:
        return DecoderChoice(PyzbarDecoder(), ZXING_MISSING_MESSAGE)
    except DecoderUnavailable as zbar_missing:
        log.warning("zbar unavailable too (%s), falling back to OpenCV", zbar_missing.__cause__)
    return DecoderChoice(OpenCVDecoder(), ZBAR_FALLBACK_MESSAGE)


def default_decoder() -> Decoder:
    """The decoder the till uses: the best available (see `choose_decoder`)."""
    return choose_decoder().decoder
