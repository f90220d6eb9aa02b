"""Starting the window: one QApplication, one open till, French by default."""

from __future__ import annotations

import sys
from pathlib import Path

from pos_app.services import Till, TillError
from pos_app.ui.main_window import MainWindow
from pos_app.ui.qt import QApplication, QMessageBox


def run_window(data_dir: Path, codes_dir: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Atouts POS")
    try:
        till = Till(data_dir)
    except TillError as exc:
        QMessageBox.critical(None, "Atouts POS", exc.message)
        return exc.exit_code
    try:
        till.check_integrity()
    except TillError as exc:
        till.close()
        QMessageBox.critical(None, "Atouts POS", exc.message)
        return exc.exit_code
    try:
        window = MainWindow(till, str(codes_dir) if codes_dir else None)
        window.show()
        return int(app.exec())
    finally:
        till.close()
