"""The webcam worker against a fake camera at 30 fps: what it sustains, how late codes and
verdicts arrive, and how much the GUI event loop suffers meanwhile (issue 6, item 7, camera part).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_camera.py [--presentations 120]

A real reference server (demo seed) runs in-process and a real `Till` (the demo cinema) is
enrolled and synced against it, clock frozen with `ATOUTS_POS_NOW`, keyring's `fail` backend.
The fake camera (`scanner.fake_camera.FakeCapture`, paced at 30 fps like a real one, each frame a
fresh copy) plays, in a loop, the codes of the seed's six beneficiaries (`state.qr_payload`) in
turn: 3 frames showing a code, then 3 frames of empty counter top, so every presentation is a new
`ScanEvent` (a payload comes back only after the five others, well after the debouncer re-armed
it). The worker is built exactly as the window builds it (`CameraWorker(config, on_scan,
on_status)`, no `decode=`): its default seam, the frame pipeline over `choose_decoder()`; the
script checks that and prints which decoder it got. Measured, per resolution:

- capture fps (frames read), decode fps (frames decoded; the rest are skipped as stale);
- presentations read: events received / codes shown, and wrong payloads;
- frame→event: from the moment `read()` returned the decoded frame (`ScanEvent.at`) to the event
  (a) handed to the callback in the worker thread, (b) received by a slot on the GUI thread;
- frame→verdict: the same start to `Till.check(payload)` returning its verdict in that GUI slot,
  as the window does it;
- GUI event-loop latency: a 5 ms QTimer on the GUI thread, how late each tick fires while the
  worker scans and the slot checks codes (measured with `app.exec()`, see below).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import keyring
from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from timing import summary_us, us

from pos_app.clock import ENV_NOW
from pos_app.demo import DEMO_PARTNER, DEMO_TRAINING_DATE, demo_seed_path
from pos_app.services import Till
from pos_app.ui.camera import CameraController
from scanner.camera import CameraConfig, CameraWorker
from scanner.fake_camera import FakeCapture, FakeOpener, blank_frame, qr_frame
from scanner.pipeline import FramePipeline
from sync.region_sim.runner import BackgroundServer, open_state

CODE_FRAMES = 3
BLANK_FRAMES = 3
FPS = 30


def worker_decoder(worker: CameraWorker) -> str:
    """What the started worker decodes with: its default seam must be the frame pipeline."""
    decode = worker._decode  # the seam chosen by start(); no public accessor
    cells = [cell.cell_contents for cell in (getattr(decode, "__closure__", None) or ())]
    pipelines = [cell for cell in cells if isinstance(cell, FramePipeline)]
    if not pipelines:
        raise SystemExit(f"the worker's default decode seam is not a FramePipeline: {decode!r}")
    return f"worker default = FramePipeline over choose_decoder() = {pipelines[0].name}"


def line(name: str, samples: list[int]) -> None:
    if not samples:
        print(f"{name:<32} no samples")
        return
    figure = summary_us(samples)
    print(
        f"{name:<32} median {us(figure['median_us']):>9}  p95 {us(figure['p95_us']):>9}"
        f"  max {us(max(samples) / 1000):>9}  (n={figure['runs']})"
    )


def run(
    app: QApplication, till: Till, payloads: list[str], width: int, height: int, shows: int
) -> None:
    frames = []
    for index, payload in enumerate(payloads):
        code = qr_frame(payload, width, height, fill=0.5, seed=index)
        empty = blank_frame(width, height, seed=100 + index)
        frames += [code] * CODE_FRAMES + [empty] * BLANK_FRAMES
    seconds = shows * (CODE_FRAMES + BLANK_FRAMES) / FPS + 0.3
    worker_latency: list[int] = []
    gui_latency: list[int] = []
    verdict_latency: list[int] = []
    verdicts: Counter[str] = Counter()
    received: list[str] = []
    workers: list[CameraWorker] = []

    def factory(on_scan, on_status) -> CameraWorker:
        def timed_scan(event) -> None:
            worker_latency.append(int((time.monotonic() - event.at) * 1e9))
            on_scan(event)

        # as pos_app.ui.camera.default_worker builds it: no decode=, the production default
        worker = CameraWorker(
            CameraConfig(width=width, height=height),
            timed_scan,
            on_status,
            opener=FakeOpener([FakeCapture(frames, fps=FPS, after="loop")]),
        )
        workers.append(worker)
        return worker

    controller = CameraController(factory)

    def scanned(event) -> None:
        gui_latency.append(int((time.monotonic() - event.at) * 1e9))
        verdict = till.check(event.payload)
        verdict_latency.append(int((time.monotonic() - event.at) * 1e9))
        verdicts[verdict.reason] += 1
        received.append(event.payload)

    controller.scanned.connect(scanned)
    lateness: list[int] = []
    last = [time.perf_counter_ns()]

    def tick() -> None:
        now = time.perf_counter_ns()
        lateness.append(max(0, now - last[0] - 5_000_000))
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    started = time.monotonic()
    controller.start()
    decoder = worker_decoder(workers[0])
    last[0] = time.perf_counter_ns()
    timer.start()
    # app.exec(), not a processEvents() loop: on PySide6 6.12 / Python 3.11 each processEvents()
    # call drops a reference to None, and ~20 000 calls abort the process (none_dealloc).
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    timer.stop()
    elapsed = time.monotonic() - started
    stats = workers[0].stats
    cycle = CODE_FRAMES + BLANK_FRAMES
    shown = -(-stats.frames_read // cycle)  # a show counts from its first code frame
    controller.stop()
    wrong = sum(1 for payload in received if payload not in payloads)
    print(f"--- {width}×{height}, fake camera at {FPS} fps, {elapsed:.1f} s, decoder: {decoder}")
    print(
        f"capture: {stats.frames_read / elapsed:.1f} fps read; decode: "
        f"{stats.frames_decoded / elapsed:.1f} fps decoded, {stats.frames_skipped} stale frames "
        f"skipped ({stats.frames_skipped / max(1, stats.frames_read):.0%})"
    )
    print(
        f"presentations: {len(received)} events for {shown} codes shown "
        f"({CODE_FRAMES} frames each, {len(payloads)} payloads in turn), wrong: {wrong}; "
        f"verdicts: {dict(verdicts)}"
    )
    line("frame→event, worker thread", worker_latency)
    line("frame→event, GUI thread slot", gui_latency)
    line("frame→verdict, Till.check (GUI)", verdict_latency)
    line("GUI 5 ms timer lateness", lateness)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--presentations", type=int, default=120, help="codes shown per resolution (default 120)"
    )
    args = parser.parse_args()
    os.environ[ENV_NOW] = DEMO_TRAINING_DATE.isoformat()  # inside the 2025-26 season
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    keyring.set_keyring(fail.Keyring())
    app = QApplication.instance() or QApplication([])
    print(f"{os.cpu_count()} CPU(s), QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}")
    seed = json.loads(demo_seed_path().read_text(encoding="utf-8"))
    code = next(p["enrollment_code"] for p in seed["partners"] if p["id"] == DEMO_PARTNER)
    ids = [b["id"] for b in seed["beneficiaries"]]
    with tempfile.TemporaryDirectory(prefix="atouts-bench-camera-") as tmp:
        base = Path(tmp)
        state = open_state(base / "region", demo_seed_path())
        server = BackgroundServer(state).start()
        try:
            with Till(base / "till") as till:
                till.enroll(server.url, DEMO_PARTNER, code)
                till.sync()
                now = till.now()
                payloads = [state.qr_payload(beneficiary, now) for beneficiary in ids]
                print(f"till: {DEMO_PARTNER} enrolled and synced; payloads: {', '.join(ids)}")
                for width, height in ((1280, 720), (640, 480)):
                    run(app, till, payloads, width, height, args.presentations)
        finally:
            server.stop()
            state.close()
    sys.stdout.flush()
    sys.stderr.flush()
    # PySide6 6.12 / Python 3.11 sometimes aborts while finalizing the interpreter after this run
    # ("Fatal Python error: bool_dealloc", a refcount bug in a C extension, after every figure
    # is printed): leave without finalizing, the temporary folder is already gone.
    os._exit(0)


if __name__ == "__main__":
    main()
