"""Seeded keystroke timings for the keyboard-wedge detector: scanner bursts and human typing.

Used by `bench/bench_wedge.py` and by `tests/test_wedge.py` (which loads this file by path:
bench/ is no package). Times are in seconds; nothing sleeps.

- Scanner: 2-8 ms between keys (uniform, with 0.5 ms of jitter), a fifth of the bursts from a
  slower scanner at 10-18 ms (a cheap HID device polled every 8-10 ms); after the first ten keys
  one burst in five has a 40-90 ms hiccup (USB or a busy GUI thread). Payloads are `AT2:` codes
  of 280-450 characters (Base45), typed codes of 14 characters (`1234 5678 9012`) and 12 bare
  digits; the burst ends with Enter, Tab, or nothing.
- Human: 60-150 ms a key on average (σ 17.5 % of the mean), and a fast typist at about 40 ms a key
  entering a 12-digit code (±12 ms); one gap in ten is a rollover (8-25 ms: the next key pressed
  before the previous one was released). Text is what a cashier types: amounts, names, serials,
  typed codes, Enter at the end of some.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from scanner.events import ScanEvent
from scanner.wedge import BASE45_ALPHABET, QWERTY_ON_AZERTY, Action, Step, WedgeDetector


@dataclass(frozen=True, slots=True)
class Key:
    at: float
    text: str = ""
    kind: str = "key"
    """`key` (printable), `enter`, `tab` or `other` (Backspace, an arrow…)."""


@dataclass
class Outcome:
    scans: list[ScanEvent] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)
    """What reached the focused widget, in order (`\\n` Enter, `\\t` Tab, `<other>`)."""
    notices: list[str] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)
    """For each key that reached the widget, how long it was held back (seconds)."""

    @property
    def text(self) -> str:
        return "".join(self.typed)


def at2_payload(rng: random.Random, length: int | None = None) -> str:
    """An `AT2:` code's text: Base45 of a 280-450 character code (length mod 3 never 1)."""
    total = length or rng.randint(280, 450)
    body = total - 4
    if body % 3 == 1:
        body -= 1
    return "AT2:" + "".join(rng.choice(BASE45_ALPHABET) for _ in range(body))


def typed_code(rng: random.Random, spaced: bool = True) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(12))
    return " ".join(digits[i : i + 4] for i in range(0, 12, 4)) if spaced else digits


def scanner_payload(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.7:
        return at2_payload(rng)
    return typed_code(rng, spaced=roll < 0.85)


def to_azerty(payload: str) -> str:
    """What a US-configured scanner types on a French AZERTY system."""
    return "".join(QWERTY_ON_AZERTY.get(c, c) for c in payload)


def scanner_burst(
    rng: random.Random,
    payload: str,
    start: float = 0.0,
    terminator: str | None = "enter",
    slow: bool | None = None,
    hiccup: bool | None = None,
) -> list[Key]:
    slow = rng.random() < 0.2 if slow is None else slow
    hiccup = rng.random() < 0.2 if hiccup is None else hiccup
    low, high = (0.010, 0.018) if slow else (0.002, 0.008)
    hiccup_at = rng.randint(10, max(10, len(payload) - 1)) if hiccup else -1
    keys: list[Key] = []
    at = start
    for index, char in enumerate(payload):
        if index:
            if index == hiccup_at:
                at += rng.uniform(0.040, 0.090)
            else:
                at += max(0.0005, rng.uniform(low, high) + rng.gauss(0, 0.0005))
        keys.append(Key(at, char))
    if terminator is not None:
        keys.append(Key(at + rng.uniform(low, high), kind=terminator))
    return keys


def human_typing(
    rng: random.Random,
    text: str,
    start: float = 0.0,
    mean: float | None = None,
    jitter: float = 0.35,
    enter: bool = False,
) -> list[Key]:
    mean = rng.uniform(0.060, 0.150) if mean is None else mean
    keys: list[Key] = []
    at = start
    for index, char in enumerate(text):
        if index:
            if rng.random() < 0.1:
                at += rng.uniform(0.008, 0.025)  # rollover
            else:
                at += max(0.008, rng.gauss(mean, mean * jitter / 2))
        keys.append(Key(at, char))
    if enter:
        keys.append(Key(at + max(0.008, rng.gauss(mean, mean * jitter / 2)), kind="enter"))
    return keys


_WORDS = ["Martin", "Bernard", "Léa", "Dubois", "cinéma", "place", "livre", "PF3X9K", "NUM2026"]


def human_sample(rng: random.Random) -> list[Key]:
    """One thing a cashier types, at human speed."""
    roll = rng.random()
    if roll < 0.3:  # a fast typist entering a code read from a card
        return human_typing(
            rng, typed_code(rng, spaced=rng.random() < 0.5), mean=0.040, jitter=0.6, enter=True
        )
    if roll < 0.55:
        amount = f"{rng.randint(1, 999)},{rng.randint(0, 99):02d}"
        return human_typing(rng, amount, enter=rng.random() < 0.7)
    words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 5)))
    return human_typing(rng, words, enter=rng.random() < 0.3)


def drive(detector: WedgeDetector[Any], keys: list[Key]) -> Outcome:
    """Feed keys in order as the Qt filter would (tokens are `(character, time)`), polling
    whenever a deadline passes between two keys, and at the end until nothing is held."""
    outcome = Outcome()

    def apply(step: Step[Any], now: float, current: str | None = None) -> None:
        for text, at in step.release:
            outcome.typed.append(text)
            outcome.delays.append(now - at)
        if step.scan is not None:
            outcome.scans.append(step.scan)
        if step.notice is not None:
            outcome.notices.append(step.notice)
        if current is not None and step.action is Action.PASS:
            outcome.typed.append(current)
            outcome.delays.append(0.0)

    def settle(until: float) -> None:
        deadline = detector.deadline()
        while deadline is not None and deadline < until:
            apply(detector.poll(deadline + 1e-6), deadline + 1e-6)
            deadline = detector.deadline()

    for key in keys:
        settle(key.at)
        if key.kind == "key":
            apply(detector.key(key.text, key.at, (key.text, key.at)), key.at, key.text)
        elif key.kind in ("enter", "tab"):
            apply(detector.terminator(key.at), key.at, "\n" if key.kind == "enter" else "\t")
        else:
            apply(detector.other_key(key.at), key.at, "<other>")
    settle(float("inf"))
    return outcome


def expected_typing(keys: list[Key]) -> str:
    names = {"enter": "\n", "tab": "\t", "other": "<other>"}
    return "".join(key.text if key.kind == "key" else names[key.kind] for key in keys)
