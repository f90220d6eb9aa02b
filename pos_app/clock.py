"""The one place the till reads the time.

`ATOUTS_POS_NOW` (ISO 8601 with an offset) freezes the clock of the till and of the reference
Region server, for tests and staff training. A value without an offset is refused rather than
guessed: a counter in Paris and one in Réunion would read it differently.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ENV_NOW = "ATOUTS_POS_NOW"

Clock = Callable[[], datetime]


class ClockSettingError(ValueError):
    pass


def parse_instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ClockSettingError(f"{ENV_NOW}={text!r} n'est pas une date ISO 8601.") from exc
    if value.tzinfo is None:
        raise ClockSettingError(
            f"{ENV_NOW}={text!r} doit préciser le fuseau, par exemple 2026-03-14T15:30:00+01:00."
        )
    return value


def now() -> datetime:
    """The current instant, aware; frozen by `ATOUTS_POS_NOW` when set."""
    override = os.environ.get(ENV_NOW)
    if override:
        return parse_instant(override)
    return datetime.now(UTC)


TRAINING_CLOCK_FILE = "training-clock"


def for_data_dir(data_dir: Path) -> Clock:
    """The clock of one till or server: the environment wins, then a training date kept in the
    data folder (the demo's), then the real time. A training till stays one after a restart."""

    def read() -> datetime:
        if os.environ.get(ENV_NOW):
            return now()
        try:
            text = (data_dir / TRAINING_CLOCK_FILE).read_text(encoding="utf-8")
        except FileNotFoundError:
            return now()
        return parse_instant(text)

    return read


def training_date(data_dir: Path) -> datetime | None:
    try:
        return parse_instant((data_dir / TRAINING_CLOCK_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ClockSettingError):
        return None


def set_training_date(data_dir: Path, instant: datetime) -> None:
    (data_dir / TRAINING_CLOCK_FILE).write_text(instant.isoformat(), encoding="utf-8")
