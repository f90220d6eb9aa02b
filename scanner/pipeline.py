"""Per-frame QR decoding with preprocessing and retries: what the camera worker calls per frame.

`FramePipeline(decoder).decode(gray)` takes a 2-D uint8 frame and returns what it read. Fast
path first: the region around the last hit (a code held in front of the lens barely moves from
one frame to the next), then the whole frame lightly smoothed (`denoise`, Gaussian σ 0.7: sensor
noise, JPEG blocks and screen moiré go, the modules stay; it reads more than the raw frame and
no slower). Only when both fail, and while the frame's time budget lasts, come the retries, each
skipped when its estimated cost (a multiple of the fast path's time) would overrun the budget:

1. `fixed`: the whole frame through zxing's fixed-threshold binarizer (inverted, blurred codes);
2. the unsmoothed frame (the few codes `denoise` loses);
3. `located`: where the decoder saw a QR it could not decode (zxing-cpp reports where), an
   upright crop enlarged to ~5 px per module, read as it is, `smooth`ed, `clahe`-equalised,
   through the `global` binarizer, `sharpen`ed (blur), then `deskew`ed (warped upright);
4. `upscale`: the whole frame enlarged 1.5× (small, blurred codes);
5. `global`: the whole frame through a global-histogram binarizer;
6. `regions`: the same crops as `located` on the densest squarish patches of edges of a
   quarter-size frame, for codes the decoder did not even locate.

`gate`: when the decoder saw no QR at all (most such frames hold none: an empty counter), the
retries get only `doubt_ms` (4 ms) instead of the budget. `resume`: the pipeline is stateful; a
frame that fails leaves the retries it had no time for to the next frames (a camera sees the
same code many times a second), until a hit or `forget()`. docs/decoders.md measures each step.

A decoder without zxing's extras (pyzbar, OpenCV) goes through the same steps, minus what it
cannot report. Qt-free: numpy and OpenCV only; one pipeline per camera (it remembers the last
hit), not shared between threads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import cv2
import numpy as np

from scanner.decoders import Decoded, Decoder, ZxingDecoder, check_gray, default_decoder

__all__ = ["ALL_STEPS", "FramePipeline", "PipelineStats"]

ALL_STEPS = frozenset(
    {
        "roi", "denoise", "fixed", "upscale", "gate", "global", "located", "regions", "smooth",
        "clahe", "sharpen", "deskew",
    }
)  # fmt: skip
"""Steps that can be switched off one by one (`FramePipeline(steps=...)`), for the ablation."""

Quad = tuple[tuple[float, float], ...]


@dataclass
class PipelineStats:
    """Which step read the frame, for the bench and the logs."""

    step: str = ""
    attempts: int = 0


def _sharpen(gray: np.ndarray) -> np.ndarray:
    blurred = cv2.GaussianBlur(gray, (0, 0), 2.0)
    return cv2.addWeighted(gray, 2.0, blurred, -1.0, 0)


def _smooth(gray: np.ndarray) -> np.ndarray:
    return cv2.GaussianBlur(gray, (0, 0), 1.0)


def _denoise(gray: np.ndarray) -> np.ndarray:
    return cv2.GaussianBlur(gray, (0, 0), 0.7)


def _upscale(gray: np.ndarray) -> np.ndarray:
    return cv2.resize(gray, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_LINEAR)


_CLAHE = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(4, 4))


class FramePipeline:
    """A decoder with the preprocessing and retries that make it read more, fast path first."""

    def __init__(
        self,
        decoder: Decoder | None = None,
        *,
        budget_ms: float = 9.0,
        steps: Iterable[str] = ALL_STEPS,
        roi_frames: int = 15,
        resume: bool = True,
        doubt_ms: float = 4.0,
        retries_per_frame: int | None = None,
    ) -> None:
        self.decoder = decoder if decoder is not None else default_decoder()
        self.budget_ms = budget_ms
        self.steps = frozenset(steps)
        unknown = self.steps - ALL_STEPS
        if unknown:
            raise ValueError(f"unknown pipeline steps: {sorted(unknown)}")
        self.roi_frames = roi_frames
        self.last = PipelineStats()
        self._zxing = self.decoder if isinstance(self.decoder, ZxingDecoder) else None
        self._last_box: tuple[int, int, int, int] | None = None
        self._box_age = 0
        self.resume = resume
        self.doubt_ms = doubt_ms
        self.retries_per_frame = retries_per_frame  # a count instead of a clock: for the tests
        self._tried: set[str] = set()

    @property
    def name(self) -> str:
        return f"pipeline({self.decoder.name})"

    def forget(self) -> None:
        """Drop the last hit's region and retry position (camera switched, scene changed)."""
        self._last_box = None
        self._tried.clear()

    # -- reading one image, and where the decoder saw codes it could not decode ------------
    def _read(self, gray: np.ndarray, **options: object) -> tuple[list[Decoded], list[Quad]]:
        self.last.attempts += 1
        if self._zxing is not None:
            return self._zxing.scan(gray, **options)  # type: ignore[arg-type]
        if options.get("binarizer") == "global":
            # no such option elsewhere: Otsu's global threshold does the same job
            _, gray = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        elif options.get("binarizer") == "fixed":
            _, gray = cv2.threshold(gray, 127, 255, cv2.THRESH_BINARY)
        return self.decoder.decode_gray(gray), []

    def decode_gray(self, gray: np.ndarray) -> list[Decoded]:
        """So a pipeline can stand wherever a `Decoder` is expected."""
        return self.decode(gray)

    def decode(self, gray: np.ndarray) -> list[Decoded]:
        """The QR codes in `gray` (2-D uint8), [] if none; never raises on a frame's content."""
        check_gray(gray)
        self.last = PipelineStats()
        if gray.size == 0:
            return []
        deadline = time.perf_counter() + self.budget_ms / 1000
        found = self._decode(gray, deadline)
        if found:
            self._remember(found, gray.shape)
        elif self._last_box is not None:
            self._box_age += 1
            if self._box_age > self.roi_frames:
                self._last_box = None
        return found

    def _decode(self, gray: np.ndarray, deadline: float) -> list[Decoded]:
        # 1. fast path: around the last hit, then the whole frame (lightly smoothed: the
        #    sensor noise, JPEG blocks and screen moiré go, the modules stay)
        if "roi" in self.steps and self._last_box is not None:
            x0, y0, x1, y1 = self._last_box
            crop = gray[y0:y1, x0:x1]
            found, _ = self._read(_denoise(crop) if "denoise" in self.steps else crop)
            if found:
                self.last.step = "roi"
                self._tried.clear()
                return [_shift(d, x0, y0) for d in found]
        start = time.perf_counter()
        first = _denoise(gray) if "denoise" in self.steps else gray
        found, seen = self._read(first)
        if found:
            self.last.step = "frame"
            self._tried.clear()
            return found
        fast_ms = (time.perf_counter() - start) * 1000
        # 2. retries, while the budget lasts
        boxes = _dense_boxes(gray) if "regions" in self.steps else []
        if "gate" in self.steps and not seen:
            # the decoder saw no QR: most such frames hold none (an empty counter), so they get
            # only `doubt_ms` of retries; a stateful loop resumes on the next frame
            deadline = min(deadline, time.perf_counter() + self.doubt_ms / 1000)
        retries = list(self._retries(gray, seen, boxes))
        if self.resume:
            # a camera sees the same code many times a second: try first what the previous
            # frames had no time for (the retries' order is kept otherwise)
            fresh = [r for r in retries if r[0] not in self._tried]
            if not fresh:
                self._tried.clear()
            else:
                retries = fresh + [r for r in retries if r[0] in self._tried]
        tried = 0
        for step, cost, attempt in retries:
            remaining = (deadline - time.perf_counter()) * 1000
            if remaining <= 0 or (
                self.retries_per_frame is not None and tried >= self.retries_per_frame
            ):
                break
            if cost * fast_ms > remaining:
                continue  # would overrun the budget: a cheaper one may still fit
            self._tried.add(step)
            tried += 1
            found = attempt()
            if found:
                self.last.step = step
                self._tried.clear()
                return found
        return []

    def _retries(
        self, gray: np.ndarray, seen: list[Quad], boxes: list[tuple[int, int, int, int]]
    ) -> Iterable[tuple[str, float, Callable[[], list[Decoded]]]]:
        """(step name, cost in fast paths, attempt), most profitable per ms first."""
        if "fixed" in self.steps:
            yield "fixed", 0.7, lambda: self._read(gray, binarizer="fixed")[0]
        if "denoise" in self.steps:
            yield "raw", 1.0, lambda: self._read(gray)[0]
        crops: list[tuple[str, tuple[int, int, int, int], Quad | None]] = []
        if "located" in self.steps:
            height, width = gray.shape
            crops += [("located", _box_around(quad, width, height), quad) for quad in seen[:2]]
        if "regions" in self.steps:
            crops += [("regions", box, None) for box in boxes[:2]]
        yield from self._crop_retries(
            gray, crops[: len(seen[:2]) if "located" in self.steps else 0]
        )
        if "upscale" in self.steps:
            yield (
                "upscale",
                2.2,
                lambda: [
                    _shift(d, 0, 0, 1.5) for d in self._read(_upscale(gray), downscale=False)[0]
                ],
            )
        if "global" in self.steps:
            yield "global", 0.5, lambda: self._read(gray, binarizer="global")[0]
        yield from self._crop_retries(
            gray, crops[len(seen[:2]) if "located" in self.steps else 0 :]
        )

    def _crop_retries(
        self, gray: np.ndarray, crops: list[tuple[str, tuple[int, int, int, int], Quad | None]]
    ) -> Iterable[tuple[str, float, Callable[[], list[Decoded]]]]:
        for number, (kind, box, quad) in enumerate(crops):
            step = f"{kind}{number}" if number else kind
            x0, y0, x1, y1 = box
            scale = _enlarge_factor(x1 - x0, y1 - y0)
            cache: dict[str, np.ndarray] = {}

            def crop(x0: int = x0, y0: int = y0, x1: int = x1, y1: int = y1, cache=cache):
                if "crop" not in cache:  # built when first tried, not when listed
                    cache["crop"] = _enlarge(gray[y0:y1, x0:x1])
                return cache["crop"]

            def attempt(
                image: np.ndarray,
                x0: int = x0,
                y0: int = y0,
                scale: float = scale,
                **options: object,
            ) -> list[Decoded]:
                found = self._read(image, downscale=False, **options)[0]
                return [_shift(d, x0, y0, scale) for d in found]

            yield step, 0.3, lambda crop=crop, attempt=attempt: attempt(crop())
            if "smooth" in self.steps:
                yield (
                    step + "+smooth",
                    0.3,
                    lambda crop=crop, attempt=attempt: attempt(_smooth(crop())),
                )
            if "clahe" in self.steps:
                yield (
                    step + "+clahe",
                    0.3,
                    lambda crop=crop, attempt=attempt: attempt(_smooth(_CLAHE.apply(crop()))),
                )
            if "global" in self.steps:
                yield (
                    step + "+global",
                    0.3,
                    lambda crop=crop, attempt=attempt: attempt(crop(), binarizer="global"),
                )
            if "sharpen" in self.steps:
                yield (
                    step + "+sharpen",
                    0.3,
                    lambda crop=crop, attempt=attempt: attempt(_sharpen(crop())),
                )
            if "deskew" in self.steps and quad is not None:
                # rectified coordinates do not map back simply: no corners for the ROI
                yield (
                    step + "+deskew",
                    0.3,
                    lambda quad=quad: [
                        Decoded(d.text, d.decoder) for d in self._read_patch(_rectify(gray, quad))
                    ],
                )

    def _read_patch(self, patch: np.ndarray | None) -> list[Decoded]:
        return [] if patch is None else self._read(patch, downscale=False)[0]

    def _remember(self, found: list[Decoded], shape: tuple[int, ...]) -> None:
        corners = [pt for d in found if d.corners for pt in d.corners]
        if not corners:
            return
        xs = [x for x, _ in corners]
        ys = [y for _, y in corners]
        side = max(max(xs) - min(xs), max(ys) - min(ys))
        margin = side * 0.6 + 16  # the code moves between frames; keep its quiet zone
        height, width = shape[:2]
        self._last_box = (
            max(0, int(min(xs) - margin)),
            max(0, int(min(ys) - margin)),
            min(width, int(max(xs) + margin)),
            min(height, int(max(ys) + margin)),
        )
        self._box_age = 0


