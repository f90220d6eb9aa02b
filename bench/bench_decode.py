"""Decode time on a 1280×720 grayscale frame holding a QR of an `ATP1:` code's size.

    python bench/bench_decode.py [--runs 50] [--noise 0]

Prints the median and p95 in milliseconds of `scanner`'s default decoder beside a raw baseline
measured in the same run on the same frames (plain `pyzbar.decode`, every symbology, no inverted
pass), and their ratio. Machines differ: compare the ratio, not the milliseconds. Three frames:
a dark-on-light code, a light-on-dark code (our second pass reads it, the baseline does not),
and an empty frame (the common case in a webcam loop, where our second pass costs a full scan).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import segno

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyzbar import pyzbar

from scanner.decoders import default_decoder

WIDTH, HEIGHT = 1280, 720


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def payload() -> str:
    """ "ATP1:" + 200 characters of claims + "." + 86 of signature (292 characters)."""
    claims = b64(hashlib.sha512(b"claims").digest() * 2 + bytes(range(22)))
    return f"ATP1:{claims}.{b64(hashlib.sha512(b'signature').digest())}"


def grey_frame(noise: float, seed: int) -> np.ndarray:
    """Mid-grey, with sensor-like Gaussian noise of standard deviation `noise` (float array)."""
    frame = np.full((HEIGHT, WIDTH), 128.0)
    if noise:
        frame += np.random.default_rng(seed).normal(0, noise, size=frame.shape)
    return frame.clip(0, 255)


def frame_with_code(
    text: str, *, noise: float, scale: int = 5, inverted: bool = False
) -> np.ndarray:
    """A mid-grey 720p frame with the code (and its quiet zone) a little right of the middle."""
    qr = segno.make(text, error="m")
    modules = np.pad(np.array(qr.matrix, dtype=bool), 4, constant_values=False)
    code = np.where(np.kron(modules, np.ones((scale, scale), dtype=bool)), 30, 225)
    frame = grey_frame(noise, seed=1)
    y, x = (HEIGHT - code.shape[0]) // 2, (WIDTH - code.shape[1]) // 2 + 80
    frame[y : y + code.shape[0], x : x + code.shape[1]] = code
    frame = frame.astype(np.uint8)
    return np.bitwise_not(frame) if inverted else frame


def timings_ms(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--noise",
        type=float,
        default=0.0,
        help="standard deviation of the Gaussian noise added to the frame, in grey levels "
        "(0: a clean digital frame; 4-8: closer to a webcam, and much slower for the baseline)",
    )
    args = parser.parse_args()

    text = payload()
    qr = segno.make(text, error="m")
    decoder = default_decoder()
    frames = {
        "code": frame_with_code(text, noise=args.noise),
        "inverted code": frame_with_code(text, noise=args.noise, inverted=True),
        "no code": grey_frame(args.noise, seed=2).astype(np.uint8),
    }

    print(
        f"{WIDTH}×{HEIGHT} gray, noise σ={args.noise:g}, "
        f"QR version {qr.version}-{qr.error} ({len(text)} chars)"
    )
    print(f"{platform.python_implementation()} {platform.python_version()}, {args.runs} runs")
    header = f"{'frame':<14} {'decoder':<26} {'median ms':>9} {'p95 ms':>7}  read"
    print(header)
    print("-" * len(header))
    for label, frame in frames.items():
        ours_read = [found.text == text for found in decoder.decode_gray(frame)]
        raw_read = [found.data.decode() == text for found in pyzbar.decode(frame)]
        ours = timings_ms(lambda frame=frame: decoder.decode_gray(frame), args.runs)
        raw = timings_ms(lambda frame=frame: pyzbar.decode(frame), args.runs)
        for name, samples, read in (
            (f"scanner ({decoder.name})", ours, ours_read),
            ("raw pyzbar.decode", raw, raw_read),
        ):
            med = statistics.median(samples)
            print(f"{label:<14} {name:<26} {med:9.2f} {p95(samples):7.2f}  {any(read)}")
        ratio = statistics.median(ours) / statistics.median(raw)
        print(f"{label:<14} {'ratio scanner / raw':<26} {ratio:9.2f}")


if __name__ == "__main__":
    main()
