"""The webcam worker against a fake camera at 30 fps: what it sustains, how late codes arrive,
and how much the GUI event loop suffers meanwhile (issue 6, item 7, camera part).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_camera.py [--seconds 10]

The fake camera (`scanner.fake_camera.FakeCapture`, paced at 30 fps like a real one, each frame
a fresh copy) plays one second of a real paper credential's QR code then one second of an empty
counter top, in a loop, so the code comes and goes and each appearance is one `ScanEvent`. The
worker decodes with `default_decoder()` (the production seam). Measured:

- capture fps (frames read) and decode fps (frames decoded; the rest are skipped as stale);
- frame→event: from the moment `read()` returned the frame showing the code to the `ScanEvent`
  (a) handed to the callback in the worker thread, (b) received by a slot on the GUI thread;
- GUI event-loop latency: a 5 ms QTimer on the GUI thread, how late each tick fires.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from timing import summary_us, us

from pos_app.domain.credentials import issue_code
from pos_app.domain.model import SupportKind
from pos_app.ui.camera import CameraController
from scanner.camera import CameraConfig, CameraWorker
from scanner.fake_camera import FakeCapture, FakeOpener, blank_frame, qr_frame


def real_payload() -> str:
    return issue_code(
        Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32),
        region="NOR",
        beneficiary="5f1e0c2a9b8d7e6f0011223344556677",
        serial="AT25-0001234567",
        support=SupportKind.PAPER,
        holder_name="Marie-Geneviève de La Tour-d'Auvergne-Lauraguais",
        birth_date=date(2008, 2, 29),
        issued_at=datetime(2025, 9, 1, 8, tzinfo=UTC),
        expires_at=datetime(2026, 8, 31, 22, tzinfo=UTC),
    )


def run(app: QApplication, width: int, height: int, seconds: float) -> None:
    payload = real_payload()
    frames = [qr_frame(payload, width, height, fill=0.5)] * 30 + [blank_frame(width, height)] * 30
    worker_latency: list[int] = []
    gui_latency: list[int] = []
    workers: list[CameraWorker] = []

    def factory(on_scan, on_status) -> CameraWorker:
        def timed_scan(event) -> None:
            worker_latency.append(int((time.monotonic() - event.at) * 1e9))
            on_scan(event)

        worker = CameraWorker(
            CameraConfig(width=width, height=height),
            timed_scan,
            on_status,
            opener=FakeOpener([FakeCapture(frames, fps=30, after="loop")]),
        )
        workers.append(worker)
        return worker

    controller = CameraController(factory)
    payloads: list[str] = []

    def received(event) -> None:
        gui_latency.append(int((time.monotonic() - event.at) * 1e9))
        payloads.append(event.payload)

    controller.scanned.connect(received)
    lateness: list[int] = []
    last = [time.perf_counter_ns()]

    def tick() -> None:
        now = time.perf_counter_ns()
        lateness.append(max(0, now - last[0] - 5_000_000))
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    started = time.monotonic()
    controller.start()
    # app.exec(), not a processEvents() loop: on PySide6 6.12 / Python 3.11 each processEvents()
    # call drops a reference to None, and ~20 000 calls abort the process (none_dealloc).
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    stats = workers[0].stats
    elapsed = time.monotonic() - started
    controller.stop()
    timer.stop()
    label = f"{width}×{height}"
    print(f"--- {label}, fake camera at 30 fps, {elapsed:.1f} s, decoder: default_decoder()")
    print(
        f"capture: {stats.frames_read / elapsed:.1f} fps read; decode: "
        f"{stats.frames_decoded / elapsed:.1f} fps decoded, {stats.frames_skipped} stale frames "
        f"skipped ({stats.frames_skipped / max(1, stats.frames_read):.0%})"
    )
    wrong = [p for p in payloads if p != payload]
    print(
        f"events: {len(payloads)} (code shown {int(elapsed // 2) + 1} times), wrong: {len(wrong)}"
    )
    for name, samples in (
        ("frame→event, worker thread", worker_latency),
        ("frame→event, GUI thread slot", gui_latency),
        ("GUI 5 ms timer lateness", lateness),
    ):
        if samples:
            figure = summary_us(samples)
            print(
                f"{name:<32} median {us(figure['median_us']):>9}  p95 {us(figure['p95_us']):>9}"
                f"  max {us(max(samples) / 1000):>9}  (n={figure['runs']})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    print(f"{os.cpu_count()} CPU(s), QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}")
    for width, height in ((1280, 720), (640, 480)):
        run(app, width, height, args.seconds)


if __name__ == "__main__":
    main()
