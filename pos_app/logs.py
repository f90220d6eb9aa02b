"""Logging to a rotating file: the precise account behind every French message the cashier
sees. Tokens and names are never logged.

Where the journal is (`log_dir`): the platform's log folder (platformdirs `user_log_dir`:
~/.local/state/atouts-pos/log on Linux, %LOCALAPPDATA%\\atouts-pos\\Logs on Windows) for the
till of the user data folder; a till opened with `--data-dir` (training, demo, tests, several
tills on one machine) keeps its journal beside it, in DIR/logs, so two tills never mix theirs.
Journals written by earlier versions in the data folder's `logs/` are moved to the platform's
folder on the first start (`migrate_old_logs`). `log_path()` says where the journal of this
process is: the window names it in its « erreur notée dans le journal » messages.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import shutil
from pathlib import Path

from platformdirs import user_log_path

from pos_app.paths import APP_NAME, default_data_dir

LOG_DIR = "logs"
"""The journal's folder inside a data folder given by `--data-dir` (and before, in every one)."""
LOG_FILE = "atouts-pos.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_current: Path | None = None


def platform_log_dir() -> Path:
    return user_log_path(APP_NAME, appauthor=False)


def log_dir(data_dir: Path) -> Path:
    """The folder of the journal of the till in `data_dir`."""
    if _same(data_dir, default_data_dir()):
        return platform_log_dir()
    return data_dir / LOG_DIR


def log_path() -> Path | None:
    """The journal this process writes to; None before `setup_logging` (or when the disk
    refused it and the journal goes to the console)."""
    return _current


def migrate_old_logs(data_dir: Path, target: Path) -> list[Path]:
    """Moves the journals an earlier version wrote in `data_dir/logs` into `target` (the
    platform's log folder), keeping any already there; the old folder goes once empty."""
    old = data_dir / LOG_DIR
    if _same(old, target) or not old.is_dir():
        return []
    moved = []
    for file in sorted(old.glob(LOG_FILE + "*")):
        destination = target / file.name
        if destination.exists():
            destination = target / f"ancien-{file.name}"
        try:
            shutil.move(str(file), str(destination))
        except OSError:
            continue
        moved.append(destination)
    with contextlib.suppress(OSError):  # something else in it: left alone
        old.rmdir()
    return moved


def setup_logging(data_dir: Path, verbose: bool = False) -> Path:
    global _current
    folder = log_dir(data_dir)
    path = folder / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_atouts", False):
            root.removeHandler(handler)
            handler.close()
    moved: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        moved = migrate_old_logs(data_dir, folder)
        file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        _current = path
    except OSError:
        file_handler = logging.StreamHandler()  # a read-only disk must not stop the counter
        _current = None
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    file_handler._atouts = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if verbose:
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter(_FORMAT))
        console._atouts = True  # type: ignore[attr-defined]
        root.addHandler(console)
    root.setLevel(logging.INFO)
    for noisy in ("httpx", "httpcore", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if moved:
        logging.getLogger(__name__).info(
            "%d journal file(s) moved from %s to %s", len(moved), data_dir / LOG_DIR, folder
        )
    return path


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
