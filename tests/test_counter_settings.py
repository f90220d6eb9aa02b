"""The counter's settings file: saved atomically, read tolerantly (never a crash at start)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from pos_app.counter_settings import (
    CounterSettings,
    camera_config,
    load_settings,
    save_settings,
    settings_path,
)
from scanner.camera import CameraConfig


def test_no_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == CounterSettings()
    assert CounterSettings().language == "fr"
    assert camera_config(CounterSettings()) is None  # the first camera found


def test_saved_choices_come_back(tmp_path: Path) -> None:
    chosen = CounterSettings(camera_index=2, camera_name="Logitech C920", camera_width=640,
                             camera_height=480, scanner_kind="serial",
                             scanner_device="/dev/ttyACM0", language="en")  # fmt: skip
    save_settings(tmp_path, chosen)
    assert load_settings(tmp_path) == chosen
    assert camera_config(chosen) == CameraConfig(index=2, width=640, height=480)
    assert [p.name for p in tmp_path.iterdir()] == ["counter-settings.json"]  # no temp left


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2]", b"", b"null"],
    ids=["truncated", "binary", "a-list", "empty", "null"],
)
def test_a_corrupt_file_gives_defaults_and_a_log_entry(
    tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    settings_path(tmp_path).write_bytes(content)
    with caplog.at_level(logging.WARNING, "pos_app.counter_settings"):
        assert load_settings(tmp_path) == CounterSettings()
    assert "defaults used" in caplog.text


def test_unknown_fields_and_bad_values_fall_back_one_by_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings_path(tmp_path).write_text(
        json.dumps(
            {
                "camera_index": 1,
                "language": "de",
                "camera_width": "wide",
                "future_option": True,
                "scanner_device": 42,
            }
        ),
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, "pos_app.counter_settings"):
        settings = load_settings(tmp_path)
    assert settings == CounterSettings(camera_index=1)
    assert "future_option" in caplog.text and "language" in caplog.text


def test_a_resolution_not_offered_falls_back(tmp_path: Path) -> None:
    settings_path(tmp_path).write_text('{"camera_width": 123, "camera_height": 45}', "utf-8")
    settings = load_settings(tmp_path)
    assert (settings.camera_width, settings.camera_height) == (1280, 720)


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    save_settings(tmp_path, CounterSettings(language="en"))

    def broken(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("pos_app.counter_settings.os.replace", broken)
    with pytest.raises(OSError):
        save_settings(tmp_path, CounterSettings(language="fr"))
    assert load_settings(tmp_path).language == "en"
    assert [p.name for p in tmp_path.iterdir()] == ["counter-settings.json"]