def _shift(found: Decoded, dx: float, dy: float, scale: float = 1.0) -> Decoded:
    """A hit in a crop (enlarged by `scale`) → the same hit in frame coordinates."""
    if found.corners is None:
        return found
    corners = tuple((x / scale + dx, y / scale + dy) for x, y in found.corners)
    return Decoded(text=found.text, decoder=found.decoder, corners=corners)


def _rectify(gray: np.ndarray, quad: Quad, side: int = 420) -> np.ndarray | None:
    """The quadrilateral `quad` warped to an upright square of `side` px plus a quiet zone."""
    src = np.array(quad, np.float32)
    if src.shape != (4, 2) or cv2.contourArea(src) < 100:
        return None
    margin = side // 10
    dst = np.array(
        [[margin, margin], [margin + side, margin], [margin + side, margin + side],
         [margin, margin + side]],
        np.float32,
    )  # fmt: skip
    matrix = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(
        gray, matrix, (side + 2 * margin, side + 2 * margin), flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_REPLICATE,
    )  # fmt: skip


def _box_around(quad: Quad, width: int, height: int) -> tuple[int, int, int, int]:
    """An upright box around `quad` with a margin for its quiet zone and misplaced corners."""
    xs = [x for x, _ in quad]
    ys = [y for _, y in quad]
    margin = max(max(xs) - min(xs), max(ys) - min(ys)) * 0.3 + 8
    return (
        max(0, int(min(xs) - margin)),
        max(0, int(min(ys) - margin)),
        min(width, int(max(xs) + margin)),
        min(height, int(max(ys) + margin)),
    )


