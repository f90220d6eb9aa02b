"""The window's cold start stays light: what it does not need before its first paint is loaded
later (OpenCV and NumPy with the camera or an image, sqlite-utils on the first write or the
warm-up after the first paint, keyring when the token or its location is asked for, pydantic
when a scheme file was not validated before, email's date parser with the first HTTP date; the
data folder's lock is a plain `flock`, not filelock)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pos_app.scheme_files
import scanner.camera
import scanner.camera_types
import scanner.image_errors
import scanner.images
from pos_app.scheme_files import bundled_scheme_dir
from pos_app.secrets_vault import TokenVault
from pos_app.services import SCHEME_CACHE, Till, TillError

ROOT = Path(__file__).resolve().parents[1]
NOT_AT_START = (
    "cv2", "numpy", "sqlite_utils", "keyring", "pydantic", "email", "filelock", "escpos",
    "reportlab", "PySide6.QtPrintSupport",
)  # fmt: skip


def loaded_at_start(code: str) -> list[str]:
    """Which of NOT_AT_START a fresh interpreter has loaded after running `code`."""
    code += (
        f"\nimport json, sys\nprint(json.dumps([n for n in {NOT_AT_START!r} if n in sys.modules]))"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_window_loads_none_of_what_waits_for_the_first_paint() -> None:
    assert loaded_at_start("import pos_app.ui.app") == []


def test_opening_a_till_whose_scheme_files_were_validated_loads_no_pydantic(
    tmp_path: Path,
) -> None:
    Till(tmp_path / "till").close()  # the first opening validates them (pydantic) and caches
    assert (tmp_path / "till" / SCHEME_CACHE).exists()
    till_dir = str(tmp_path / "till")
    opened = f"import pos_app.ui.app\nfrom pos_app.services import Till\nTill({till_dir!r}).close()"
    assert loaded_at_start(opened) == []


def test_a_broken_scheme_file_stops_the_till_in_french_and_is_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    Till(tmp_path / "till").close()  # cached while the files were sound
    shipped = tmp_path / "schemes"
    shutil.copytree(bundled_scheme_dir(), shipped)
    broken = shipped / "atouts-culture-sport-2025-26.json"
    broken.write_text(broken.read_text(encoding="utf-8").replace('"Europe/Paris"', '"Mars"'))
    monkeypatch.setattr(pos_app.scheme_files, "bundled_scheme_dir", lambda: shipped)
    with caplog.at_level("ERROR", logger="pos_app.services"), pytest.raises(TillError) as caught:
        Till(tmp_path / "till")
    assert caught.value.code == "scheme_file_invalid"
    assert "fichier de dispositif" in caught.value.message
    assert "time_zone" in caught.value.message and "Mars" in caught.value.message
    assert "scheme files unusable" in caplog.text and str(broken) in caplog.text
    monkeypatch.undo()
    Till(tmp_path / "till").close()  # the data folder was not left locked


def test_the_cv2_free_names_are_the_same_objects_everywhere() -> None:
    for name in scanner.camera_types.__all__:
        assert getattr(scanner.camera, name) is getattr(scanner.camera_types, name)
    assert scanner.images.ScanImageError is scanner.image_errors.ScanImageError


def test_the_store_wraps_its_connection_on_first_use(tmp_path: Path) -> None:
    with Till(tmp_path / "till") as till:
        assert till.store._db is None  # opening the till imports no sqlite-utils
        till.warm_up()  # loads it, touches no till data
        assert till.store._db is None
        # set at once by `connect`, as sqlite-utils would set it when wrapping
        assert till.store.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
        assert till.store.db.conn is till.store.conn
        assert till.store.db is till.store.db


def test_the_status_strip_does_not_ask_the_keyring(
    cinema_till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "fichier protégé" in cinema_till.status().token_location  # settings page, CLI

    def no_probe(self: TokenVault) -> str:
        raise AssertionError("the keyring was asked")

    monkeypatch.setattr(TokenVault, "location", property(no_probe))
    status = cinema_till.status(token_location=False)
    assert status.token_location == ""
    assert status.enrolled


def test_the_wedge_filter_is_installed_once_the_window_is_painted(tmp_path: Path) -> None:
    """An application-wide event filter written in Python makes PySide6 build the Python type
    of every kind of event it is handed: not before the first paint (bench_window.py)."""
    code = (
        "import json, os, sys\n"
        "from pathlib import Path\n"
        "import pos_app.ui.app as app_module\n"
        "from pos_app.ui.qt import QEvent, QObject, QTimer\n"
        "order = []\n"
        "real_install = app_module.WedgeFilter.install\n"
        "def install(self, app=None):\n"
        "    order.append('wedge installed')\n"
        "    real_install(self, app)\n"
        "app_module.WedgeFilter.install = install\n"
        "class Probe(QObject):\n"
        "    def eventFilter(self, watched, event):\n"
        "        if event.type() == QEvent.Type.Paint and 'painted' not in order:\n"
        "            order.append('painted')\n"
        "        return False\n"
        "probe = Probe()\n"
        "real_window = app_module.MainWindow\n"
        "def window(*args, **kwargs):\n"
        "    built = real_window(*args, **kwargs)\n"
        "    built.installEventFilter(probe)\n"
        "    def report():\n"
        "        print(json.dumps(order), flush=True)\n"
        "        os._exit(0)\n"
        "    QTimer.singleShot(1500, report)\n"
        "    return built\n"
        "app_module.MainWindow = window\n"
        "app_module.run_window(Path(sys.argv[1]))\n"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "till")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["painted", "wedge installed"]
