"""Issue 15 item 12: the journal is in the platform's log folder, and says where it is."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pos_app import logs
from pos_app.logs import LOG_DIR, LOG_FILE, log_dir, log_path, setup_logging


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user whose data and log folders are under tmp_path (XDG on Linux)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    yield tmp_path
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "_atouts", False):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_the_default_till_logs_in_the_platform_log_folder(home: Path) -> None:
    from pos_app.paths import resolve_data_dir

    data_dir = resolve_data_dir(None)
    assert data_dir == (home / "share" / "atouts-pos").resolve()
    path = setup_logging(data_dir)
    assert path == home / "state" / "atouts-pos" / "log" / LOG_FILE
    assert log_path() == path and log_dir(data_dir) == path.parent
    logging.getLogger("x").info("hello")
    assert "hello" in path.read_text(encoding="utf-8")
    assert not (data_dir / LOG_DIR).exists()


def test_the_old_journals_move_from_the_data_folder(home: Path) -> None:
    from pos_app.paths import resolve_data_dir

    data_dir = resolve_data_dir(None)
    old = data_dir / LOG_DIR
    old.mkdir()
    (old / LOG_FILE).write_text("old line\n", encoding="utf-8")
    (old / f"{LOG_FILE}.1").write_text("older line\n", encoding="utf-8")
    path = setup_logging(data_dir)
    assert not old.exists()
    assert "old line" in path.read_text(encoding="utf-8")
    assert (path.parent / f"{LOG_FILE}.1").read_text(encoding="utf-8") == "older line\n"


def test_a_till_given_by_data_dir_keeps_its_journal_beside_it(home: Path) -> None:
    path = setup_logging(home / "training-till")
    assert path == home / "training-till" / LOG_DIR / LOG_FILE
    assert logs.log_path() == path
