"""The webcam worker fed by a fake camera playing frames with real QR codes of real payloads.

Most tests run the fake camera in lockstep with the decoder (each read waits for the previous
frame to be decoded), so every frame is decoded and the outcome does not depend on the machine's
speed; the stale-frame test runs it at a real 30 fps against a slow decoder.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos_app.domain.credentials import issue_code
from pos_app.domain.model import SupportKind
from scanner.camera import (
    CameraConfig,
    CameraInfo,
    CameraState,
    CameraStatus,
    CameraWorker,
    Debouncer,
    decode_texts,
    list_cameras,
    preview_frame,
)
from scanner.decoders import Decoder, default_decoder
from scanner.events import ScanEvent, ScanSource
from scanner.fake_camera import FakeCapture, FakeOpener, blank_frame, frame_number, qr_frame

REGION_KEY = Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32)


def payload(serial: str, name: str = "Léa Dupont-Martin") -> str:
    """A real paper credential, as the Region signs it."""
    return issue_code(
        REGION_KEY,
        region="NOR",
        beneficiary="5f1e0c2a9b8d7e6f0011223344556677",
        serial=serial,
        support=SupportKind.PAPER,
        holder_name=name,
        birth_date=date(2008, 2, 29),
        issued_at=datetime(2025, 9, 1, 8, tzinfo=UTC),
        expires_at=datetime(2026, 8, 31, 22, tzinfo=UTC),
    )


A = payload("AT25-0000000001")
B = payload("AT25-0000000002", "Hugo Bernard")


@pytest.fixture(scope="module")
def decoder() -> Decoder:
    return default_decoder()


@pytest.fixture(scope="module")
def frames() -> dict[str, np.ndarray]:
    """One frame of each kind, rendered once (segno + numpy at 640×480)."""
    return {
        "A": qr_frame(A, 640, 480),
        "B": qr_frame(B, 640, 480),
        "AB": _two_codes(),
        "blank": blank_frame(640, 480),
    }


def _two_codes() -> np.ndarray:
    left = qr_frame(A, 640, 480, fill=0.45, offset=(-165, 0))
    right = qr_frame(B, 640, 480, fill=0.45, offset=(165, 0))
    left[:, 320:] = right[:, 320:]
    return left


class Recorder:
    """Collects what the worker calls back with, and lets a test wait for it."""

    def __init__(self) -> None:
        self.events: list[ScanEvent] = []
        self.statuses: list[CameraStatus] = []
        self._changed = threading.Condition()

    def scan(self, event: ScanEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def status(self, status: CameraStatus) -> None:
        with self._changed:
            self.statuses.append(status)
            self._changed.notify_all()

    def wait(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():  # polled too: some conditions are not callbacks
                assert time.monotonic() < deadline, (self.events, self.statuses)
                self._changed.wait(0.01)

    @property
    def states(self) -> list[CameraState]:
        return [status.state for status in self.statuses]


class FrameClock:
    """The worker's clock in lockstep tests: 1/30 s per frame read, whatever the machine."""

    def __init__(self, capture_list: list[FakeCapture]) -> None:
        self.captures = capture_list

    def __call__(self) -> float:
        return sum(capture.frames_served for capture in self.captures) / 30


def lockstep(
    captures: list[FakeCapture], decoder: Decoder, recorder: Recorder, **options: object
) -> tuple[CameraWorker, FakeOpener, list[int]]:
    """A worker whose fake cameras give the next frame only once the last one is decoded."""
    gate = threading.Semaphore(1)
    for capture in captures:
        capture.gate = gate
    decoded: list[int] = []
    real = decode_texts(decoder)

    def decode(gray: np.ndarray) -> list[str]:
        try:
            return real(gray)
        finally:
            decoded.append(frame_number(gray))
            gate.release()

    opener = FakeOpener(captures)
    worker = CameraWorker(
        CameraConfig(index=0, width=640, height=480),
        recorder.scan,
        recorder.status,
        decode=decode,
        opener=opener,
        present=lambda index: True,
        backoff=(0.01, 0.02),
        clock=FrameClock(list(captures)),
        **options,  # type: ignore[arg-type]
    )
    return worker, opener, decoded


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def stopped() -> Iterator[list[CameraWorker]]:
    """Workers a test started; stopped at the end whatever happened."""
    workers: list[CameraWorker] = []
    yield workers
    for worker in workers:
        assert worker.stop(), "a camera thread did not stop"


