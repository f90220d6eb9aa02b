"""The keyboard-wedge detector on seeded keystroke timings (issue 6, items 3 and 7).

    python bench/bench_wedge.py [--bursts 3000] [--humans 3000] [--seed 2026] [--json]

Prints the detection rate on scanner bursts (read exactly once, with the right payload, nothing
typed into the widget; a quarter of them typed through a French AZERTY layout and corrected),
false positives on human typing samples (a scan emitted, or a key lost, reordered or changed),
how long a human key is held back before the widget gets it, and the detector's cost per
keystroke (each `key()` call, median and p95). The samples come from `bench/wedge_samples.py`.

Baseline, measured on the same samples: the rule of pretixSCAN desktop's newer build (FIELD-NOTES:
a buffer matching `[A-Za-z0-9=+/]{5,}` when Enter comes is a scan; the buffer is cleared after
2 s), which looks at the characters, not the timing.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import Report, summary_us  # bench/ is on sys.path when run as a script
from wedge_samples import (
    Key,
    drive,
    expected_typing,
    human_sample,
    scanner_burst,
    scanner_payload,
    to_azerty,
)

from scanner.wedge import WedgeDetector, WedgeTiming

_PRETIX_SCAN = re.compile(r"[A-Za-z0-9=+/]{5,}")


def pretix_rule(keys: list[Key]) -> list[str]:
    """The baseline: what the character rule would report as scans."""
    scans: list[str] = []
    buffer: list[str] = []
    last = float("-inf")
    for key in keys:
        if key.at - last > 2.0:
            buffer.clear()
        last = key.at
        if key.kind == "key":
            buffer.append(key.text)
        elif key.kind == "enter":
            text = "".join(buffer)
            buffer.clear()
            if _PRETIX_SCAN.fullmatch(text):
                scans.append(text)
        else:
            buffer.clear()
    return scans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bursts", type=int, default=3000)
    parser.add_argument("--humans", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = Report(to_stderr=args.json, label_width=46)
    rng = random.Random(args.seed)
    timing = WedgeTiming()
    report.line(
        f"== wedge detector, seed {args.seed}, Python {platform.python_version()}, "
        f"{platform.machine()} =="
    )
    report.line(
        f"thresholds: key gap <= {timing.max_key_gap * 1000:.0f} ms, median <= "
        f"{timing.max_median_gap * 1000:.0f} ms over {timing.confirm_keys} keys, end pause "
        f"{timing.end_pause * 1000:.0f} ms, double read {timing.repeat_window:.1f} s"
    )

    read = azerty = base_read = 0
    by_terminator: dict[str, list[int]] = {}
    misses: list[str] = []
    burst_keys = 0
    for _ in range(args.bursts):
        payload = scanner_payload(rng)
        terminator = rng.choice(["enter", "tab", None])
        mangled = rng.random() < 0.25
        keys = scanner_burst(rng, to_azerty(payload) if mangled else payload, terminator=terminator)
        burst_keys += len(keys)
        outcome = drive(WedgeDetector(timing), keys)
        ok = [scan.payload for scan in outcome.scans] == [payload] and not outcome.typed
        base_read += pretix_rule(keys) == [payload]
        read += ok
        azerty += ok and mangled
        tally = by_terminator.setdefault(str(terminator), [0, 0])
        tally[0] += ok
        tally[1] += 1
        if not ok and len(misses) < 5:
            misses.append(f"{payload[:24]}… ({len(payload)} chars, {terminator})")
    report.line(
        f"{'scanner bursts read exactly once':<46} {read}/{args.bursts} "
        f"({100 * read / args.bursts:.2f} %)"
    )
    for name, (ok, total) in sorted(by_terminator.items()):
        report.line(f"{'  ... ended by ' + name:<46} {ok}/{total}")
    report.line(f"{'  ... of them typed through AZERTY, corrected':<46} {azerty}")
    report.line(
        f"{'  baseline (pretixSCAN character rule)':<46} {base_read}/{args.bursts} "
        f"({100 * base_read / args.bursts:.2f} %)"
    )
    for miss in misses:
        report.line(f"  missed: {miss}")

    flagged = lost = base_flagged = 0
    human_keys = 0
    delays: list[float] = []
    for _ in range(args.humans):
        keys = human_sample(rng)
        human_keys += len(keys)
        outcome = drive(WedgeDetector(timing), keys)
        flagged += bool(outcome.scans)
        base_flagged += bool(pretix_rule(keys))
        lost += outcome.text != expected_typing(keys)
        delays.extend(outcome.delays)
    report.line(
        f"{'human samples flagged as a scan':<46} {flagged}/{args.humans} ({human_keys} keys)"
    )
    report.line(f"{'  baseline (pretixSCAN character rule)':<46} {base_flagged}/{args.humans}")
    report.line(f"{'human samples with a key lost or reordered':<46} {lost}/{args.humans}")
    ordered = sorted(delays)
    median, p95 = ordered[len(ordered) // 2], ordered[int(0.95 * (len(ordered) - 1))]
    report.line(
        f"{'human key held back before the widget':<46} median {median * 1000:.1f} ms  "
        f"p95 {p95 * 1000:.1f} ms  max {ordered[-1] * 1000:.1f} ms"
    )

    cost_rng = random.Random(args.seed + 1)
    samples_ns: list[int] = []
    for _ in range(300):  # a burst, then a cashier typing 2 s later: every key() call timed
        keys = scanner_burst(cost_rng, scanner_payload(cost_rng), hiccup=False)
        later = keys[-1].at + 2.0
        keys += [Key(later + key.at, key.text, key.kind) for key in human_sample(cost_rng)]
        detector: WedgeDetector[str] = WedgeDetector(timing)
        for key in keys:
            if key.kind != "key":
                detector.terminator(key.at)
                continue
            start = time.perf_counter_ns()
            detector.key(key.text, key.at, key.text)
            samples_ns.append(time.perf_counter_ns() - start)
    report.timing("key_cost", "detector cost per keystroke", summary_us(samples_ns))
    report.figures.update(
        bursts=args.bursts,
        bursts_read=read,
        baseline_bursts_read=base_read,
        baseline_humans_flagged=base_flagged,
        humans=args.humans,
        humans_flagged=flagged,
        humans_altered=lost,
        burst_keys=burst_keys,
        human_keys=human_keys,
    )
    if args.json:
        print(json.dumps(report.figures, indent=2))
    return 0 if read == args.bursts and flagged == 0 and lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
