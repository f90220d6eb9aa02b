"""What the settings page's live camera preview costs the decoding: the webcam worker on a fake
camera at 30 fps, the same frames decoded with the preview off and on, in alternate rounds.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_preview.py [--seconds 6] [--rounds 2]

The worker is built as the window builds it, with the production decoder (`choose_decoder()`
behind the frame pipeline), its decode call timed in the decode thread. The fake camera plays
six QR codes in turn (3 frames a code, 3 frames of empty counter top), so codes keep coming.
With the preview on, the `CameraController` sends the small QImages to a QLabel in the GUI
thread, as the settings page does. Measured per mode:

- decode thread: time of one decode call (p50/p95), frames decoded per second, stale frames;
- frame→event (worker thread): from the frame leaving the camera to its ScanEvent;
- preview: frames per second, time spent making them on the capture thread (shrink + QImage
  copy + emit), and the GUI thread's time showing them (QPixmap, scale, setPixmap).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QLabel
from timing import summary_us, us

from pos_app.ui.camera import CameraController
from scanner.camera import CameraConfig, CameraWorker, decode_texts
from scanner.decoders import choose_decoder
from scanner.fake_camera import FakeCapture, FakeOpener, blank_frame, qr_frame
from scanner.pipeline import FramePipeline

FPS = 30
WIDTH, HEIGHT = 1280, 720


def run(app: QApplication, frames: list, preview: bool, seconds: float) -> dict[str, float]:
    decode_ns: list[int] = []
    event_ns: list[int] = []
    show_ns: list[int] = []
    workers: list[CameraWorker] = []
    inner = decode_texts(FramePipeline(choose_decoder().decoder))

    def timed_decode(gray):
        started = time.perf_counter_ns()
        try:
            return inner(gray)
        finally:
            decode_ns.append(time.perf_counter_ns() - started)

    def factory(on_scan, on_status) -> CameraWorker:
        def timed_scan(event) -> None:
            event_ns.append(int((time.monotonic() - event.at) * 1e9))
            on_scan(event)

        worker = CameraWorker(
            CameraConfig(width=WIDTH, height=HEIGHT),
            timed_scan,
            on_status,
            decode=timed_decode,
            opener=FakeOpener([FakeCapture(frames, fps=FPS, after="loop")]),
        )
        workers.append(worker)
        return worker

    label = QLabel()
    label.resize(320, 240)

    def show(image) -> None:
        started = time.perf_counter_ns()
        label.setPixmap(QPixmap.fromImage(image).scaled(320, 240))
        show_ns.append(time.perf_counter_ns() - started)

    controller = CameraController(factory)
    controller.preview.connect(show)
    controller.set_preview(preview)
    started = time.monotonic()
    controller.start()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    elapsed = time.monotonic() - started
    controller.stop()
    stats = workers[0].stats
    decode = summary_us(decode_ns[10:])  # the first calls warm the decoder up
    event = summary_us(event_ns)
    return {
        "decode_p50_us": decode["median_us"],
        "decode_p95_us": decode["p95_us"],
        "decoded_fps": stats.frames_decoded / elapsed,
        "skipped": stats.frames_skipped / max(1, stats.frames_read),
        "event_p50_us": event["median_us"],
        "event_p95_us": event["p95_us"],
        "events": len(event_ns),
        "preview_fps": stats.previews / elapsed,
        "preview_capture_us": 1e6 * stats.preview_seconds / max(1, stats.previews),
        "preview_gui_us": summary_us(show_ns)["median_us"] if show_ns else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="per round (default 6)")
    parser.add_argument("--rounds", type=int, default=2, help="off/on pairs (default 2)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    frames = []
    for index in range(6):
        code = qr_frame(f"ATP1:preview-bench-{index}-0123456789", WIDTH, HEIGHT, fill=0.5)
        frames += [code] * 3 + [blank_frame(WIDTH, HEIGHT, seed=100 + index)] * 3
    print(f"{os.cpu_count()} CPU(s), fake camera {WIDTH}×{HEIGHT} at {FPS} fps, "
          f"{args.rounds}×{args.seconds:.0f} s per mode")  # fmt: skip
    results: dict[bool, list[dict[str, float]]] = {False: [], True: []}
    for _ in range(args.rounds):
        for preview in (False, True):
            results[preview].append(run(app, frames, preview, args.seconds))
    for preview in (False, True):
        rounds = results[preview]

        def mean(key: str, rounds: list[dict[str, float]] = rounds) -> float:
            return sum(r[key] for r in rounds) / len(rounds)

        print(
            f"preview {'ON ' if preview else 'OFF'}: decode call p50 {us(mean('decode_p50_us'))} "
            f"p95 {us(mean('decode_p95_us'))}; {mean('decoded_fps'):.1f} decoded fps, "
            f"{mean('skipped'):.0%} stale skipped; frame→event p50 {us(mean('event_p50_us'))} "
            f"p95 {us(mean('event_p95_us'))} ({mean('events'):.0f} events)"
        )
        if preview:
            print(
                f"   preview: {mean('preview_fps'):.1f} fps, capture thread "
                f"{us(mean('preview_capture_us'))} each, GUI thread {us(mean('preview_gui_us'))} "
                f"each (p50)"
            )
    sys.stdout.flush()
    os._exit(0)  # as bench_camera: PySide6 may abort while finalizing after app.exec() runs


if __name__ == "__main__":
    main()
