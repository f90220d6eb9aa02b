"""`atouts-pos self-check`: the decoders really load and read a code; failures are reported."""

from __future__ import annotations

import json

import pytest

from pos_app.cli import main
from pos_app.self_check import PAYLOAD, _decoder_check, _qr_gray, report_text


def test_every_decoder_reads_the_test_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["self-check", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert list(report["checks"]) == [
        "opencv",
        "zxing-cpp",
        "pyzbar",
        "opencv-qr",
        "qt",
        "lecteurs",
    ]
    assert "code de test lu" in report["checks"]["zxing-cpp"]["detail"]
    assert "libzbar" in report["checks"]["pyzbar"]["detail"]


def test_the_full_opencv_wheel_is_caught_and_fails_the_command(monkeypatch, capsys) -> None:
    """The full wheel points Qt at its own plugins (FIELD-NOTES): the window would not open."""
    monkeypatch.setenv("QT_QPA_PLATFORM_PLUGIN_PATH", "/site-packages/cv2/qt/plugins")
    assert main(["self-check"]) == 1
    captured = capsys.readouterr()
    assert "ÉCHEC opencv" in captured.err
    assert "headless" in captured.err
    assert "En échec : opencv." in captured.err


def _decoded(texts):
    from scanner.decoders import Decoded

    class Fake:
        name = "fake"

        def decode_gray(self, gray):
            if isinstance(texts, Exception):
                raise texts
            return [Decoded(text, "fake") for text in texts]

    return Fake


def test_each_failure_is_a_line_not_a_crash() -> None:
    gray = _qr_gray(PAYLOAD)
    assert _decoder_check("fake", _decoded([PAYLOAD]), lambda: "here", gray).ok

    def missing():
        raise ImportError("libzbar.so.0: cannot open shared object file")

    results = [
        _decoder_check("absent", missing, lambda: "", gray),
        _decoder_check("broken", _decoded(RuntimeError("boom")), lambda: "", gray),
        _decoder_check("blind", _decoded([]), lambda: "", gray),
    ]
    assert [r.ok for r in results] == [False, False, False]
    assert results[0].detail.startswith("non chargé : libzbar.so.0")
    assert "en erreur au décodage" in results[1].detail
    assert "a lu []" in results[2].detail
    assert report_text(results).endswith("En échec : absent, broken, blind.")


def test_the_command_is_hidden_from_help(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "self-check" not in capsys.readouterr().out