def _enlarge_factor(width: int, height: int, target: int = 520) -> float:
    """How much `_enlarge` scales a crop of this size."""
    longest = max(width, height, 1)
    return 1.0 if longest >= target else target / longest


def _enlarge(crop: np.ndarray, target: int = 520) -> np.ndarray:
    """A crop holding a small code, enlarged so its longer side is about `target` px."""
    longest = max(crop.shape)
    if longest >= target:
        return crop
    factor = target / longest
    return cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


def _dense_boxes(gray: np.ndarray, factor: int = 4) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of squarish patches dense with edges, where a QR code may be."""
    height, width = gray.shape
    if min(height, width) < 8 * factor:
        return []
    small = cv2.resize(gray, (width // factor, height // factor), interpolation=cv2.INTER_AREA)
    gradient = cv2.morphologyEx(small, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    _, mask = cv2.threshold(gradient, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    candidates = []
    for contour in contours:
        area = cv2.contourArea(contour)
        if area < 20 * 20:
            continue
        (_, _), (w, h), _ = cv2.minAreaRect(contour)
        if not w or not h or not 0.4 < w / h < 2.5 or area / (w * h) < 0.4:
            continue
        x, y, bw, bh = cv2.boundingRect(contour)
        candidates.append((area, x, y, bw, bh))
    candidates.sort(reverse=True)
    boxes = []
    for _, x, y, bw, bh in candidates:
        margin = max(bw, bh) * 0.25
        boxes.append(
            (
                max(0, int((x - margin) * factor)),
                max(0, int((y - margin) * factor)),
                min(width, int((x + bw + margin) * factor)),
                min(height, int((y + bh + margin) * factor)),
            )
        )
    return boxes
