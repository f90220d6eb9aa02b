"""`atouts-pos self-check`: does this install (or PyInstaller bundle) really load its decoders?

A bundle can build cleanly and still miss a native library (libzbar is loaded by ctypes at run
time, zxing-cpp and cv2 are extension modules with their own shared libraries): the till would
then fall back silently to a slower decoder, or not read codes at all. This command renders a QR
code, decodes it through each decoder (zxing-cpp, zbar through pyzbar, OpenCV's detector) and
says which loaded, which read the code, and where each library came from. It also imports the Qt
modules the window needs, without opening a window, and lists the serial and HID POS scanners it
sees. Hidden from `--help`: a support tool.

Exit code 0 when every check passed, 1 otherwise (which ones failed is in the report).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PAYLOAD = "AT2:SELF-CHECK 0123456789"
"""Base45 characters only, like a real code (alphanumeric mode)."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check: its name, whether it passed, and what to tell a person (French)."""

    name: str
    ok: bool
    detail: str


def _qr_gray(payload: str, scale: int = 6) -> Any:
    """A clean grayscale QR image of `payload` (dark modules on white, 4-module quiet zone)."""
    import numpy as np
    import segno

    modules = np.array(segno.make(payload, error="m").matrix, dtype=bool)
    modules = np.pad(modules, 4, constant_values=False)
    dark = np.kron(modules, np.ones((scale, scale), dtype=bool))
    return np.where(dark, 0, 255).astype(np.uint8)


def _module_file(name: str) -> str:
    module = importlib.import_module(name)
    return str(getattr(module, "__file__", None) or "?")


def _loaded_from(fragment: str) -> str | None:
    """The file a native library was really loaded from (Linux: /proc/self/maps), to tell a
    bundled copy from the system's; None elsewhere or when not found."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.split()[-1]
                if fragment in os.path.basename(path):
                    return path
    except OSError:
        return None
    return None


def _zxing_library() -> str:
    return _loaded_from("zxingcpp") or _module_file("zxingcpp")


def _zbar_library() -> str:
    from pyzbar import pyzbar

    libraries = [getattr(dep, "_name", "?") for dep in pyzbar.EXTERNAL_DEPENDENCIES]
    return _loaded_from("libzbar") or ", ".join(libraries) or "?"


def _decoder_check(
    name: str, build: Callable[[], Any], where: Callable[[], str], gray: Any
) -> CheckResult:
    """Load one decoder and read the test code with it; any failure becomes a report line."""
    try:
        decoder = build()
    except Exception as exc:  # DecoderUnavailable, or a broken native library
        return CheckResult(name, False, f"non chargé : {exc}")
    try:
        texts = [found.text for found in decoder.decode_gray(gray)]
    except Exception as exc:
        return CheckResult(name, False, f"chargé mais en erreur au décodage : {exc!r}")
    if texts != [PAYLOAD]:
        return CheckResult(name, False, f"chargé, mais a lu {texts!r} au lieu du code de test")
    return CheckResult(name, True, f"chargé, code de test lu ({where()})")


def _cv2_check() -> CheckResult:
    """cv2 loads and is the headless build: the full wheel's Qt plugins break PySide6."""
    try:
        import cv2
    except Exception as exc:
        return CheckResult("opencv", False, f"non chargé : {exc}")
    plugins = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "")
    if "cv2" in plugins:
        return CheckResult(
            "opencv",
            False,
            f"cv2 {cv2.__version__} n'est pas la version « headless » : ses greffons Qt "
            f"({plugins}) empêchent la fenêtre de s'ouvrir",
        )
    return CheckResult("opencv", True, f"cv2 {cv2.__version__} ({_module_file('cv2')})")


def _qt_check() -> CheckResult:
    """The Qt modules of the window load (no QApplication: works without a display)."""
    try:
        qt = importlib.import_module("pos_app.ui.qt")
        version = importlib.import_module("PySide6").__version__
    except Exception as exc:
        return CheckResult("qt", False, f"non chargé : {exc}")
    return CheckResult("qt", True, f"PySide6 {version} ({len(qt.__all__)} classes)")


def _scanners_check() -> CheckResult:
    """The serial / HID POS modules load, and which scanners this machine shows (support)."""
    try:
        sources = importlib.import_module("pos_app.ui.scanner_sources")
        found = sources.available_scanners()
    except Exception as exc:
        return CheckResult("lecteurs", False, f"non chargé : {exc}")
    if not found:
        return CheckResult("lecteurs", True, "aucun lecteur série ou HID-POS branché")
    return CheckResult("lecteurs", True, " ; ".join(choice.label for choice in found))


def run_checks() -> list[CheckResult]:
    """Every check, in a fixed order; never raises."""
    from scanner.decoders import OpenCVDecoder, PyzbarDecoder, ZxingDecoder

    results = [_cv2_check()]
    try:
        gray = _qr_gray(PAYLOAD)
    except Exception as exc:
        return [*results, CheckResult("qr-image", False, f"image de test impossible : {exc}")]
    results.append(_decoder_check("zxing-cpp", ZxingDecoder, _zxing_library, gray))
    results.append(_decoder_check("pyzbar", PyzbarDecoder, _zbar_library, gray))
    results.append(_decoder_check("opencv-qr", OpenCVDecoder, lambda: "cv2", gray))
    results.append(_qt_check())
    results.append(_scanners_check())
    return results


def report_text(results: list[CheckResult]) -> str:
    lines = [f"{'OK' if r.ok else 'ÉCHEC':<5} {r.name:<10} {r.detail}" for r in results]
    failed = [r.name for r in results if not r.ok]
    lines.append("Tout est en ordre." if not failed else f"En échec : {', '.join(failed)}.")
    return "\n".join(lines)


def report_json(results: list[CheckResult]) -> dict[str, Any]:
    return {
        "ok": all(r.ok for r in results),
        "checks": {r.name: {"ok": r.ok, "detail": r.detail} for r in results},
    }
