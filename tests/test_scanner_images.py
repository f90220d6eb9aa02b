"""Image files and image bytes → QR payloads, through the real zbar decoder on real QR images."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import logging
import sys
from pathlib import Path
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
import segno

from scanner.decoders import (
    Decoded,
    Decoder,
    DecoderUnavailable,
    PyzbarDecoder,
)
from scanner.images import ScanImageError, decode_image_bytes, decode_image_file


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


# The shape of a real code: prefix, 200 characters of claims, ".", 86 of Ed25519 signature.
PAYLOAD = "ATP1:" + _b64(hashlib.sha512(b"claims").digest() * 2 + bytes(range(22))) + "."
PAYLOAD += _b64(hashlib.sha512(b"signature").digest())
OTHER = "ATP1:" + _b64(hashlib.sha256(b"other").digest()) + "." + _b64(b"sig" * 21)


def test_payload_has_the_shape_of_a_real_code() -> None:
    claims, signature = PAYLOAD.removeprefix("ATP1:").split(".")
    assert (len(claims), len(signature)) == (200, 86)


def qr_gray(text: str, *, scale: int = 4, border: int = 4) -> np.ndarray:
    """A QR code as a uint8 frame: dark modules 0, light 255."""
    modules = np.array(segno.make(text, error="m").matrix, dtype=bool)
    modules = np.pad(modules, border, constant_values=False)
    dark = np.kron(modules, np.ones((scale, scale), dtype=bool))
    return np.where(dark, 0, 255).astype(np.uint8)


def write_png(path: Path, image: np.ndarray) -> Path:
    assert cv2.imwrite(str(path), image)
    return path


@pytest.fixture(scope="module")
def zbar() -> Decoder:
    return PyzbarDecoder()


def test_reads_a_segno_png(tmp_path: Path) -> None:
    path = tmp_path / "code.png"
    segno.make(PAYLOAD, error="m").save(path, scale=4)
    assert decode_image_file(path) == [PAYLOAD]
    assert decode_image_file(str(path)) == [PAYLOAD]


def test_reads_an_inverted_code(tmp_path: Path) -> None:
    """Light on dark, as phones in dark mode show it: zbar alone misses it."""
    path = tmp_path / "dark-mode.png"
    segno.make(PAYLOAD, error="m").save(path, scale=4, dark="white", light="black")
    assert PyzbarDecoder(try_inverted=False).decode_gray(cv2.imread(str(path), 0)) == []
    assert decode_image_file(path) == [PAYLOAD]


def test_reads_a_small_code_scaled_up_in_a_large_white_canvas(tmp_path: Path) -> None:
    small = qr_gray("ATP1:short.sig", scale=1)
    big = cv2.resize(small, None, fx=5, fy=5, interpolation=cv2.INTER_NEAREST)
    canvas = np.full((1080, 1920), 255, dtype=np.uint8)
    canvas[700 : 700 + big.shape[0], 1500 : 1500 + big.shape[1]] = big
    assert decode_image_file(write_png(tmp_path / "canvas.png", canvas)) == ["ATP1:short.sig"]


def test_reads_two_codes_in_one_image(tmp_path: Path) -> None:
    first, second = qr_gray(PAYLOAD), qr_gray(OTHER)
    canvas = np.full((first.shape[0] + 40, first.shape[1] + second.shape[1] + 120), 255, np.uint8)
    canvas[20 : 20 + first.shape[0], 20 : 20 + first.shape[1]] = first
    x = first.shape[1] + 100
    canvas[20 : 20 + second.shape[0], x : x + second.shape[1]] = second
    found = decode_image_file(write_png(tmp_path / "two.png", canvas))
    assert sorted(found) == sorted([PAYLOAD, OTHER])


def test_the_same_code_twice_is_returned_once(tmp_path: Path) -> None:
    code = qr_gray(OTHER)
    canvas = np.hstack([code, code, np.full_like(code, 255), code])
    assert decode_image_file(write_png(tmp_path / "thrice.png", canvas)) == [OTHER]


def test_an_image_without_a_code_gives_nothing(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    noise = rng.integers(100, 156, size=(480, 640), dtype=np.uint8)
    assert decode_image_file(write_png(tmp_path / "noise.png", noise)) == []
    blank = np.full((480, 640), 255, dtype=np.uint8)
    assert decode_image_file(write_png(tmp_path / "blank.png", blank)) == []


def test_a_transparent_png_is_laid_on_white(tmp_path: Path) -> None:
    """Black modules on transparent pixels that are black too: plain gray would be all black."""
    gray = qr_gray(PAYLOAD)
    rgba = np.zeros((*gray.shape, 4), dtype=np.uint8)
    rgba[:, :, 3] = np.where(gray == 0, 255, 0)
    path = write_png(tmp_path / "transparent.png", rgba)
    assert cv2.imread(str(path), cv2.IMREAD_UNCHANGED).shape[2] == 4
    assert decode_image_file(path) == [PAYLOAD]


def test_a_colour_16_bit_png_is_read(tmp_path: Path) -> None:
    gray16 = qr_gray(OTHER).astype(np.uint16) * 257
    colour = cv2.merge([gray16, gray16 // 2, gray16])
    assert decode_image_file(write_png(tmp_path / "deep.png", colour)) == [OTHER]


def test_a_non_ascii_path_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "Téléchargements de Hélène"
    folder.mkdir()
    path = folder / "carte été.png"
    segno.make(PAYLOAD, error="m").save(path, scale=3)
    assert decode_image_file(path) == [PAYLOAD]


def test_jpeg_bytes_are_read(zbar: Decoder) -> None:
    ok, jpeg = cv2.imencode(".jpg", qr_gray(PAYLOAD, scale=5), [cv2.IMWRITE_JPEG_QUALITY, 75])
    assert ok
    assert bytes(jpeg[:3]) == b"\xff\xd8\xff"
    assert decode_image_bytes(jpeg.tobytes()) == [PAYLOAD]
    assert decode_image_bytes(jpeg.tobytes(), decoder=zbar) == [PAYLOAD]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("garbage.png", b"\x89PNG but not really" + bytes(range(256)), "pas une image lisible"),
        ("notes.txt", "Liste des courses à faire".encode(), "pas une image lisible"),
        ("empty.png", b"", "est vide"),
    ],
)
def test_unreadable_files_raise_with_the_path(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ScanImageError) as caught:
        decode_image_file(path)
    assert caught.value.path == path
    assert str(path) in caught.value.message
    assert words in caught.value.message


def test_a_missing_file_raises_with_the_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "code.png"
    with pytest.raises(ScanImageError, match="introuvable") as caught:
        decode_image_file(path)
    assert caught.value.path == path
    assert str(path) in str(caught.value)


def test_a_directory_raises(tmp_path: Path) -> None:
    with pytest.raises(ScanImageError, match="dossier"):
        decode_image_file(tmp_path)


def test_unreadable_bytes_raise() -> None:
    with pytest.raises(ScanImageError, match="vide") as caught:
        decode_image_bytes(b"")
    assert caught.value.path is None
    with pytest.raises(ScanImageError, match="pas une image lisible"):
        decode_image_bytes(b"GIF89a" + b"\x00" * 40)


def test_the_decoder_says_which_decoder_read_the_code(zbar: Decoder) -> None:
    assert isinstance(zbar, Decoder)
    found = zbar.decode_gray(qr_gray(OTHER))
    assert found == [Decoded(text=OTHER, decoder="pyzbar")]
    with pytest.raises(dataclasses.FrozenInstanceError):
        found[0].text = "forged"  # type: ignore[misc]


def test_the_decoder_takes_only_2d_uint8_frames(zbar: Decoder) -> None:
    gray = qr_gray(OTHER)
    with pytest.raises(ValueError, match="2-D uint8"):
        zbar.decode_gray(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
    with pytest.raises(ValueError, match="2-D uint8"):
        zbar.decode_gray(gray.astype(np.uint16))
    assert zbar.decode_gray(np.zeros((0, 0), dtype=np.uint8)) == []


def test_undecodable_bytes_are_skipped_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    decoder = PyzbarDecoder()
    raw = [SimpleNamespace(data=b"caf\xe9"), SimpleNamespace(data="café".encode())]
    monkeypatch.setattr(decoder, "_decode", lambda gray, symbols=None: raw)
    with caplog.at_level(logging.WARNING, logger="scanner.decoders"):
        found = decoder.decode_gray(np.full((8, 8), 255, dtype=np.uint8))
    assert found == [Decoded(text="café", decoder="pyzbar")]
    assert "not UTF-8" in caplog.text


def test_a_missing_zbar_library_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyzbar raises ImportError at import when libzbar is missing: simulate that import."""
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)
    with pytest.raises(DecoderUnavailable) as caught:
        PyzbarDecoder()
    assert "libzbar0" in str(caught.value)
    assert "zbar" in str(caught.value)
    assert isinstance(caught.value.__cause__, ImportError)


def test_a_file_too_large_is_refused_before_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "film.png"
    segno.make(OTHER, error="m").save(path, scale=4)
    monkeypatch.setattr("scanner.images.MAX_IMAGE_FILE_BYTES", 100)
    with pytest.raises(ScanImageError, match="trop gros") as caught:
        decode_image_file(path)
    assert caught.value.path == path
