"""The counter window: cold start to a painted window, scan to a painted verdict, idle memory,
each beside an empty PySide6 window or `Till.check` measured in the same run.

    PYTHONPATH=$PWD .venv/bin/python bench/bench_window.py [--runs 20] [--memory-runs 3]
        [--scans 300] [--json] [--xvfb] [--other-tree DIR]

Offscreen (`QT_QPA_PLATFORM=offscreen`) unless `--xvfb` (an `Xvfb` server and Qt's xcb plugin).
The demo's setup is done once, outside the timing: the reference Region server (demo seed) on
loopback in this process, the P-CINE-LUX till enrolled and synced in a temporary folder, clock
frozen with `ATOUTS_POS_NOW`, keyring's `fail` backend (as `bench_counter.py`).

1. **Cold start**: each run is a fresh child process (`python bench_window.py --child ...`),
   a counter child and an empty-window child in turn (which goes first alternates). The parent
   reads `time.monotonic_ns()` (CLOCK_MONOTONIC, system-wide) just before spawning and passes it
   to the child; the child reports the same clock when its window's first paint is done. The
   counter child runs the real `pos_app.ui.app.run_window(till_dir)` (QApplication, `Till`,
   integrity check, the sync loop, the wedge filter, `MainWindow`, `show()`, `app.exec()`); only
   `MainWindow` is wrapped, to install an event filter on the window once it is built, before
   `show()`. The empty child builds a `QMainWindow` of the same size, the same filter, `show()`,
   `app.exec()`. "First paint done": the filter sees the window's first `QEvent.Paint` and
   posts a zero-timer; the widget tree is painted and flushed inside the one event that
   delivered that paint (the repaint manager's sync), so the zero-timer fires once the whole
   window has been painted into the backing store. That moment is the figure. The child also
   reports milestones (interpreter up, imports done, `Till` open, window built) on the same
   clock, and whether the camera worker exists at first paint (it must not: the camera starts
   only when the cashier asks).
2. **Scan to verdict painted**: in this process, the same till, a `MainWindow` shown as
   `run_window` builds it (no background sync loop: its sync would land in random scans).
   Payloads: the seed's six beneficiaries' codes (phone presentations, paper, a phone code's
   screenshot), their typed codes, a forged name, garbage. Each round resets the window to idle
   (painted, not timed), then times `window.on_scan_event(ScanEvent)` up to the moment the
   verdict panel has been painted: an event filter on the panel and its labels sees a
   `QEvent.Paint` and posts a zero-timer, which fires once that paint pass (the whole dirty
   region of the window, not only the panel) is done; a local `QEventLoop` runs meanwhile, as
   the app's own loop would. Not `verdict_panel.repaint()`: that would paint the panel alone,
   synchronously, and skip the event-loop round trip and the rest of the dirty region. The
   baseline, in the same round (order alternating), is `Till.check(payload)` alone.
3. **Idle memory**: `--memory-runs` more pairs of children stay idle 2 s after their first
   paint (the first sync and the sounds load meanwhile), then read `VmRSS` and `VmHWM` from
   `/proc/self/status`.

The children run from bytecode, like an installed app: they may write it (this machine's
environment sets `PYTHONDONTWRITEBYTECODE`, which would make every child compile the project,
~0.4 s) into a cache of their own under the temporary folder, filled by one warm-up child of
each kind. `--other-tree DIR` adds a third child, the counter on the code of another checkout
(e.g. `git archive main | tar -x -C DIR`), interleaved with the two others: an A/B of a change.

Every child leaves with `os._exit(0)` once it has printed its figures (PySide6 6.12 / Python 3.11
sometimes aborts while finalizing, see `bench_camera.py`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOW_SIZE = (1280, 760)  # MainWindow.resize()
IDLE_SECONDS = 2.0
TARGET_COLD_S = 0.7
WATCHED_MODULES = (
    "cv2",
    "numpy",
    "sqlite_utils",
    "keyring",
    "httpx",
    "rich",
    "PySide6.QtMultimedia",
    "zxingcpp",
    "pydantic",
)
TARGET_SCAN_P95_MS = 30.0
TARGET_RSS_MB = 200.0


# --- the child: as little as possible before the clock matters -------------------------------


def proc_status() -> dict[str, int]:
    """VmRSS and VmHWM of this process, in kB."""
    figures = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                figures[key] = int(value.split()[0])
    return figures


def child(kind: str, spawned_ns: int, data_dir: str, idle_s: float) -> None:
    marks = {"main": time.monotonic_ns()}
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        """On the window's first Paint, a zero-timer: it fires once the paint pass is done."""

        def __init__(self, done) -> None:
            super().__init__()
            self.seen = False
            self._done = done

        def eventFilter(self, watched, event) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                marks["paint_event"] = time.monotonic_ns()
                loaded.update({name: name in sys.modules for name in WATCHED_MODULES})
                QTimer.singleShot(0, self._done)
            return False

    window_ref = []
    loaded: dict[str, bool] = {}

    def finish() -> None:
        figures = {
            "kind": kind,
            "marks_ms": {key: round((value - spawned_ns) / 1e6, 2) for key, value in marks.items()},
            "cold_ns": marks["painted"] - spawned_ns,
            "idle_s": idle_s,
            **proc_status(),
        }
        if kind != "empty":
            window = window_ref[0]
            figures["camera_worker_at_paint"] = camera_at_paint[0]
            figures["camera_worker_after_idle"] = window.camera.worker is not None
            # loaded by the warm-up after the first paint (the first charge must not pay it)
            figures["sqlite_utils_after_idle"] = "sqlite_utils" in sys.modules
            figures["modules_at_paint"] = loaded
        print(json.dumps(figures), flush=True)
        os._exit(0)

    camera_at_paint = [None]

    def painted() -> None:
        marks["painted"] = time.monotonic_ns()
        if window_ref and hasattr(window_ref[0], "camera"):
            camera_at_paint[0] = window_ref[0].camera.worker is not None
        if idle_s > 0:
            QTimer.singleShot(int(idle_s * 1000), finish)
        else:
            finish()

    probe = FirstPaint(painted)
    if kind == "empty":
        from PySide6.QtWidgets import QApplication, QMainWindow

        marks["imported"] = time.monotonic_ns()
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.setWindowTitle("empty")
        window.resize(*WINDOW_SIZE)
        window_ref.append(window)
        window.installEventFilter(probe)
        marks["window_built"] = time.monotonic_ns()
        window.showMaximized()  # as run_window shows the counter
        marks["shown"] = time.monotonic_ns()
        app.exec()
        return
    import pos_app.ui.app as app_module

    marks["imported"] = time.monotonic_ns()
    real_till, real_window = app_module.Till, app_module.MainWindow

    def till(*args, **kwargs):
        opened = real_till(*args, **kwargs)
        marks["till_open"] = time.monotonic_ns()
        return opened

    def main_window(*args, **kwargs):
        built = real_window(*args, **kwargs)
        window_ref.append(built)
        marks["window_built"] = time.monotonic_ns()
        show, load_sounds = built.showMaximized, built.sounds.load

        def shown() -> None:
            # installed last, so called first: its zero-timer runs before run_window's own
            # after-first-paint work (sync loop, sounds), which it must not count
            built.installEventFilter(probe)
            show()
            marks["shown"] = time.monotonic_ns()

        def sounds_loaded() -> bool:
            done = load_sounds()
            marks["sounds_loaded"] = time.monotonic_ns()
            return done

        built.showMaximized, built.sounds.load = shown, sounds_loaded
        return built

    class SyncLoop(app_module.SyncLoop):
        def start(self):
            started = super().start()
            marks["sync_started"] = time.monotonic_ns()
            return started

    app_module.Till = till
    app_module.MainWindow = main_window
    app_module.SyncLoop = SyncLoop
    app_module.run_window(Path(data_dir))


