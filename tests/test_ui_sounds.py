"""The verdict sounds: distinct files per tone, and a till without speakers (or without
QtMultimedia) stays silent instead of failing (FIELD-NOTES: never let a missing sound device
crash the till)."""

from __future__ import annotations

import wave
from pathlib import Path

from pos_app.ui.sounds import SOUNDS_DIR, TONES, VerdictSounds


def test_each_tone_has_its_own_short_sound() -> None:
    payloads = set()
    for tone in TONES:
        with wave.open(str(SOUNDS_DIR / f"{tone}.wav"), "rb") as sound:
            seconds = sound.getnframes() / sound.getframerate()
            assert 0.1 <= seconds <= 0.4, (tone, seconds)  # short: the queue does not wait
            payloads.add(sound.readframes(sound.getnframes()))
    assert len(payloads) == len(TONES)


def test_without_a_sound_output_the_verdicts_are_silent_not_broken(qtbot) -> None:
    sounds = VerdictSounds()
    sounds.load()  # no audio device here (CI, offscreen): silent, with a log line
    for tone in (*TONES, "accepted", "unknown-tone"):
        sounds.play(tone)
    assert sounds.played[-2:] == ["accepted", "unknown-tone"]


def test_missing_sound_files_leave_the_counter_silent(qtbot, tmp_path: Path) -> None:
    sounds = VerdictSounds(folder=tmp_path / "nowhere")
    sounds.load()
    sounds.play("refused")
    assert sounds.played == ["refused"]
