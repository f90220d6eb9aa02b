"""Where in a frame a QR code may be, cheaply, when the decoder did not even locate one.

A QR code is a patch where the brightness changes often and in every direction; the counter
around it changes slowly (shading) or along lines (the edges of objects, lines of text). The
smaller eigenvalue of the local structure tensor (the gradients' covariance over a cell) measures
exactly that: ~0 on a straight edge however strong, high only where gradients point both ways.
Computed on a half-size frame and averaged over 16×16-pixel cells, it costs about a millisecond
of CPU at 1280×720 (docs/decoders.md), and it keeps the texture of small, blurred or
low-contrast codes that zxing-cpp's finder-pattern search misses, where an edge-magnitude
threshold (the previous `regions`) picked the clutter's hard edges instead.

Qt-free: numpy and OpenCV only.
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["CELL", "MIN_CELLS", "TextureMap", "texture_boxes"]

CELL = 16
"""Side of one cell of the texture map, in frame pixels."""

_LEVEL = 0.35
"""A cell belongs to a candidate when its texture reaches this share of the frame's strongest."""

MIN_CELLS = 36
"""The fewest cells (6×6: a patch 96 px a side) a candidate must cover. The smallest code the
till meets (version 9, 53 modules) is ~106 px a side at 2 px per module, below which nothing
reads it; a cluttered counter's textured spots (an object's corner, a few letters) are smaller."""


class TextureMap:
    """Per 16×16 cell, the amplitude of the weaker gradient direction (≈ contrast, 2-D only).

    Keeps its work arrays from one frame to the next: allocating ~1 MB of floats per frame
    costs more than the arithmetic (fresh pages from the system each time: 2.5 ms instead of
    0.8 ms per 1280×720 frame measured here). Not shared between threads, like the pipeline.
    """

    def __init__(self) -> None:
        self._shape: tuple[int, ...] = ()
        self._work: dict[str, np.ndarray] = {}

    def _buffers(self, shape: tuple[int, ...]) -> dict[str, np.ndarray]:
        if shape != self._shape:
            height, width = shape
            half = (height // 2, width // 2)
            self._work = {
                "half": np.empty(half, np.uint8),
                "gx": np.empty(half, np.float32),
                "gy": np.empty(half, np.float32),
                "product": np.empty(half, np.float32),
            }
            self._shape = shape
        return self._work

    def __call__(self, gray: np.ndarray) -> np.ndarray:
        height, width = gray.shape
        work = self._buffers(gray.shape)
        half, gx, gy, product = work["half"], work["gx"], work["gy"], work["product"]
        cv2.resize(gray, (width // 2, height // 2), dst=half, interpolation=cv2.INTER_AREA)
        cv2.Sobel(half, cv2.CV_32F, 1, 0, dst=gx, ksize=3)
        cv2.Sobel(half, cv2.CV_32F, 0, 1, dst=gy, ksize=3)
        cells = (width // CELL, height // CELL)
        terms = []
        for a, b in ((gx, gx), (gy, gy), (gx, gy)):
            cv2.multiply(a, b, dst=product)
            # INTER_AREA averages each cell: the structure tensor's terms, box-filtered
            terms.append(cv2.resize(product, cells, interpolation=cv2.INTER_AREA))
        xx, yy, xy = terms
        weaker = (xx + yy) / 2 - np.sqrt(((xx - yy) / 2) ** 2 + xy * xy)
        return cv2.blur(np.sqrt(np.maximum(weaker, 0)), (3, 3))


def texture_boxes(
    gray: np.ndarray, limit: int = 4, texture_map: TextureMap | None = None
) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) around squarish, strongly textured patches, most texture first.

    At most `limit`; [] for a frame too small to hold a code or with no texture at all.
    """
    height, width = gray.shape
    if min(height, width) < 4 * CELL:
        return []
    texture = (texture_map or TextureMap())(gray)
    peak = float(texture.max())
    if peak <= 0:
        return []
    mask = (texture > _LEVEL * peak).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    sums = np.bincount(labels.ravel(), weights=texture.ravel(), minlength=count)
    candidates = []
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        # squarish: a line of text is not a code
        if area < MIN_CELLS or not 0.4 < w / h < 2.5:
            continue
        if max(w, h) * CELL > 0.8 * min(height, width):
            continue  # as large as the frame (noise, a blank screen): the fast path read that
        candidates.append((float(sums[label]), x, y, w, h))
    candidates.sort(reverse=True)
    boxes = []
    for _, x, y, w, h in candidates[:limit]:
        margin = max(w, h) * 0.1 + 0.5  # the blur of the map already widens the patch
        boxes.append(
            (
                max(0, int((x - margin) * CELL)),
                max(0, int((y - margin) * CELL)),
                min(width, int((x + w + margin) * CELL)),
                min(height, int((y + h + margin) * CELL)),
            )
        )
    return boxes
