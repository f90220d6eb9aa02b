"""USB barcode scanners that type (keyboard wedge): tell a scanner's burst from a cashier's typing.

Qt-free and clock-injected: the caller feeds every printable key press with its time, the
terminators (Enter, Tab), and polls when `deadline()` passes. Each call returns a `Step` saying
what to do with the key just fed (pass it on, or hold it back), which keys held earlier go back
to the focused widget (a human typed them) and whether a scan ended (`ScanEvent`, source WEDGE).
The Qt event filter is `pos_app/ui/wedge_filter.py`; keys travel through here as opaque tokens.

How a burst is told from typing (times in seconds; `WedgeTiming` holds them):

- A USB scanner types 1 key every 1-20 ms (the HID report rate; cheap ones poll every 10 ms and
  need a press and a release report). The fastest typists average 60-80 ms a key; their rollover
  gives a short gap now and then, not nine in a row.
- So every key is held back until the timing decides. A gap over `max_key_gap` (30 ms), a poll
  past that, or a non-text key releases what is held to the widget: a human. The cashier's first
  key of a word waits at most 30 ms.
- `confirm_keys` (10) keys in a row, every gap within `max_key_gap` and the median gap within
  `max_median_gap` (20 ms), make a burst: from then on its keys are swallowed. From the 4th key
  on, a median already over 20 ms releases the run at once (a fast typist's rollover). The shortest
  codes a scanner reads here are longer (a typed code is 12 digits, 14 with its spaces; an
  `AT2:` QR code 280 to 450 characters).
- The burst ends on Enter or Tab (swallowed), or, for a scanner that sends no terminator, when
  no key came for `end_pause` (100 ms); gaps shorter than that inside a confirmed burst (a USB
  hiccup, a busy GUI thread) do not end it. A terminator arriving within `end_pause` after a
  burst ended (scanners that send CR+Tab, or the Enter of a burst already ended by a pause) is
  swallowed too, so it never reaches the amount field.
- Never read twice: a burst emits at most once; the same payload again within `repeat_window`
  (1.0 s from the end of the previous one to the first key of the new one: the scanner's own
  double read, or its continuous mode seeing the same code) is swallowed and not emitted, and
  restarts the window: a code left under a scanner in continuous mode is read once. A deliberate
  re-scan takes longer than a second (take the phone away, show it again) and is read.

AZERTY: a scanner set for a US keyboard sends key positions; a French system reads them as
`&é"'(-è_çà` for `1234567890`, swaps A/Q and Z/W, and so on (`QWERTY_ON_AZERTY`). Every
character of the Base45 alphabet maps to a distinct character, so the table is a bijection on
it and inverts exactly. A payload that is not valid as typed but valid once inverted (an `AT2:`
code, a 12-digit typed code) is corrected; one that shows the AZERTY marks and still makes no
sense is not emitted: the `notice` says in French how to set the scanner (`LAYOUT_ADVICE`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

from pos_app.domain.text import Text
from scanner.events import ScanEvent, ScanSource

T = TypeVar("T")

BASE45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
"""RFC 9285, as `pos_app/domain/credentials.py` encodes codes (the scanner may not import it)."""
CODE_PREFIX = "AT2:"
TYPED_CODE_DIGITS = 12
_TYPED_SEPARATORS = " -."

_US_KEYS = "1234567890AQWZM$%*+-./:"
QWERTY_ON_AZERTY: dict[str, str] = dict(zip(_US_KEYS, "&é\"'(-è_çàQAZW?458+):!M", strict=True))
"""What a US-configured scanner types on a French AZERTY system, for the characters that change
(space and the other capitals B-L, N-P, R-V, X, Y come out as sent)."""
QWERTY_ON_BELGIAN: dict[str, str] = dict(zip(_US_KEYS, "&é\"'(§è!çàQAZW?458_):=M", strict=True))
"""The same on a Belgian AZERTY system (6, 8, + and / sit elsewhere)."""
_LAYOUTS = {"fr": QWERTY_ON_AZERTY, "be": QWERTY_ON_BELGIAN}
_EARLY_KEYS = 4
"""From this many keys on, a run whose median gap is already too slow is a human's."""
_AZERTY_MARKS = frozenset("&é\"'(§è_!çà")

LAYOUT_ADVICE = Text(
    "Le lecteur de codes-barres tape en clavier américain (QWERTY) alors que cet ordinateur est "
    "en AZERTY : le code lu n'a pas pu être corrigé. Réglez le lecteur : scannez, dans son "
    "manuel, le code de configuration « Keyboard country / Pays du clavier : France (AZERTY) », "
    "ou activez son mode « Alt + pavé numérique » (ALT code, keypad emulation). Puis scannez à "
    "nouveau."
)


