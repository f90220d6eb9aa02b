"""QR decoders side by side on the same distorted frames: read rate, wrong reads, ms per frame.

    python bench/bench_decode.py [--count 240] [--seed 2026] [--small 80] [--skip-opencv]

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
is a wrong read (the target is 0). Times are per frame, median and p95, on this machine: compare
ratios between decoders of the same run.
"""

from __future__ import annotations

import argparse
import platform
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


def measure(run: Run, scenes: list[Scene], reset: Callable[[], None] | None = None) -> dict:
    run(scenes[0].gray)  # warm-up
    read = wrong = 0
    times = []
    for scene in scenes:
        if reset is not None:
            reset()  # independent photos: no last hit to look around
        start = time.perf_counter()
        found = run(scene.gray)
        times.append((time.perf_counter() - start) * 1000)
        texts = [d.text for d in found]
        read += scene.payload in texts
        wrong += sum(text != scene.payload for text in texts)
    return {
        "rate": 100 * read / len(scenes),
        "read": read,
        "wrong": wrong,
        "median": statistics.median(times),
        "p95": p95(times),
    }


def presentations(
    run: Run, scenes: list[Scene], reset: Callable[[], None] | None = None, frames: int = 5
) -> dict:
    """Each scene shown as `frames` consecutive, slightly different frames; read if any decodes."""
    read = wrong = 0
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
            times.append((time.perf_counter() - start) * 1000)
            texts = [d.text for d in found]
            wrong += sum(text != scene.payload for text in texts)
            if scene.payload in texts:
                read += 1
                break
    return {
        "rate": 100 * read / len(scenes),
        "read": read,
        "wrong": wrong,
        "median": statistics.median(times),
        "p95": p95(times),
    }


def line(name: str, big: dict, small: dict | None) -> str:
    text = (
        f"{name:<30} {big['rate']:6.1f} % {big['wrong']:5d} {big['median']:8.2f} {big['p95']:8.2f}"
    )
    if small is not None:
        text += f"  {small['rate']:6.1f} % {small['median']:8.2f} {small['p95']:8.2f}"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=240, help="frames at 1280×720")
    parser.add_argument("--small", type=int, default=80, help="frames at 640×480")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-opencv", action="store_true", help="OpenCV is slow (~1 min)")
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
        f"{'decoder':<30} {'1280×720 read':>8} {'wrong':>5} {'med ms':>8} {'p95 ms':>8}"
        f"  {'640×480 read':>8} {'med ms':>8} {'p95 ms':>8}"
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
        f"{'pipeline':<30} {'9 ms read':>8} {'wrong':>5} {'med ms':>8} {'p95 ms':>8}"
        f"  {'no budget':>8} {'med ms':>8} {'p95 ms':>8}"
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
              f"p95 {result['p95']:.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
