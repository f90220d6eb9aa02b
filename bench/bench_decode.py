"""QR decoders side by side on the same distorted frames: read rate, wrong reads, ms per frame.

    python bench/bench_decode.py [--count 240] [--seed 2026] [--small 80] [--skip-opencv]
                                 [--repeat 3]

Builds the distorted set (`scanner.testing.distort`: real signed payloads, QR versions 9-13 at
level M, on phone screens and paper, rotated, tilted, blurred, noised, JPEG-compressed) at
1280×720, and a smaller one at 640×480, then runs on exactly the same frames:

- each raw decoder, restricted to QR: zxing-cpp, pyzbar (one pass, then with the inverted pass),
  OpenCV's detector (the ArUco-based one when present);
- `FramePipeline` over zxing-cpp (what the camera worker calls), and over pyzbar;
- the same frames as a camera shows them: each image as 5 consecutive frames (shifted by up to
  3 px, fresh sensor noise), read if any of the 5 decodes; the pipeline keeps its state between
  the 5 frames (it resumes the retries the previous frame had no time for) and forgets it
  between images;
- the pipeline with one step switched off at a time, within the per-frame budget and without
  budget (ablation: what each step buys);
- the region-of-interest step on a 60-frame sequence of one code moving a little (the fast
  path a camera hits), and frames holding no code at all.

Read rate counts a frame read when the decoder returns the exact encoded payload; any other text
is a wrong read (the target is 0). "≤9 ms" counts it only if the call that read it took at most
the pipeline's 9 ms budget, timed around the call (the pipeline's own clock only decides which
retries to start). The pipeline's in-budget rate is repeated (`--repeat`), then measured with
its budget and timing on the thread's CPU clock, which other processes' load on a shared machine
barely moves; a table gives what each of its passes cost and read. Times are per frame, median
and p95, on this machine: compare ratios between decoders of the same run, and mind the load
average printed.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from qr_payloads import real_payloads  # noqa: E402

from scanner.decoders import (  # noqa: E402
    Decoded,
    OpenCVDecoder,
    PyzbarDecoder,
    ZxingDecoder,
)
from scanner.pipeline import ALL_STEPS, FramePipeline  # noqa: E402
from scanner.testing.distort import Scene, distorted_set, empty_frames  # noqa: E402

Run = Callable[[np.ndarray], list[Decoded]]


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


BUDGET_MS = 9.0
"""The pipeline's per-frame budget: a read counts "in budget" only if its frame took no longer,
as timed here around the call (the pipeline's own clock only decides which retries to start)."""


def measure(
    run: Run,
    scenes: list[Scene],
    reset: Callable[[], None] | None = None,
    passes: Passes | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> dict:
    run(scenes[0].gray)  # warm-up
    read = timely = wrong = 0
    times = []
    for scene in scenes:
        if reset is not None:
            reset()  # independent photos: no last hit to look around
        start = clock()
        found = run(scene.gray)
        elapsed = (clock() - start) * 1000
        times.append(elapsed)
        texts = [d.text for d in found]
        hit = scene.payload in texts
        read += hit
        timely += hit and elapsed <= BUDGET_MS
        wrong += sum(text != scene.payload for text in texts)
        if passes is not None:
            passes.add()
    return {
        "rate": 100 * read / len(scenes),
        "timely": 100 * timely / len(scenes),
        "read": read,
        "wrong": wrong,
        "median": statistics.median(times),
        "p95": p95(times),
        "over": sum(ms > BUDGET_MS for ms in times),
    }


class Passes:
    """What each of the pipeline's passes cost and read, over the frames of one run."""

    def __init__(self, pipeline: FramePipeline) -> None:
        self.pipeline = pipeline
        self.fast: list[float] = []
        self.fast_read = 0
        self.locate: list[float] = []
        self.tries: dict[str, list[float]] = {}
        self.reads: dict[str, int] = {}

    def add(self) -> None:
        last = self.pipeline.last
        if last.step == "roi":
            return  # read around the last hit: no fast path
        self.fast.append(last.fast_ms)
        self.fast_read += last.step == "frame"
        if last.step != "frame":
            self.locate.append(last.locate_ms)
        for step, ms, hit in last.passes:
            kind = re.sub(r"\d", "", step)  # regions1+smooth → regions+smooth
            self.tries.setdefault(kind, []).append(ms)
            self.reads[kind] = self.reads.get(kind, 0) + hit

    def report(self) -> None:
        print(
            f"{'pass':<22} {'tried':>6} {'read':>5} {'med ms':>7} {'p95 ms':>7} {'reads/100ms':>11}"
        )
        rows = [
            ("fast path (frame)", self.fast, self.fast_read),
            ("locate (texture map)", self.locate, 0),
        ]
        rows += [(kind, times, self.reads[kind]) for kind, times in self.tries.items()]
        for kind, times, reads in rows:
            if not times:
                continue
            per_100 = 100 * reads / sum(times) if reads else 0.0
            print(
                f"{kind:<22} {len(times):6d} {reads:5d} {statistics.median(times):7.2f}"
                f" {p95(times) if len(times) > 1 else times[0]:7.2f} {per_100:11.2f}"
            )


def presentations(
    run: Run, scenes: list[Scene], reset: Callable[[], None] | None = None, frames: int = 5
) -> dict:
    """Each scene shown as `frames` consecutive, slightly different frames; read if any decodes."""
    read = timely = wrong = 0
    times = []
    for index, scene in enumerate(scenes):
        rng = np.random.default_rng(10_000 + index)
        if reset is not None:
            reset()  # a new customer: nothing to carry over from the previous code
        for _ in range(frames):
            dx, dy = (int(v) for v in rng.integers(-3, 4, size=2))
            noise = rng.normal(0, 2, size=scene.gray.shape)
            frame = np.clip(np.roll(scene.gray, (dy, dx), axis=(0, 1)) + noise, 0, 255)
            frame = frame.astype(np.uint8)
            start = time.perf_counter()
            found = run(frame)
            elapsed = (time.perf_counter() - start) * 1000
            times.append(elapsed)
            texts = [d.text for d in found]
            wrong += sum(text != scene.payload for text in texts)
            if scene.payload in texts:
                read += 1
                timely += elapsed <= BUDGET_MS  # the frame that read it was in budget
                break
    return {
        "rate": 100 * read / len(scenes),
        "timely": 100 * timely / len(scenes),
        "read": read,
        "wrong": wrong,
        "median": statistics.median(times),
        "p95": p95(times),
    }


def line(name: str, big: dict, small: dict | None) -> str:
    text = (
        f"{name:<30} {big['rate']:6.1f} % {big['timely']:6.1f} % {big['wrong']:5d}"
        f" {big['median']:7.2f} {big['p95']:7.2f}"
    )
    if small is not None:
        text += (
            f"  {small['rate']:6.1f} % {small['timely']:6.1f} % {small['median']:7.2f}"
            f" {small['p95']:7.2f}"
        )
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=240, help="frames at 1280×720")
    parser.add_argument("--small", type=int, default=80, help="frames at 640×480")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-opencv", action="store_true", help="OpenCV is slow (~1 min)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="more runs of the pipeline's in-budget rate (noise)"
    )
    args = parser.parse_args()

    start = time.perf_counter()
    payloads = real_payloads(args.count, seed=6)
    big = distorted_set(payloads, seed=args.seed, size=(1280, 720))
    small = distorted_set(payloads[: args.small], seed=args.seed + 100_000, size=(640, 480))
    built = time.perf_counter() - start
    zxing, zbar = ZxingDecoder(), PyzbarDecoder()
    zbar_one_pass = PyzbarDecoder(try_inverted=False)
    pipeline = FramePipeline(zxing)
    print(
        f"{len(big)} frames 1280×720 + {len(small)} at 640×480 (seed {args.seed}, built in "
        f"{built:.0f} s); {platform.python_implementation()} {platform.python_version()}, "
        f"pipeline budget {pipeline.budget_ms:g} ms"
    )
    header = (
        f"{'decoder':<30} {'1280×720':>8} {'≤9 ms':>8} {'wrong':>5} {'med ms':>7} {'p95 ms':>7}"
        f"  {'640×480':>8} {'≤9 ms':>8} {'med ms':>7} {'p95 ms':>7}"
    )
    print(header)
    print("-" * len(header))
    decoders: list[tuple[str, Run, Callable[[], None] | None]] = [
        ("raw zxing-cpp", zxing.decode_gray, None),
        ("raw pyzbar (one pass)", zbar_one_pass.decode_gray, None),
        ("raw pyzbar + inverted pass", zbar.decode_gray, None),
    ]
    if not args.skip_opencv:
        opencv = OpenCVDecoder()
        decoders.append((f"raw {opencv.name}", opencv.decode_gray, None))
    zbar_pipeline = FramePipeline(zbar)
    unlimited = FramePipeline(zxing, budget_ms=1000, doubt_ms=1000)
    decoders += [
        (pipeline.name, pipeline.decode, pipeline.forget),
        (pipeline.name + " no budget", unlimited.decode, unlimited.forget),
        (zbar_pipeline.name, zbar_pipeline.decode, zbar_pipeline.forget),
    ]
    for name, run, reset in decoders:
        print(line(name, measure(run, big, reset), measure(run, small, reset)), flush=True)
    print(
        f'("≤9 ms": read by a frame that took at most {BUDGET_MS:g} ms, timed around the call;'
        f" load average {os.getloadavg()[0]:.2f})"
    )
    timely = [measure(pipeline.decode, big, pipeline.forget)["timely"] for _ in range(args.repeat)]
    print(
        f"{pipeline.name} ≤9 ms at 1280×720, {args.repeat} more runs: "
        + ", ".join(f"{rate:.1f} %" for rate in timely)
        + f" (median {statistics.median(timely):.1f} %; load average {os.getloadavg()[0]:.2f})"
    )
    # the same, budget and timing on this thread's CPU time: what other processes' load on
    # this shared machine does not change (the till's camera thread runs on the wall clock)
    on_cpu = FramePipeline(zxing, clock=time.thread_time)
    passes = Passes(on_cpu)
    cpu = [
        measure(on_cpu.decode, big, on_cpu.forget, passes if not n else None, time.thread_time)
        for n in range(args.repeat)
    ]
    print(
        f"{pipeline.name} ≤9 ms of CPU time (budget on the thread's CPU clock), "
        f"{args.repeat} runs: "
        + ", ".join(f"{r['timely']:.1f} %" for r in cpu)
        + f" (median {statistics.median(r['timely'] for r in cpu):.1f} %; median"
        f" {statistics.median(r['median'] for r in cpu):.2f} ms, p95"
        f" {statistics.median(r['p95'] for r in cpu):.2f} ms)"
    )

    print(
        f"\nWhat each pass of {pipeline.name} cost and read (1280×720 set; thread CPU ms; a"
        " pass reads a frame when it is the first to): within the budget (the first CPU-clock"
        " run above), then with no budget (every pass in turn until one reads)"
    )
    passes.report()
    free = FramePipeline(zxing, budget_ms=1000, doubt_ms=1000, clock=time.thread_time)
    free_passes = Passes(free)
    measure(free.decode, big, free.forget, free_passes, time.thread_time)
    free_passes.report()

    print(
        "\nPer presentation: each image as 5 consecutive frames (shift ≤ 3 px, new noise), read"
        " if any frame decodes; ms per frame over the frames shown"
    )
    print(header)
    for name, run, reset in (
        ("raw zxing-cpp", zxing.decode_gray, None),
        (pipeline.name, pipeline.decode, pipeline.forget),
    ):
        print(
            line(name, presentations(run, big, reset), presentations(run, small, reset)),
            flush=True,
        )

    print("\nAblation: the zxing-cpp pipeline with one step off (1280×720 set, one frame each)")
    print(
        f"{'pipeline':<30} {'9 ms bgt':>8} {'≤9 ms':>8} {'wrong':>5} {'med ms':>7} {'p95 ms':>7}"
        f"  {'no bgt':>8} {'≤9 ms':>8} {'med ms':>7} {'p95 ms':>7}"
    )
    ablations = [("all steps", ALL_STEPS)] + [
        (f"without {step}", ALL_STEPS - {step}) for step in sorted(ALL_STEPS - {"roi"})
    ]
    for name, steps in ablations:
        budgeted = FramePipeline(zxing, steps=steps)
        free = FramePipeline(zxing, steps=steps, budget_ms=1000, doubt_ms=1000)
        print(
            line(name, measure(budgeted.decode, big, budgeted.forget),
                 measure(free.decode, big, free.forget)),
            flush=True,
        )  # fmt: skip

    # the region of interest: one code held in front of the lens, moving a little
    rng = np.random.default_rng(args.seed)
    base = big[int(np.argmax([s.code_px for s in big[:40]]))]
    sequence = []
    for _ in range(60):
        dx, dy = rng.integers(-6, 7, size=2)
        moved = np.roll(base.gray, (dy, dx), axis=(0, 1))
        sequence.append(Scene(base.payload, moved, "", (), 0, 0))
    print("\nRegion of interest: 60 frames of one code moving a few pixels (1280×720)")
    with_roi = FramePipeline(zxing)
    without_roi = FramePipeline(zxing, steps=ALL_STEPS - {"roi"})
    print(line("with roi", measure(with_roi.decode, sequence), None))
    print(line("without roi", measure(without_roi.decode, sequence), None))

    print("\nFrames with no code (24 at 1280×720): what a camera loop sees most of the time")
    empty = [Scene("", frame, "", (), 0, 0) for frame in empty_frames(24)]
    for name, run in (("raw zxing-cpp", zxing.decode_gray), (pipeline.name, pipeline.decode)):
        pipeline.forget()
        result = measure(run, empty)
        print(f"{name:<30} found {result['wrong']:3d}  median {result['median']:.2f} ms  "
              f"p95 {result['p95']:.2f} ms  over {BUDGET_MS:g} ms: "
              f"{result['over']}/{len(empty)}")  # fmt: skip


if __name__ == "__main__":
    main()