# --- the parent -----------------------------------------------------------------------------


def spawn(kind: str, data_dir: Path, idle_s: float, env: dict[str, str]) -> dict:
    import subprocess

    # -c and an import, not the script's path: the module's bytecode is cached like the app's
    command = [sys.executable, "-c", "import bench_window; bench_window.main()"]
    command += ["--child", kind, "--data-dir", str(data_dir)]
    command += ["--idle", str(idle_s), "--spawned-ns"]
    spawned = time.monotonic_ns()
    done = subprocess.run(  # cwd: not a checkout, or `-c` would import the code found there
        [*command, str(spawned)],
        env=env,
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{kind} child failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return json.loads(lines[-1])


def start_xvfb() -> tuple[object, str]:
    import shutil
    import subprocess

    if shutil.which("Xvfb") is None:
        raise SystemExit("--xvfb: no Xvfb on PATH (apt-get install -y xvfb)")
    display = f":{90 + os.getpid() % 100}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    if server.poll() is not None:
        raise SystemExit(f"Xvfb {display} did not start")
    return server, display


def load_figure(samples_kb: list[int]) -> dict[str, float]:
    ordered = sorted(samples_kb)
    return {
        "runs": len(ordered),
        "median_mb": round(ordered[len(ordered) // 2] / 1024, 1),
        "max_mb": round(ordered[-1] / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="cold-start pairs (default 20)")
    parser.add_argument(
        "--memory-runs", type=int, default=3, help="pairs idle 2 s, for memory (default 3)"
    )
    parser.add_argument("--scans", type=int, default=300, help="scans timed (default 300)")
    parser.add_argument("--json", action="store_true", help="figures as JSON on stdout")
    parser.add_argument("--xvfb", action="store_true", help="an Xvfb display, Qt's xcb plugin")
    parser.add_argument(
        "--other-tree",
        help="also time the counter child on another checkout (e.g. `git archive main`), A/B",
    )
    parser.add_argument("--child", choices=["counter", "other", "empty"], help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--idle", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--spawned-ns", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.spawned_ns, args.data_dir, args.idle)
        return
    parent(args)


def parent(args: argparse.Namespace) -> None:
    import tempfile

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from timing import Report

    started = time.perf_counter()
    report = Report(to_stderr=args.json, label_width=46)
    xvfb = None
    if args.xvfb:
        xvfb, display = start_xvfb()
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        os.environ["DISPLAY"] = display
    else:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    from pos_app.clock import ENV_NOW
    from pos_app.demo import DEMO_TRAINING_DATE

    os.environ[ENV_NOW] = DEMO_TRAINING_DATE.isoformat()  # inside the 2025-26 season
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(ROOT), str(ROOT / "bench"), env.get("PYTHONPATH", "")) if part
    )
    try:
        with tempfile.TemporaryDirectory(prefix="atouts-bench-window-") as tmp:
            # An installed app runs from bytecode: the children may write theirs (the warm-up
            # runs do), in a cache of their own, whatever PYTHONDONTWRITEBYTECODE says here.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
            run_all(args, report, Path(tmp), env)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(5)
    report.finish(started, args.json)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # see bench_camera.py: PySide6 6.12 may abort while finalizing


def run_all(args: argparse.Namespace, report, base: Path, env: dict[str, str]) -> None:
    import platform

    import PySide6
    from timing import summary_us

    from pos_app.demo import DEMO_PARTNER, demo_seed_path
    from pos_app.services import Till
    from sync.region_sim.runner import BackgroundServer, open_state

    load = os.getloadavg()
    report.line(
        f"bench_window {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}  nproc={os.cpu_count()}"
        f"  Python {platform.python_version()}  PySide6 {PySide6.__version__}"
        f"  QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}"
        f"  load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    report.figures["load_before"] = [round(value, 2) for value in load]
    seed = json.loads(demo_seed_path().read_text(encoding="utf-8"))
    code = next(p["enrollment_code"] for p in seed["partners"] if p["id"] == DEMO_PARTNER)
    state = open_state(base / "region", demo_seed_path())
    server = BackgroundServer(state).start()
    till_dir = base / "till"
    try:
        with Till(till_dir) as till:
            till.enroll(server.url, DEMO_PARTNER, code)
            till.sync()
            now = till.now()
        report.line(f"till: {DEMO_PARTNER} enrolled and synced (setup, not timed)")
        memory = cold_start(args, report, till_dir, env, summary_us)
        scan_to_paint(args, report, state, till_dir, now, summary_us)
        memory_report(report, memory)
    finally:
        server.stop()
        state.close()
    load = os.getloadavg()
    report.figures["load_after"] = [round(value, 2) for value in load]
    report.line(f"load after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def seconds_line(report, key: str, label: str, samples_ns: list[int], summary_us) -> dict:
    figure = summary_us(samples_ns)
    report.figures[key] = figure
    report.line(
        f"{label:<46} median {figure['median_us'] / 1e6:7.3f} s  "
        f"p95 {figure['p95_us'] / 1e6:7.3f} s  (n={figure['runs']})"
    )
    return figure


def cold_start(args, report, till_dir: Path, env: dict[str, str], summary_us) -> dict:
    """Section 1; returns the idle children's figures for section 3."""
    import statistics

    from timing import ratio

    kinds = ["counter", "empty"]
    envs = {"counter": env, "empty": env}
    if args.other_tree:  # the same counter child, importing the code of another tree
        kinds.append("other")
        envs["other"] = dict(env)
        envs["other"]["PYTHONPATH"] = os.pathsep.join(
            (str(Path(args.other_tree).resolve()), env["PYTHONPATH"])
        )
    runs: dict[str, list[dict]] = {kind: [] for kind in kinds}
    memory: dict[str, list[dict]] = {kind: [] for kind in kinds}
    for kind in kinds:  # warm-up, not counted: page cache, bytecode cache
        spawn(kind, till_dir, 0.0, envs[kind])
    total = args.runs + args.memory_runs
    for index in range(total):
        idle = IDLE_SECONDS if index >= args.runs else 0.0
        for kind in kinds[index % len(kinds) :] + kinds[: index % len(kinds)]:  # rotating
            figures = spawn(kind, till_dir, idle, envs[kind])
            runs[kind].append(figures)
            if idle:
                memory[kind].append(figures)
    report.line(
        f"== 1. cold start: process start to the first paint done ({total} rounds of "
        f"{len(kinds)} fresh processes, interleaved) =="
    )
    figure = {}
    labels = [
        ("empty", "raw: empty QMainWindow, start→painted"),
        ("counter", "counter window (run_window), start→painted"),
    ]
    if args.other_tree:
        labels.append(("other", f"  ... the same, code of {Path(args.other_tree).name}"))
    for kind, label in labels:
        samples = [run["cold_ns"] for run in runs[kind]]
        figure[kind] = seconds_line(report, f"cold_{kind}", label, samples, summary_us)
    report.figures["cold_ratio"] = ratio(figure["counter"], figure["empty"])
    met = "met" if figure["counter"]["median_us"] < TARGET_COLD_S * 1e6 else "NOT met"
    report.line(
        f"{'ratio (medians)':<46} counter/empty {report.figures['cold_ratio']}x"
        f"  (target < {TARGET_COLD_S} s: {met})"
        + (
            f"; {Path(args.other_tree).name}/this tree {ratio(figure['other'], figure['counter'])}x"
            if args.other_tree
            else ""
        )
    )
    milestones: dict[str, dict[str, float]] = {}
    for kind in kinds:
        keys = [
            key
            for key in runs[kind][0]["marks_ms"]
            if all(key in run["marks_ms"] for run in runs[kind])
        ]
        milestones[kind] = {
            key: round(statistics.median(run["marks_ms"][key] for run in runs[kind]), 1)
            for key in sorted(keys, key=lambda key: runs[kind][0]["marks_ms"][key])
        }
        text = ", ".join(f"{key} {value:.0f}" for key, value in milestones[kind].items())
        report.line(f"  {kind}, medians in ms since spawn: {text}")
    report.figures["milestones_ms"] = milestones
    counter_runs = runs["counter"]
    camera = sum(bool(run["camera_worker_at_paint"]) for run in counter_runs)
    sounds_first = sum(
        run["marks_ms"].get("sounds_loaded", 1e9) < run["marks_ms"]["paint_event"]
        for run in counter_runs
    )
    modules = {
        name: sum(run["modules_at_paint"][name] for run in counter_runs) for name in WATCHED_MODULES
    }
    report.figures["camera_worker_at_paint_runs"] = camera
    report.figures["sounds_loaded_before_paint_runs"] = sounds_first
    report.figures["modules_at_paint_runs"] = modules
    report.line(
        f"  of {len(counter_runs)} counter runs: camera worker built before the first paint in "
        f"{camera}, sounds loaded before it in {sounds_first}; modules already loaded at it: "
        + ", ".join(f"{name} {count}" for name, count in modules.items())
    )
    return memory


def memory_report(report, memory: dict[str, list[dict]]) -> None:
    report.line(f"== 3. idle memory, {IDLE_SECONDS:.0f} s after the first paint ==")
    if not memory["counter"]:
        report.line("(skipped: --memory-runs 0)")
        return
    labels = [("empty", "raw: empty QMainWindow"), ("counter", "counter window")]
    if memory.get("other"):
        labels.append(("other", "  ... the same, code of the other tree"))
    for kind, label in labels:
        rss = load_figure([run["VmRSS"] for run in memory[kind]])
        hwm = load_figure([run["VmHWM"] for run in memory[kind]])
        report.figures[f"memory_{kind}"] = {"VmRSS": rss, "VmHWM": hwm}
        report.line(
            f"{label:<46} VmRSS median {rss['median_mb']:6.1f} MB  max {rss['max_mb']:6.1f} MB"
            f"  VmHWM median {hwm['median_mb']:6.1f} MB  (n={rss['runs']})"
        )
    warmed = sum(run.get("sqlite_utils_after_idle", False) for run in memory["counter"])
    report.line(
        f"  sqlite-utils loaded {IDLE_SECONDS:.0f} s after the first paint (warm-up) in "
        f"{warmed} of {len(memory['counter'])} counter runs"
    )
    counter_rss = report.figures["memory_counter"]["VmRSS"]["median_mb"]
    empty_rss = report.figures["memory_empty"]["VmRSS"]["median_mb"]
    met = "met" if counter_rss < TARGET_RSS_MB else "NOT met"
    report.line(
        f"{'ratio (VmRSS medians)':<46} counter/empty {counter_rss / empty_rss:.1f}x, "
        f"+{counter_rss - empty_rss:.0f} MB  (target < {TARGET_RSS_MB:.0f} MB: {met})"
    )


def payload_set(state, now) -> list[tuple[str, str]]:
    from pos_app.demo import forge_identity

    payloads = []
    for beneficiary in state.beneficiary_ids():
        payloads.append((f"{beneficiary} code", state.qr_payload(beneficiary, now)))
        payloads.append(
            (f"{beneficiary} screenshot", state.qr_payload(beneficiary, now, static=True))
        )
        payloads.append((f"{beneficiary} typed", state.manual_code(beneficiary)))
    genuine = state.qr_payload("B001", now)
    payloads.append(("forged name", forge_identity(genuine, "Léo Martin-Lefèvre")))
    payloads.append(("truncated", genuine[: len(genuine) // 2]))
    payloads.append(("garbage", "n'importe quoi"))
    return payloads


def scan_to_paint(args, report, state, till_dir: Path, now, summary_us) -> None:
    from collections import Counter

    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication, QWidget
    from timing import ratio

    from pos_app.services import Till, TillError
    from pos_app.ui.main_window import MainWindow, SyncBridge
    from scanner.events import ScanEvent, ScanSource

    if args.scans <= 0:
        return

    def quiet(mode, context, message: str) -> None:  # the offscreen plugin says it per show
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
    _app = QApplication.instance() or QApplication(sys.argv[:1])

    class PaintWatch(QObject):
        """Armed before a scan; on the panel's first Paint, a zero-timer ends the wait."""

        def __init__(self) -> None:
            super().__init__()
            self.armed = False
            self.loop: QEventLoop | None = None
            self.painted_ns = 0
            self.paints = 0

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
                if self.armed:
                    self.armed = False
                    QTimer.singleShot(0, self._done)
            return False

        def _done(self) -> None:
            self.painted_ns = time.perf_counter_ns()
            if self.loop is not None:
                self.loop.quit()

        def wait(self, timeout_ms: int) -> bool:
            """Runs the event loop until the armed paint pass is done (or the timeout)."""
            self.painted_ns = 0
            loop = QEventLoop()
            self.loop = loop
            timer = QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(loop.quit)
            timer.start(timeout_ms)
            loop.exec()
            timer.stop()
            self.loop = None
            self.armed = False
            return self.painted_ns != 0

    payloads = payload_set(state, now)
    with Till(till_dir) as till:
        window = MainWindow(till, None, lambda: None, SyncBridge())
        watch = PaintWatch()
        for widget in [window.verdict_panel, *window.verdict_panel.findChildren(QWidget)]:
            widget.installEventFilter(watch)
        watch.armed = True
        window.show()
        watch.wait(5000)
        checks: list[int] = []
        returns: list[int] = []
        scans: list[int] = []
        overheads: list[int] = []
        reasons: Counter[str] = Counter()
        missed = 0
        for index in range(args.scans):
            _name, payload = payloads[index % len(payloads)]
            window.reset()
            watch.armed = True
            watch.wait(200)  # the idle state painted (no paint if it was already idle)

            def check(payload=payload) -> int:
                started = time.perf_counter_ns()
                try:
                    reasons[till.check(payload).reason] += 1
                except TillError as exc:
                    reasons[f"TillError {exc.code}"] += 1
                return time.perf_counter_ns() - started

            def scan(payload=payload) -> tuple[int, int] | None:
                watch.armed = True
                started = time.perf_counter_ns()
                window.on_scan_event(ScanEvent(payload, ScanSource.CAMERA, time.monotonic()))
                returned = time.perf_counter_ns()
                if not watch.wait(1000):
                    return None
                return returned - started, watch.painted_ns - started

            if index % 2 == 0:
                baseline, timed = check(), scan()
            else:
                timed, baseline = scan(), check()
            checks.append(baseline)
            if timed is None:
                missed += 1
                continue
            returns.append(timed[0])
            scans.append(timed[1])
            overheads.append(max(0, timed[1] - baseline))
        window.close()
    report.line(
        f"== 2. scan to verdict painted ({len(payloads)} payloads in turn: codes, screenshots,"
        " typed, forged, truncated, garbage) =="
    )
    report.line(f"verdicts (baseline checks): {dict(reasons)}; scans with no paint seen: {missed}")
    check_figure = summary_us(checks)
    report.timing("check", "raw: Till.check(payload) alone", check_figure)
    report.timing("scan_returned", "on_scan_event() returned", summary_us(returns))
    scan_figure = summary_us(scans)
    report.timing("scan_painted", "on_scan_event() → verdict panel painted", scan_figure)
    overhead = summary_us(overheads)
    report.timing("ui_overhead", "UI overhead (painted − check, same round)", overhead)
    report.figures["scan_ratio"] = ratio(scan_figure, check_figure)
    verdict = "met" if scan_figure["p95_us"] < TARGET_SCAN_P95_MS * 1000 else "NOT met"
    report.line(
        f"{'ratio (medians)':<46} painted/check {report.figures['scan_ratio']}x"
        f"  (target p95 < {TARGET_SCAN_P95_MS:.0f} ms: {verdict})"
    )


if __name__ == "__main__":
    main()
