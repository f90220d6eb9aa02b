"""The window's cold start stays light: what it does not need before its first paint is loaded
later (OpenCV and NumPy with the camera or an image, sqlite-utils on the first write or the
warm-up after the first paint, keyring when the token or its location is asked for)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import scanner.camera
import scanner.camera_types
import scanner.image_errors
import scanner.images
from pos_app.secrets_vault import TokenVault
from pos_app.services import Till

ROOT = Path(__file__).resolve().parents[1]
NOT_AT_START = ("cv2", "numpy", "sqlite_utils", "keyring")


def test_importing_the_window_loads_no_opencv_numpy_sqlite_utils_or_keyring() -> None:
    code = (
        "import json, sys\n"
        "import pos_app.ui.app\n"
        f"print(json.dumps([name for name in {NOT_AT_START!r} if name in sys.modules]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


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
