"""One short sound per verdict (accepted, check something, refused), so the cashier hears the
answer while looking at the young person, not at the screen.

The sounds are data (`resources/sounds/*.wav`, written by `scripts/make_sounds.py`). Playing
them must never cost the counter anything: the audio stack loads after the window shows, a
machine without speakers or without QtMultimedia is silent (one log line), and a sound still
playing is cut by the next one, because a new scan always wins.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pos_app.ui.qt import QObject, QUrl, audio_output_available, sound_effect_class

log = logging.getLogger(__name__)

SOUNDS_DIR = Path(__file__).resolve().parents[2] / "resources" / "sounds"
TONES = ("accepted", "attention", "refused")


class VerdictSounds(QObject):
    """Plays the sound of a verdict's tone; silent until `load()` and when it cannot play."""

    def __init__(self, parent: QObject | None = None, folder: Path = SOUNDS_DIR) -> None:
        super().__init__(parent)
        self._folder = folder
        self._effects: dict[str, Any] = {}
        self.enabled = True
        self.played: list[str] = []
        """The tones asked for, newest last (what tests and the screenshot script read)."""

    def load(self) -> bool:
        """Prepare the three sounds; false (and silence) when the audio stack is missing."""
        effect_class = sound_effect_class()
        if effect_class is None:
            log.warning("QtMultimedia unavailable: the verdicts will be silent")
            return False
        if not audio_output_available():
            log.info("no sound output on this machine: the verdicts will be silent")
            return False
        for tone in TONES:
            path = self._folder / f"{tone}.wav"
            if not path.is_file():
                log.warning("verdict sound missing: %s", path)
                continue
            effect = effect_class(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(0.8)
            self._effects[tone] = effect
        return bool(self._effects)

    def play(self, tone: str) -> None:
        self.played.append(tone)
        del self.played[:-20]
        if not self.enabled:
            return
        for effect in self._effects.values():
            if effect.isPlaying():
                effect.stop()  # the newest verdict is the one that counts
        effect = self._effects.get(tone)
        if effect is not None:
            effect.play()