def run_to_end(worker: CameraWorker, capture: FakeCapture, recorder: Recorder) -> None:
    """Start, wait until every frame has been decoded, stop."""
    worker.start()
    recorder.wait(lambda: worker.stats.frames_decoded >= len(capture.frames), timeout=30)
    assert worker.stop()


# --- debounce ------------------------------------------------------------------------------


def test_debouncer_rule() -> None:
    debounce = Debouncer(absent_frames=5, absent_seconds=0.5)
    t = 0.0
    assert debounce.feed(["A"], t) == ["A"]
    for _ in range(49):  # held in front of the lens
        t += 1 / 30
        assert debounce.feed(["A"], t) == []
    for _ in range(3):  # three frames lost to glare: not a new sighting
        t += 1 / 30
        assert debounce.feed([], t) == []
    assert debounce.feed(["A"], t + 1 / 30) == []
    t += 1 / 30
    for _ in range(20):  # 20 frames, 0.67 s away: re-armed
        t += 1 / 30
        assert debounce.feed([], t) == []
    assert debounce.feed(["A", "B"], t + 1 / 30) == ["A", "B"]


def test_debouncer_needs_both_frames_and_time() -> None:
    """A slow decoder (5 frames in 0.25 s) does not re-arm a code after 5 frames only."""
    debounce = Debouncer(absent_frames=5, absent_seconds=0.5)
    assert debounce.feed(["A"], 0.0) == ["A"]
    for step in range(1, 6):
        debounce.feed([], step * 0.05)
    assert debounce.feed(["A"], 0.3) == []


def test_same_code_held_for_50_frames_is_one_event(
    decoder: Decoder, frames: dict, recorder: Recorder
) -> None:
    capture = FakeCapture([frames["A"]] * 50)
    worker, _, decoded = lockstep([capture], decoder, recorder)
    run_to_end(worker, capture, recorder)
    assert [event.payload for event in recorder.events] == [A]
    assert recorder.events[0].source is ScanSource.CAMERA
    assert decoded == list(range(1, 51))  # every frame was decoded: none skipped in lockstep


def test_code_shown_again_after_the_absence_window_is_a_second_event(
    decoder: Decoder, frames: dict, recorder: Recorder
) -> None:
    # 20 empty frames = 0.67 s at 30 fps: longer than both 5 frames and 0.5 s.
    played = [frames["A"]] * 10 + [frames["blank"]] * 20 + [frames["A"]] * 10
    capture = FakeCapture(played)
    worker, _, _ = lockstep([capture], decoder, recorder)
    run_to_end(worker, capture, recorder)
    assert [event.payload for event in recorder.events] == [A, A]
    assert recorder.events[1].at - recorder.events[0].at == pytest.approx(30 / 30)


def test_code_hidden_briefly_is_not_read_twice(
    decoder: Decoder, frames: dict, recorder: Recorder
) -> None:
    played = [frames["A"]] * 10 + [frames["blank"]] * 4 + [frames["A"]] * 10
    capture = FakeCapture(played)
    worker, _, _ = lockstep([capture], decoder, recorder)
    run_to_end(worker, capture, recorder)
    assert [event.payload for event in recorder.events] == [A]


def test_two_different_codes_are_two_events_at_once(
    decoder: Decoder, frames: dict, recorder: Recorder
) -> None:
    played = [frames["A"]] * 5 + [frames["B"]] * 5 + [frames["AB"]] * 5
    capture = FakeCapture(played)
    worker, _, _ = lockstep([capture], decoder, recorder)
    run_to_end(worker, capture, recorder)
    assert [event.payload for event in recorder.events] == [A, B]
    # B reported on the first frame that shows it, without waiting for A to go away
    assert recorder.events[1].at == pytest.approx(6 / 30)


# --- the camera going wrong ----------------------------------------------------------------


