"""Service calls that may take time (sync, enrollment, a camera list) run off the GUI thread.

A page hands `run_in_background` the call and two slots; the outcome comes back on the GUI
thread as a queued signal. The job objects are kept alive until they report: a QRunnable's
Python wrapper would otherwise be collected while its signals are still in flight.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pos_app.ui.qt import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """Run one service call off the GUI thread; deliver the outcome back on it."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # delivered to the GUI thread, shown there
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_running: set[Job] = set()


def run_in_background(
    work: Callable[[], Any],
    done: Callable[[Any], None],
    failed: Callable[[Exception], None],
) -> Job:
    """Start `work` on Qt's thread pool; `done(result)` or `failed(exc)` runs on the GUI thread."""
    job = Job(work)
    job.setAutoDelete(False)
    job.signals.done.connect(done)
    job.signals.failed.connect(failed)
    job.signals.done.connect(lambda _: _running.discard(job))
    job.signals.failed.connect(lambda _: _running.discard(job))
    _running.add(job)
    QThreadPool.globalInstance().start(job)
    return job
