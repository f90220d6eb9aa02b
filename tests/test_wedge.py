"""The keyboard-wedge detector fed with seeded, realistic keystroke timings (no Qt, no sleeps).

The samples come from `bench/wedge_samples.py` (loaded by path: bench/ is no package), the same
generator `bench/bench_wedge.py` measures on.
"""

from __future__ import annotations

import random

import pytest
from bench_modules import load_bench_module

from scanner.events import ScanSource
from scanner.wedge import (
    BASE45_ALPHABET,
    LAYOUT_ADVICE,
    QWERTY_ON_AZERTY,
    QWERTY_ON_BELGIAN,
    Action,
    WedgeDetector,
    WedgeTiming,
    read_layout,
)

samples = load_bench_module("wedge_samples.py")
Key = samples.Key
TIMING = WedgeTiming()


@pytest.mark.parametrize("terminator", ["enter", "tab", None])
def test_every_scanner_burst_is_read_once_and_nothing_reaches_the_widget(terminator) -> None:
    rng = random.Random(f"bursts-{terminator}")
    for _ in range(300):
        payload = samples.scanner_payload(rng)
        keys = samples.scanner_burst(rng, payload, terminator=terminator)
        outcome = samples.drive(WedgeDetector(), keys)
        assert [scan.payload for scan in outcome.scans] == [payload]
        assert outcome.scans[0].source is ScanSource.WEDGE
        assert outcome.typed == []


def test_a_burst_without_terminator_ends_at_the_pause_not_before() -> None:
    rng = random.Random(3)
    payload = samples.at2_payload(rng, 300)
    keys = samples.scanner_burst(rng, payload, terminator=None, hiccup=False)
    detector = WedgeDetector()
    for key in keys:
        assert detector.key(key.text, key.at, key.text).release == ()
    last = keys[-1].at
    assert detector.deadline() == pytest.approx(last + TIMING.end_pause)
    assert detector.poll(last + TIMING.end_pause - 0.001).scan is None
    step = detector.poll(last + TIMING.end_pause + 0.001)
    assert step.scan is not None and step.scan.payload == payload
    assert step.scan.at == last


def test_human_typing_is_never_taken_for_a_scan_and_every_key_arrives_in_order() -> None:
    rng = random.Random(2026)
    for _ in range(2000):
        keys = samples.human_sample(rng)
        outcome = samples.drive(WedgeDetector(), keys)
        assert outcome.scans == []
        assert outcome.text == samples.expected_typing(keys)


def test_a_fast_typist_entering_a_twelve_digit_code_at_40_ms_a_key_is_a_human() -> None:
    rng = random.Random(40)
    for _ in range(500):
        code = samples.typed_code(rng, spaced=False)
        keys = samples.human_typing(rng, code, mean=0.040, jitter=0.6, enter=True)
        outcome = samples.drive(WedgeDetector(), keys)
        assert outcome.scans == []
        assert outcome.text == code + "\n"


def test_a_human_key_waits_at_most_max_key_gap() -> None:
    detector: WedgeDetector[str] = WedgeDetector()
    assert detector.key("1", 10.0, "1").action is Action.HOLD
    assert detector.deadline() == pytest.approx(10.0 + TIMING.max_key_gap)
    assert detector.poll(10.0 + TIMING.max_key_gap / 2).release == ()
    assert detector.poll(10.0 + TIMING.max_key_gap + 0.001).release == ("1",)
    assert detector.deadline() is None


def test_a_slow_key_releases_the_held_one_and_is_held_in_turn() -> None:
    detector: WedgeDetector[str] = WedgeDetector()
    detector.key("1", 0.0, "1")
    step = detector.key("2", 0.2, "2")
    assert step.release == ("1",) and step.action is Action.HOLD
    step = detector.other_key(0.25)  # Backspace
    assert step.release == ("2",) and step.action is Action.PASS


def test_autorepeat_is_a_human_however_fast() -> None:
    detector: WedgeDetector[str] = WedgeDetector()
    typed: list[str] = []
    for index in range(40):  # a held "0" repeating at 50 Hz
        step = detector.key("0", index * 0.020, "0", autorepeat=index > 0)
        typed.extend(step.release)
        if step.action is Action.PASS:
            typed.append("0")
    typed.extend(detector.poll(10.0).release)
    assert typed == ["0"] * 40 and detector.scans == 0