def test_unplugged_mid_session_is_reported_then_reopened(
    decoder: Decoder, frames: dict, recorder: Recorder
) -> None:
    before = FakeCapture([frames["blank"]] * 3 + [frames["A"]] * 5)  # then read() fails
    still_gone = FakeCapture(opened=False)
    back = FakeCapture([frames["B"]] * 5)
    worker, opener, _ = lockstep([before, still_gone, back], decoder, recorder)
    worker.start()
    recorder.wait(lambda: len(recorder.events) == 2)
    assert worker.stop()
    assert [event.payload for event in recorder.events] == [A, B]
    assert recorder.states[:5] == [
        CameraState.STARTING,
        CameraState.RUNNING,
        CameraState.UNPLUGGED,
        CameraState.BUSY,  # the node is there but will not open yet
        CameraState.RUNNING,
    ]
    unplugged = recorder.statuses[2].message
    assert "ne répond plus" in unplugged and "Rebranchez" in unplugged
    assert recorder.statuses[4].message.startswith("Caméra reconnectée")
    assert len(opener.opened) == 3 and before.released and back.released


def test_no_camera_says_so_in_french_and_keeps_trying(recorder: Recorder) -> None:
    opener = FakeOpener([])
    worker = CameraWorker(
        CameraConfig(index=0),
        recorder.scan,
        recorder.status,
        decode=lambda gray: [],
        opener=opener,
        present=lambda index: False,
        backoff=(0.01,),
    )
    worker.start()
    recorder.wait(lambda: len(opener.opened) >= 3)  # retried, reported once
    assert worker.stop()
    assert recorder.states == [CameraState.STARTING, CameraState.NO_CAMERA, CameraState.STOPPED]
    assert recorder.statuses[1].message.startswith("Aucune caméra détectée")
    assert recorder.events == []


@pytest.mark.parametrize("how", ["open fails", "no frames"])
def test_busy_camera_says_so_in_french(recorder: Recorder, how: str) -> None:
    capture = FakeCapture(opened=how == "no frames")  # opened but every read fails
    worker = CameraWorker(
        CameraConfig(index=0),
        recorder.scan,
        recorder.status,
        decode=lambda gray: [],
        opener=FakeOpener([capture]),
        present=lambda index: True,
        first_frame_timeout=0.1,
        backoff=(0.01,),
    )
    worker.start()
    recorder.wait(lambda: CameraState.BUSY in recorder.states)
    assert worker.stop()
    busy = next(status for status in recorder.statuses if status.state is CameraState.BUSY)
    assert "utilisée par une autre application" in busy.message
    assert capture.released


def test_stale_frames_are_skipped_for_the_newest(frames: dict, recorder: Recorder) -> None:
    """Camera at a real 30 fps, decoder taking 100 ms: each decode takes the newest frame."""
    capture = FakeCapture([frames["blank"]], fps=30, after="loop")
    newest_when_taken: list[tuple[int, int]] = []

    def slow_decode(gray: np.ndarray) -> list[str]:
        newest_when_taken.append((frame_number(gray), capture.frames_served))
        time.sleep(0.1)
        return []

    worker = CameraWorker(
        CameraConfig(index=0, width=640, height=480),
        recorder.scan,
        recorder.status,
        decode=slow_decode,
        opener=FakeOpener([capture]),
    )
    worker.start()
    time.sleep(1.0)
    assert worker.stop()
    stats = worker.stats
    assert 5 <= stats.frames_decoded <= 11  # ~10 decodes of 100 ms in 1 s: no backlog
    assert stats.frames_read >= 20  # the capture kept reading at the camera's pace meanwhile
    assert stats.frames_skipped >= stats.frames_read - stats.frames_decoded - 1
    for number, served in newest_when_taken:
        assert served - number <= 1  # the newest frame (or the one arriving as it was taken)
    numbers = [number for number, _ in newest_when_taken]
    assert numbers == sorted(set(numbers))


def test_stop_ends_both_threads_and_releases_the_camera(frames: dict, recorder: Recorder) -> None:
    capture = FakeCapture([frames["blank"]], fps=30, after="loop")
    worker = CameraWorker(
        CameraConfig(index=0), recorder.scan, recorder.status, opener=FakeOpener([capture])
    )
    worker.start()
    recorder.wait(lambda: CameraState.RUNNING in recorder.states)
    started = time.monotonic()
    assert worker.stop(timeout=2)
    assert time.monotonic() - started < 1.0
    assert not worker.running and capture.released
    assert not [t for t in threading.enumerate() if t.name.startswith("camera-")]
    assert recorder.states[-1] is CameraState.STOPPED
    worker.start()  # a stopped worker can start again
    assert worker.stop()


