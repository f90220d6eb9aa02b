"""Per-frame QR decoding with preprocessing and retries: what the camera worker calls per frame.

`FramePipeline(decoder).decode(gray)` takes a 2-D uint8 frame and returns what it read. Fast
path first: the region around the last hit (a code held in front of the lens barely moves from
one frame to the next), then the whole frame lightly smoothed (`denoise`, Gaussian σ 0.7: sensor
noise, JPEG blocks and screen moiré go, the modules stay; it reads more than the raw frame and
no slower). Only when both fail, and while the frame's time budget lasts, come the retries, each
skipped when its estimated cost (a multiple of the fast path's time) would overrun the budget.

Most misses of the fast path are small, blurred or faint codes the decoder did not even locate
(no finder pattern survives its binarizer), so the retries work on crops, each enlarged to
~640 px (3-6 px per module), which cost less than half a fast path:

1. `regions`: the most textured squarish patch of the frame (`scanner.regions`: the structure
   tensor's weaker eigenvalue per 16-px cell, ~1 ms at 1280×720), `smooth`ed then as it is;
2. `located`: where the decoder saw a QR it could not decode (zxing-cpp reports where), the same;
   then the second textured patch;
3. the same crops through zxing's `fixed`-threshold binarizer (inverted, low-contrast codes),
   then `sharpen`ed (blur);
4. the whole frame through the `fixed` binarizer, then unsmoothed (what `denoise` loses);
5. the crops `clahe`-equalised, through the `global` binarizer, `deskew`ed (warped upright);
6. `upscale`: the whole frame enlarged 1.5×; `global`: the whole frame, global-histogram.

`gate`: when neither the decoder nor the texture map saw anything like a QR (most such frames
hold none: an empty counter), the retries get only `doubt_ms` (0 by default: on the bench's
sets the whole-frame retries never read such a frame) instead of the budget. `resume`: the
pipeline is stateful; a frame that fails leaves the retries it had no time for to the next
frames (a camera sees the same code many times a second), until a hit or `forget()`.
docs/decoders.md measures each step.

A decoder without zxing's extras (pyzbar, OpenCV) goes through the same steps, minus what it
cannot report. Qt-free: numpy and OpenCV only; one pipeline per camera (it remembers the last
hit and keeps work arrays), not shared between threads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import cv2
import numpy as np

from scanner.decoders import Decoded, Decoder, ZxingDecoder, check_gray, default_decoder
from scanner.regions import TextureMap, texture_boxes

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
    """Which step read the frame, and what each pass cost (for the bench and the logs)."""

    step: str = ""
    attempts: int = 0
    fast_ms: float = 0.0  # the fast path: the whole frame smoothed, read once
    locate_ms: float = 0.0  # finding the crops (the texture map), when the fast path failed
    passes: list[tuple[str, float, bool]] = field(default_factory=list)  # (retry, ms, read?)


def _sharpen(gray: np.ndarray) -> np.ndarray:
    blurred = cv2.GaussianBlur(gray, (0, 0), 2.0)
    return cv2.addWeighted(gray, 2.0, blurred, -1.0, 0)


def _smooth(gray: np.ndarray) -> np.ndarray:
    # a 5×5 kernel (±2σ) reads the same crops as OpenCV's default 7×7 for σ 1, in half the time
    return cv2.GaussianBlur(gray, (5, 5), 1.0)


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
        doubt_ms: float = 0.0,
        retries_per_frame: int | None = None,
        clock: Callable[[], float] = time.perf_counter,
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
        # seconds; the wall clock, since a frame's latency is what the budget protects. The
        # bench also runs it on the thread's CPU time, the figure another process's load
        # does not change (docs/decoders.md)
        self.clock = clock
        self._tried: set[str] = set()
        self._texture = TextureMap()

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
        deadline = self.clock() + self.budget_ms / 1000
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
        start = self.clock()
        first = _denoise(gray) if "denoise" in self.steps else gray
        found, seen = self._read(first)
        fast_ms = self.last.fast_ms = (self.clock() - start) * 1000
        if found:
            self.last.step = "frame"
            self._tried.clear()
            return found
        # 2. retries, while the budget lasts
        located = self.clock()
        crops = self._crops(gray, seen)
        self.last.locate_ms = (self.clock() - located) * 1000
        if "gate" in self.steps and not crops:
            # neither the decoder nor the texture map saw anything like a QR: most such frames
            # hold none (an empty counter), so they get only `doubt_ms` of retries; a
            # stateful loop resumes on the next frame
            deadline = min(deadline, self.clock() + self.doubt_ms / 1000)
        retries = list(self._retries(gray, crops))
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
            remaining = (deadline - self.clock()) * 1000
            if remaining <= 0 or (
                self.retries_per_frame is not None and tried >= self.retries_per_frame
            ):
                break
            if cost * fast_ms > remaining:
                continue  # would overrun the budget: a cheaper one may still fit
            self._tried.add(step)
            tried += 1
            began = self.clock()
            found = attempt()
            self.last.passes.append((step, (self.clock() - began) * 1000, bool(found)))
            if found:
                self.last.step = step
                self._tried.clear()
                return found
        return []

    def _retries(
        self, gray: np.ndarray, crops: list[_Crop]
    ) -> Iterable[tuple[str, float, Callable[[], list[Decoded]]]]:
        """(step name, cost in fast paths, attempt), most reads per ms first (docs/decoders.md).

        Crops first, the most textured patch before the places the decoder located (its
        quads are often a lone finder pattern, the texture box holds the whole code): an
        enlarged crop costs under half a fast path and, where the code is small, blurred or
        faint, reads what no whole-frame pass does. Each crop smoothed, then as it is; then
        each through the fixed-threshold binarizer, then sharpened; then the whole-frame
        passes; then the crops' rarer variants.
        """
        for crop in crops:
            yield from crop.retries(("smooth", ""))
        for crop in crops:
            yield from crop.retries(("fixed", "sharpen"))
        if "fixed" in self.steps:
            yield "fixed", 0.7, lambda: self._read(gray, binarizer="fixed")[0]
        if "denoise" in self.steps:
            yield "raw", 1.0, lambda: self._read(gray)[0]
        for crop in crops:
            yield from crop.retries(("clahe", "global", "deskew"))
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

    def _crops(self, gray: np.ndarray, seen: list[Quad]) -> list[_Crop]:
        """The most textured patch, where the decoder saw a QR it could not decode, the next
        most textured patch."""
        height, width = gray.shape
        regions = []
        if "regions" in self.steps:
            boxes = texture_boxes(gray, texture_map=self._texture)[:2]
            regions = [_Crop(self, gray, _numbered("regions", n), b) for n, b in enumerate(boxes)]
        located = []
        if "located" in self.steps:
            for number, quad in enumerate(seen[:2]):
                box = _box_around(quad, width, height)
                located.append(_Crop(self, gray, _numbered("located", number), box, quad))
        return regions[:1] + located + regions[1:]

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


class _Crop:
    """A box of the frame that may hold a code, enlarged when first read, and its retries."""

    def __init__(
        self,
        pipeline: FramePipeline,
        gray: np.ndarray,
        step: str,
        box: tuple[int, int, int, int],
        quad: Quad | None = None,
    ) -> None:
        self.pipeline, self.gray, self.step, self.box, self.quad = pipeline, gray, step, box, quad
        x0, y0, x1, y1 = box
        self.scale = _enlarge_factor(x1 - x0, y1 - y0)
        self._image: np.ndarray | None = None
        # a read costs about its pixel count: the enlarged crop's share of the frame's
        self.cost = max(0.1, (x1 - x0) * (y1 - y0) * self.scale**2 / gray.size)

    def image(self) -> np.ndarray:
        if self._image is None:  # built when first tried, not when listed
            x0, y0, x1, y1 = self.box
            self._image = _enlarge(self.gray[y0:y1, x0:x1])
        return self._image

    def read(self, prepare: Callable[[np.ndarray], np.ndarray], **options: object) -> list[Decoded]:
        found = self.pipeline._read(prepare(self.image()), downscale=False, **options)[0]
        x0, y0 = self.box[:2]
        return [_shift(d, x0, y0, self.scale) for d in found]

    def retries(
        self, variants: Iterable[str]
    ) -> Iterable[tuple[str, float, Callable[[], list[Decoded]]]]:
        """The `variants` of this crop the pipeline's steps allow ("" = the crop as it is)."""
        steps = self.pipeline.steps
        for variant in variants:
            name = f"{self.step}+{variant}" if variant else self.step
            if variant == "":
                yield name, self.cost, lambda: self.read(_same)
            elif variant == "smooth" and "smooth" in steps:
                yield name, self.cost, lambda: self.read(_smooth)
            elif variant == "sharpen" and "sharpen" in steps:
                yield name, self.cost, lambda: self.read(_sharpen)
            elif variant == "clahe" and "clahe" in steps:
                yield name, self.cost, lambda: self.read(lambda img: _smooth(_CLAHE.apply(img)))
            elif variant in ("fixed", "global") and variant in steps:
                yield name, self.cost, lambda variant=variant: self.read(_same, binarizer=variant)
            elif variant == "deskew" and "deskew" in steps and self.quad is not None:
                # rectified coordinates do not map back simply: no corners for the ROI
                yield (
                    name,
                    self.cost,
                    lambda quad=self.quad: [
                        Decoded(d.text, d.decoder)
                        for d in self.pipeline._read_patch(_rectify(self.gray, quad))
                    ],
                )


def _same(image: np.ndarray) -> np.ndarray:
    return image


def _numbered(kind: str, number: int) -> str:
    return f"{kind}{number}" if number else kind


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


def _enlarge_factor(width: int, height: int, target: int = 640) -> float:
    """How much `_enlarge` scales a crop of this size."""
    longest = max(width, height, 1)
    return 1.0 if longest >= target else target / longest


def _enlarge(crop: np.ndarray, target: int = 640) -> np.ndarray:
    """A crop holding a small code, enlarged so its longer side is about `target` px."""
    longest = max(crop.shape)
    if longest >= target:
        return crop
    factor = target / longest
    return cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
