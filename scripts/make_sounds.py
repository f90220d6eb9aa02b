"""Writes the counter's three verdict sounds (resources/sounds/*.wav) from the notes below.

Short (≤ 0.3 s) and distinct by pitch and rhythm, so a cashier tells them apart without
looking: two rising notes for accepted, one middle note twice for "check something",
a low double buzz for refused. Run again only to change them; the WAV files are committed.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
SOUNDS: dict[str, list[tuple[float, float]]] = {
    # name: [(frequency in Hz, 0 for silence; duration in s), ...]
    "accepted": [(880.0, 0.09), (1318.5, 0.13)],
    "attention": [(659.3, 0.09), (0.0, 0.05), (659.3, 0.09)],
    "refused": [(196.0, 0.14), (0.0, 0.05), (196.0, 0.14)],
}


def samples(notes: list[tuple[float, float]]) -> bytes:
    frames = bytearray()
    for frequency, seconds in notes:
        count = int(RATE * seconds)
        fade = int(RATE * 0.008)  # no click at the start and end of each note
        for i in range(count):
            envelope = min(1.0, i / fade, (count - i) / fade) if frequency else 0.0
            # A square-ish wave (fundamental + third harmonic) carries over a noisy shop.
            phase = 2 * math.pi * frequency * i / RATE
            value = math.sin(phase) + math.sin(3 * phase) / 3
            frames += struct.pack("<h", int(12_000 * envelope * value))
    return bytes(frames)


def main() -> None:
    folder = Path(__file__).resolve().parent.parent / "resources" / "sounds"
    folder.mkdir(parents=True, exist_ok=True)
    for name, notes in SOUNDS.items():
        with wave.open(str(folder / f"{name}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(samples(notes))


if __name__ == "__main__":
    main()
