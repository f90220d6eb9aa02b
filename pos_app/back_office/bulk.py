"""Reading a whole season at once without the cyclic garbage collector.

Reconciling or exporting a busy cinema's season builds some 300 000 small tuples that live
until the answer is made; Python's cyclic collector would walk all of them again and again as
they are made (a fifth of the time, measured by bench/bench_money.py). None of them can form a
cycle, so the collector is paused for the duration, and restarted after, even on an error.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Nested or from several threads at once: the collector restarts when the last one ends,
    and only if it was running before the first began."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
