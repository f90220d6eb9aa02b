"""Where a till keeps its data: the user data folder, unless `--data-dir` says otherwise."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "atouts-pos"


def default_data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def resolve_data_dir(data_dir: str | Path | None) -> Path:
    path = Path(data_dir).expanduser() if data_dir else default_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()
