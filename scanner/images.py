"""Read QR codes from an image file or from image bytes (clipboard, e-mail attachment).

The file is read by Python and decoded by OpenCV from memory (`cv2.imdecode`) rather than with
`cv2.imread`: imread cannot open non-ASCII paths on Windows ("C:\\Users\\Hélène\\…") and cannot
say why a file failed. Transparent images (a QR exported on a transparent background) are laid
on white before going to gray, otherwise their transparent pixels read as black.
"""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np

from pos_app.domain.text import Text
from scanner.decoders import Decoder, default_decoder
from scanner.image_errors import ScanImageError
from scanner.pipeline import FramePipeline

__all__ = [
    "MAX_IMAGE_FILE_BYTES",
    "ScanImageError",
    "decode_image_bytes",
    "decode_image_file",
    "image_bytes_to_gray",
]

IMAGE_BUDGET_MS = 300.0
"""An image is decoded once, not 30 times a second: the pipeline may retry much longer."""

MAX_IMAGE_FILE_BYTES = 50_000_000
"""Larger files are refused before being read: a QR photo is a few MB, a video picked by mistake
would fill the memory."""


def _not_an_image(path: Path | None) -> ScanImageError:
    if path is None:
        return ScanImageError(
            Text(
                "Ces données ne sont pas une image lisible (formats acceptés : PNG, JPEG, BMP, "
                "TIFF, WebP…)."
            )
        )
    return ScanImageError(
        Text(
            "Le fichier « {path} » n'est pas une image lisible (formats acceptés : PNG, JPEG, "
            "BMP, TIFF, WebP…).",
            path=path,
        ),
        path,
    )


def _to_gray_uint8(image: np.ndarray) -> np.ndarray:
    """Any image OpenCV decoded unchanged → 2-D uint8 gray, alpha composited onto white."""
    if image.dtype != np.uint8:
        # 16-bit PNG/TIFF, float EXR/HDR: scale to the 0-255 range.
        image = cv2.normalize(image, None, 0, 255, cv2.NORM_MINMAX, dtype=cv2.CV_8U)
    if image.ndim == 2:
        return image
    channels = image.shape[2]
    if channels == 1:
        return image[:, :, 0]
    if channels == 4:
        alpha = image[:, :, 3:4].astype(np.float32) / 255.0
        blended = image[:, :, :3].astype(np.float32) * alpha + 255.0 * (1.0 - alpha)
        image = np.rint(blended).astype(np.uint8)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def image_bytes_to_gray(data: bytes, path: Path | None = None) -> np.ndarray:
    """Decode an encoded image (PNG, JPEG…) to a 2-D uint8 frame; `ScanImageError` if unreadable."""
    if not data:
        if path is None:
            raise ScanImageError(Text("Aucune donnée d'image reçue (contenu vide)."))
        raise ScanImageError(Text("Le fichier « {path} » est vide.", path=path), path)
    buffer = np.frombuffer(data, dtype=np.uint8)
    try:
        image = cv2.imdecode(buffer, cv2.IMREAD_UNCHANGED)
    except cv2.error as exc:  # some codecs raise instead of returning None
        raise _not_an_image(path) from exc
    if image is None or image.size == 0:
        raise _not_an_image(path)
    return _to_gray_uint8(image)


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(texts))


def decode_image_bytes(data: bytes, *, decoder: Decoder | None = None) -> list[str]:
    """The QR payloads in an encoded image held in memory, duplicates removed, order kept."""
    gray = image_bytes_to_gray(data)
    if decoder is None:
        decoder = FramePipeline(default_decoder(), budget_ms=IMAGE_BUDGET_MS)
    return _unique([found.text for found in decoder.decode_gray(gray)])


def decode_image_file(path: str | os.PathLike[str], *, decoder: Decoder | None = None) -> list[str]:
    """The QR payloads in an image file, duplicates removed, order kept; [] if it holds none.

    Raises `ScanImageError` (French message, with the path) when the file is missing, empty,
    unreadable or not an image, and `DecoderUnavailable` when no decoder can be loaded.
    """
    path = Path(path)
    if path.is_dir():
        raise ScanImageError(Text("« {path} » est un dossier, pas une image.", path=path), path)
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_FILE_BYTES:
            raise ScanImageError(
                Text(
                    "Le fichier « {path} » est trop gros pour une image de QR code ({size} Mo, "
                    "au plus {limit} Mo).",
                    path=path,
                    size=size // 1_000_000,
                    limit=MAX_IMAGE_FILE_BYTES // 1_000_000,
                ),
                path,
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ScanImageError(
            Text("Le fichier « {path} » est introuvable.", path=path), path
        ) from exc
    except PermissionError as exc:
        raise ScanImageError(Text("Accès refusé au fichier « {path} ».", path=path), path) from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ScanImageError(
            Text("Impossible de lire le fichier « {path} » : {reason}.", path=path, reason=reason),
            path,
        ) from exc
    gray = image_bytes_to_gray(data, path)
    if decoder is None:
        decoder = FramePipeline(default_decoder(), budget_ms=IMAGE_BUDGET_MS)
    return _unique([found.text for found in decoder.decode_gray(gray)])
