"""Logging to a rotating file in the till's data folder: the precise account behind every
French message the cashier sees. Tokens and names are never logged."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_DIR = "logs"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(data_dir: Path, verbose: bool = False) -> Path:
    log_dir = data_dir / LOG_DIR
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "atouts-pos.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_atouts", False):
            root.removeHandler(handler)
            handler.close()
    try:
        file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        file_handler = logging.StreamHandler()  # a read-only disk must not stop the counter
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
    return path