def _inverse(table: dict[str, str]) -> dict[str, str]:
    inverse = {typed: sent for sent, typed in table.items()}
    assert len(inverse) == len(table), "a layout table must be a bijection"
    return inverse


_UNDO = {name: str.maketrans(_inverse(table)) for name, table in _LAYOUTS.items()}


def is_known_payload(text: str) -> bool:
    """An `AT2:` code (Base45 after the prefix, of a decodable length) or a 12-digit typed code."""
    upper = text.upper()
    if upper.startswith(CODE_PREFIX):
        body = upper[len(CODE_PREFIX) :]
        return bool(body) and len(body) % 3 != 1 and all(c in BASE45_ALPHABET for c in body)
    digits = "".join(c for c in text if c not in _TYPED_SEPARATORS)
    return len(digits) == TYPED_CODE_DIGITS and digits.isascii() and digits.isdigit()


@dataclass(frozen=True, slots=True)
class LayoutReading:
    payload: str
    layout: str | None = None
    """`"fr"` or `"be"` when the payload was typed through that AZERTY layout and corrected."""
    problem: str | None = None
    """French advice when the payload shows AZERTY marks and could not be corrected."""


def read_layout(text: str) -> LayoutReading:
    """The payload as the scanner meant it. A payload valid as typed is kept (a correctly set
    scanner, or any other barcode); else each AZERTY table is undone and kept if it makes a
    known payload (the two tables never both fit: `AT2:` comes out `QTéM` on both, and only the
    digits they differ on are checked); else AZERTY marks mean a mis-set scanner."""
    if is_known_payload(text):
        return LayoutReading(text)
    for name, undo in _UNDO.items():
        candidate = text.translate(undo)
        if is_known_payload(candidate):
            return LayoutReading(candidate, layout=name)
    if any(c in _AZERTY_MARKS for c in text):
        return LayoutReading(text, problem=LAYOUT_ADVICE)
    return LayoutReading(text)


@dataclass(frozen=True, slots=True)
class WedgeTiming:
    max_key_gap: float = 0.030
    """Longest gap between two keys of a burst still undecided; longer means a human."""
    max_median_gap: float = 0.020
    """The median gap of the first `confirm_keys` keys must be at most this to be a scanner."""
    confirm_keys: int = 10
    """Keys at scanner speed before a run counts as a burst."""
    end_pause: float = 0.100
    """No key for this long ends a confirmed burst (scanners without a terminator)."""
    repeat_window: float = 1.0
    """The same payload starting within this of the previous one's end is a double read."""
    max_length: int = 4096
    """A runaway burst is emitted at this length rather than held for ever."""


class Action(Enum):
    PASS = "pass"
    """Let the key through to the focused widget now (after `release`)."""
    HOLD = "hold"
    """Swallow it: held back until the timing decides, or part of a scan."""


@dataclass(frozen=True, slots=True)
class Step(Generic[T]):
    action: Action
    release: tuple[T, ...] = ()
    """Keys held earlier that a human typed: deliver them, in order, before this key."""
    scan: ScanEvent | None = None
    notice: str | None = None
    """French text for the cashier (a mis-set scanner)."""


@dataclass(slots=True)
class _Run(Generic[T]):
    tokens: list[T] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    confirmed: bool = False