def test_preview_frames_are_small_rate_limited_and_only_while_wanted(
    frames: dict, recorder: Recorder, stopped: list[CameraWorker]
) -> None:
    capture = FakeCapture([frames["blank"]], fps=60, after="loop")
    worker = CameraWorker(
        CameraConfig(index=0), recorder.scan, recorder.status, opener=FakeOpener([capture])
    )
    stopped.append(worker)
    previews: list[np.ndarray] = []
    worker.start()
    recorder.wait(lambda: worker.stats.frames_read >= 10)
    assert worker.stats.previews == 0  # no callback, no work
    worker.set_preview(previews.append)
    time.sleep(1.0)
    worker.set_preview(None)
    count = len(previews)
    assert 5 <= count <= 11  # at most 10 a second from a 60 fps camera
    height, width = frames["blank"].shape[:2]
    assert previews[0].shape == (round(height * 320 / width), 320, 3)
    assert previews[0].flags["C_CONTIGUOUS"]
    time.sleep(0.3)
    assert len(previews) == count
    small = np.zeros((100, 200), np.uint8)
    assert preview_frame(small).shape == (100, 200) and preview_frame(small) is not small


def test_decoding_error_is_logged_and_the_worker_goes_on(
    frames: dict, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[int] = []

    def flaky(gray: np.ndarray) -> list[str]:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("decoder crashed")
        return ["ok"]

    capture = FakeCapture([frames["blank"]], fps=30, after="hold")
    worker = CameraWorker(
        CameraConfig(index=0), recorder.scan, recorder.status, decode=flaky,
        opener=FakeOpener([capture]),
    )  # fmt: skip
    worker.start()
    recorder.wait(lambda: len(recorder.events) == 1)
    assert worker.stop()
    assert "decoding a frame failed" in caplog.text


# --- 1280×720 with the real decoder through the default seam --------------------------------


def test_default_decoder_reads_a_720p_frame(recorder: Recorder) -> None:
    capture = FakeCapture([qr_frame(A, 1280, 720, fill=0.5)], fps=30, after="hold")
    worker = CameraWorker(
        CameraConfig(), recorder.scan, recorder.status, opener=FakeOpener([capture])
    )
    worker.start()  # decode=None: default_decoder(), the production path
    recorder.wait(lambda: len(recorder.events) == 1)
    assert worker.stop()
    assert recorder.events[0].payload == A


# --- choosing a camera ---------------------------------------------------------------------


def _sysfs(root: Path, nodes: dict[str, tuple[str, str]]) -> Path:
    for node, (name, index) in nodes.items():
        (root / node).mkdir(parents=True)
        (root / node / "name").write_text(name + "\n")
        (root / node / "index").write_text(index + "\n")
    return root


def test_list_cameras_reads_sysfs_names_and_skips_metadata_nodes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    root = _sysfs(
        tmp_path / "sys",
        {
            "video0": ("Integrated Camera: Integrated C", "0"),
            "video1": ("Integrated Camera: Integrated C", "1"),  # its metadata node
            "video10": ("HD Pro Webcam C920", "0"),
            "video2": ("HD Pro Webcam C920", "0"),
        },
    )
    assert list_cameras(sys_root=root, dev_root=tmp_path / "dev") == [
        CameraInfo(0, "Integrated Camera: Integrated C"),
        CameraInfo(2, "HD Pro Webcam C920"),
        CameraInfo(10, "HD Pro Webcam C920"),
    ]


def test_list_cameras_is_empty_without_any(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    assert list_cameras(sys_root=tmp_path / "absent") == []


def test_list_cameras_probes_indexes_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "win32")
    opener = FakeOpener([FakeCapture(), FakeCapture(opened=False), FakeCapture()])
    assert list_cameras(probe=3, opener=opener) == [
        CameraInfo(0, "Caméra 0"),
        CameraInfo(2, "Caméra 2"),
    ]
    assert all(capture.released for capture in opener.opened)