def test_terminators_trailing_a_burst_are_swallowed() -> None:
    rng = random.Random(5)
    payload = samples.typed_code(rng)
    keys = samples.scanner_burst(rng, payload, terminator="enter", hiccup=False)
    end = keys[-1].at
    keys.append(Key(end + 0.004, kind="tab"))  # a scanner set to send CR + Tab
    outcome = samples.drive(WedgeDetector(), keys)
    assert [scan.payload for scan in outcome.scans] == [payload]
    assert outcome.typed == []
    # an Enter typed by the cashier well after the burst goes through
    outcome = samples.drive(WedgeDetector(), [*keys, Key(end + 2.0, kind="enter")])
    assert outcome.typed == ["\n"]


def test_a_double_read_is_suppressed_and_a_deliberate_rescan_is_read() -> None:
    rng = random.Random(6)
    payload = samples.at2_payload(rng, 282)
    first = samples.scanner_burst(rng, payload, terminator="enter", hiccup=False)
    end = first[-1].at
    double = samples.scanner_burst(rng, payload, start=end + 0.3, hiccup=False)
    rescan_start = double[-1].at + TIMING.repeat_window + 0.5
    rescan = samples.scanner_burst(rng, payload, start=rescan_start, hiccup=False)
    detector = WedgeDetector()
    outcome = samples.drive(detector, first + double + rescan)
    assert [scan.payload for scan in outcome.scans] == [payload, payload]
    assert outcome.scans[1].at == rescan[-1].at
    assert outcome.typed == []
    assert detector.suppressed == 1


def test_a_different_code_right_after_a_scan_is_read() -> None:
    rng = random.Random(7)
    one, two = samples.typed_code(rng), samples.typed_code(rng)
    first = samples.scanner_burst(rng, one, hiccup=False)
    second = samples.scanner_burst(rng, two, start=first[-1].at + 0.2, hiccup=False)
    outcome = samples.drive(WedgeDetector(), first + second)
    assert [scan.payload for scan in outcome.scans] == [one, two]


def test_the_azerty_tables_are_bijections_on_the_base45_alphabet() -> None:
    for table in (QWERTY_ON_AZERTY, QWERTY_ON_BELGIAN):
        typed = [table.get(char, char) for char in BASE45_ALPHABET]
        assert len(set(typed)) == len(BASE45_ALPHABET)
    assert "".join(QWERTY_ON_AZERTY[c] for c in "1234567890") == "&é\"'(-è_çà"
    assert "".join(QWERTY_ON_AZERTY.get(c, c) for c in "AT2:") == "QTéM"


@pytest.mark.parametrize("layout", ["fr", "be"])
def test_a_qwerty_scanner_on_an_azerty_system_is_corrected(layout) -> None:
    table = QWERTY_ON_AZERTY if layout == "fr" else QWERTY_ON_BELGIAN
    rng = random.Random(f"azerty-{layout}")
    corrected: list[str] = []
    for _ in range(200):
        payload = samples.scanner_payload(rng)
        typed = "".join(table.get(c, c) for c in payload)
        keys = samples.scanner_burst(rng, typed, terminator=rng.choice(["enter", "tab", None]))
        outcome = samples.drive(WedgeDetector(on_corrected=corrected.append), keys)
        assert [scan.payload for scan in outcome.scans] == [payload]
        assert outcome.notices == [] and outcome.typed == []
    assert set(corrected) <= {"fr", "be"} and corrected


def test_an_azerty_mangled_code_that_cannot_be_corrected_gets_the_french_advice() -> None:
    ean13 = "9782070612758"  # a book's barcode: not one of our formats once corrected either
    typed = samples.to_azerty(ean13)
    assert read_layout(typed).problem == LAYOUT_ADVICE
    keys = samples.scanner_burst(random.Random(8), typed, hiccup=False)
    outcome = samples.drive(WedgeDetector(), keys)
    assert outcome.scans == [] and outcome.typed == []
    assert outcome.notices == [LAYOUT_ADVICE]
    assert "AZERTY" in LAYOUT_ADVICE and "manuel" in LAYOUT_ADVICE


def test_other_barcodes_are_passed_on_as_read() -> None:
    assert read_layout("9782070612758").payload == "9782070612758"  # the verdict refuses it
    assert read_layout("ATP1:abc").problem is None
    keys = samples.scanner_burst(random.Random(9), "9782070612758", hiccup=False)
    outcome = samples.drive(WedgeDetector(), keys)
    assert [scan.payload for scan in outcome.scans] == ["9782070612758"]


def test_a_lowercase_code_is_kept_as_read() -> None:
    assert read_layout("at2:abc").payload == "at2:abc"  # the reader upper-cases Base45
