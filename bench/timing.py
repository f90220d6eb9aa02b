"""Timing helpers shared by the bench scripts: samples in nanoseconds, summaries in µs."""

from __future__ import annotations

import json
import math
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


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


class Report:
    """Collects the figures; prints one line each (to stderr when JSON goes to stdout)."""

    def __init__(self, to_stderr: bool, label_width: int = 44) -> None:
        self.figures: dict[str, Any] = {}
        self._out = sys.stderr if to_stderr else sys.stdout
        self._width = label_width

    def line(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    def timing(self, key: str, label: str, figure: dict[str, float], note: str = "") -> None:
        self.figures[key] = figure
        self.line(
            f"{label:<{self._width}} median {us(figure['median_us']):>10}  "
            f"p95 {us(figure['p95_us']):>10}  (n={figure['runs']}){note}"
        )

    def finish(self, started: float, as_json: bool) -> None:
        """The whole bench's wall time, then every figure as one JSON document if asked."""
        self.figures["wall_s"] = round(time.perf_counter() - started, 1)
        self.line(f"whole bench: {self.figures['wall_s']} s")
        if as_json:
            print(json.dumps(self.figures, indent=2, ensure_ascii=False))


def us(value: float) -> str:
    return f"{value / 1000:.2f} ms" if value >= 1000 else f"{value:.1f} µs"
