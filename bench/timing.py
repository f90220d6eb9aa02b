"""Timing helpers shared by the bench scripts: samples in nanoseconds, summaries in µs."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable


def summary_us(samples_ns: list[int]) -> dict[str, float]:
    """Median, 95th percentile (nearest rank) and minimum, in microseconds."""
    ordered = sorted(samples_ns)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {
        "runs": len(ordered),
        "median_us": round(statistics.median(ordered) / 1000, 1),
        "p95_us": round(p95 / 1000, 1),
        "min_us": round(ordered[0] / 1000, 1),
    }


def timed(function: Callable[[], object]) -> int:
    start = time.perf_counter_ns()
    function()
    return time.perf_counter_ns() - start


def ratio(subject: dict[str, float], baseline: dict[str, float]) -> float:
    return round(subject["median_us"] / baseline["median_us"], 1)
