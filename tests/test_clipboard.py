"""Pasting a code: a screenshot on the clipboard goes through the real decoder."""

from __future__ import annotations

import io

import pytest
import segno

from pos_app.ui.clipboard import NO_CODE_IN_IMAGE, NOTHING_TO_READ, clipboard_scans
from pos_app.ui.qt import QApplication, QImage
from scanner.events import ScanSource
from scanner.images import ScanImageError

PAYLOAD = "AT2:" + "6BFOXN*TS0BI$ZD-PHH%" * 14  # a payload's shape and length (Base45)


def _qr_image(text: str, **kwargs: object) -> QImage:
    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=4, border=4, **kwargs)
    return QImage.fromData(buffer.getvalue())


def test_a_pasted_screenshot_is_read_as_a_scan(qapp: QApplication) -> None:
    qapp.clipboard().setImage(_qr_image(PAYLOAD))
    [scan] = clipboard_scans(qapp.clipboard())
    assert (scan.payload, scan.source) == (PAYLOAD, ScanSource.CLIPBOARD)


def test_a_dark_mode_screenshot_is_read_too(qapp: QApplication) -> None:
    qapp.clipboard().setImage(_qr_image(PAYLOAD, dark="white", light="black"))
    assert [s.payload for s in clipboard_scans(qapp.clipboard())] == [PAYLOAD]


def test_pasted_text_is_taken_as_typed(qapp: QApplication) -> None:
    qapp.clipboard().setText("  4207 5499 1266 \n")
    assert [s.payload for s in clipboard_scans(qapp.clipboard())] == ["4207 5499 1266"]


@pytest.mark.parametrize(
    ("fill", "message"),
    [("image", NO_CODE_IN_IMAGE), ("empty", NOTHING_TO_READ), ("blank", NOTHING_TO_READ)],
)
def test_nothing_readable_says_what_to_do(qapp: QApplication, fill: str, message: str) -> None:
    clipboard = qapp.clipboard()
    if fill == "image":
        picture = QImage(400, 300, QImage.Format.Format_RGB32)
        picture.fill(0xFFFFFFFF)  # a white picture, no code
        clipboard.setImage(picture)
    elif fill == "blank":
        clipboard.setText("   ")
    else:
        clipboard.clear()
    with pytest.raises(ScanImageError) as refused:
        clipboard_scans(clipboard)
    assert refused.value.message == message


def test_pasting_a_screenshot_in_the_window_checks_the_code(
    qtbot, cinema_till, region, fixed_now
) -> None:
    from pos_app.ui.main_window import MainWindow

    state, _ = region
    window = MainWindow(cinema_till)
    qtbot.addWidget(window)
    QApplication.clipboard().setImage(_qr_image(state.qr_payload("B002", fixed_now)))
    window.paste_button.click()
    assert window.verdict is not None and window.verdict.accepted
    QApplication.clipboard().setText("")
    window.on_paste()
    assert "presse-papiers" in window.verdict_panel.text()