class WedgeDetector(Generic[T]):
    """Feed it every key press, in order; see the module's doc for the rules."""

    def __init__(
        self,
        timing: WedgeTiming | None = None,
        on_corrected: Callable[[str], None] | None = None,
    ) -> None:
        self.timing = timing or WedgeTiming()
        self._on_corrected = on_corrected
        """Told the layout name when a payload was corrected (the window may log a hint)."""
        self._run: _Run[T] = _Run()
        self._last_end: float | None = None
        self._last_payload: str | None = None
        self._last_payload_end: float = float("-inf")
        self.scans = 0
        self.suppressed = 0

    # --- what the caller feeds ------------------------------------------------------------

    def key(self, text: str, at: float, token: T, autorepeat: bool = False) -> Step[T]:
        """A printable key press (`text` is what it types, one character or more)."""
        run = self._run
        if autorepeat and not run.confirmed:
            # A held key repeating (30-50 Hz) is a human, however fast.
            return Step(Action.PASS, release=self._release())
        if run.times:
            gap = at - run.times[-1]
            if run.confirmed and gap > self.timing.end_pause:
                done = self._finish(run.times[-1])
                after = self._start(text, at, token)
                return _merge(done, after)
            if not run.confirmed and gap > self.timing.max_key_gap:
                released = self._release()
                return _merge(Step(Action.PASS, release=released), self._start(text, at, token))
            run.tokens.append(token)
            run.text.append(text)
            run.times.append(at)
            if not run.confirmed and len(run.times) >= _EARLY_KEYS:
                if not self._looks_scanned(run.times):
                    return Step(Action.PASS, release=self._release(keep_last=True))
                if len(run.times) >= self.timing.confirm_keys:
                    run.confirmed = True
            if run.confirmed and len(run.times) >= self.timing.max_length:
                return self._finish(at)
            return Step(Action.HOLD)
        return self._start(text, at, token)

    def terminator(self, at: float) -> Step[T]:
        """Enter or Tab pressed."""
        run = self._run
        if run.confirmed:
            return self._finish(at)
        after_burst = self._last_end is not None and at - self._last_end <= self.timing.end_pause
        if not run.times and after_burst:
            return Step(Action.HOLD)  # the tail of a burst already read (CR + Tab, late Enter)
        return Step(Action.PASS, release=self._release())

    def other_key(self, at: float) -> Step[T]:
        """Any other key (arrows, Backspace, Escape, a shortcut): a human is at the keyboard."""
        if self._run.confirmed:
            return _merge(self._finish(at), Step(Action.PASS))
        return Step(Action.PASS, release=self._release())

    def poll(self, at: float) -> Step[T]:
        """Call when `deadline()` has passed: releases a human's held keys, ends a burst."""
        run = self._run
        if not run.times:
            return Step(Action.PASS)
        if run.confirmed:
            if at - run.times[-1] > self.timing.end_pause:
                return self._finish(run.times[-1])
        elif at - run.times[-1] > self.timing.max_key_gap:
            return Step(Action.PASS, release=self._release())
        return Step(Action.HOLD)

    def deadline(self) -> float | None:
        """When `poll` next has something to do (None: nothing held)."""
        run = self._run
        if not run.times:
            return None
        wait = self.timing.end_pause if run.confirmed else self.timing.max_key_gap
        return run.times[-1] + wait

    @property
    def holding(self) -> bool:
        return bool(self._run.times)

    @property
    def in_burst(self) -> bool:
        return self._run.confirmed

    @property
    def held(self) -> tuple[T, ...]:
        """The tokens held back now, oldest first."""
        return tuple(self._run.tokens)

    # --- inside ---------------------------------------------------------------------------

    def _looks_scanned(self, times: list[float]) -> bool:
        """Every gap is within `max_key_gap` already (a longer one ended the run)."""
        gaps = [b - a for a, b in itertools.pairwise(times)]
        return _median(gaps) <= self.timing.max_median_gap

    def _start(self, text: str, at: float, token: T) -> Step[T]:
        self._run = _Run([token], [text], [at])
        return Step(Action.HOLD)

    def _release(self, keep_last: bool = False) -> tuple[T, ...]:
        """Hand back what a human typed. With `keep_last`, the key being fed is not released
        (the caller passes it itself, after the others)."""
        tokens = self._run.tokens[:-1] if keep_last else self._run.tokens
        self._run = _Run()
        return tuple(tokens)

    def _finish(self, end: float) -> Step[T]:
        run = self._run
        self._run = _Run()
        self._last_end = end
        raw = "".join(run.text)
        reading = read_layout(raw)
        if reading.problem is not None:
            return Step(Action.HOLD, notice=reading.problem)
        if (
            reading.payload == self._last_payload
            and run.times[0] - self._last_payload_end <= self.timing.repeat_window
        ):
            self._last_payload_end = end
            self.suppressed += 1
            return Step(Action.HOLD)
        self._last_payload = reading.payload
        self._last_payload_end = end
        if reading.layout is not None and self._on_corrected is not None:
            self._on_corrected(reading.layout)
        self.scans += 1
        return Step(Action.HOLD, scan=ScanEvent(reading.payload, ScanSource.WEDGE, end))


def _merge(first: Step[T], second: Step[T]) -> Step[T]:
    """Two steps in one call (a burst ended by the key that starts the next run)."""
    return Step(
        second.action,
        release=first.release + second.release,
        scan=first.scan or second.scan,
        notice=first.notice or second.notice,
    )


def _median(values: list[float]) -> float:
    """`statistics.median`, without importing `statistics` (≈ 5 ms at the window's start);
    `values` is never empty (a run is checked from `_EARLY_KEYS` keys on)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
