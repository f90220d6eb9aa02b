"""Camera-like frames of QR codes, as a webcam at the counter sees phones and paper.

`distorted_set(payloads, seed=...)` draws one scene per payload: the code on a phone screen (bezel,
screen glow, glare, moiré, dark mode) or on paper (uneven light, low contrast, crease, print
gain), laid somewhere in a cluttered 1280×720 frame, rotated by any angle, seen in perspective,
small or large, then blurred (focus or motion), noised and JPEG-compressed as a cheap webcam's
MJPEG stream would be. Everything comes from `numpy.random.default_rng(seed + index)`: the same
seed gives the same frames, so figures can be compared from run to run.

Qt-free and independent of the payload format (payloads come from the caller); used by the tests
and by `bench/bench_decode.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import segno

__all__ = ["Scene", "distorted_frame", "distorted_set", "empty_frames", "qr_modules"]

QUIET = 4
"""Quiet-zone width in modules around every rendered code."""


@dataclass(frozen=True, slots=True)
class Scene:
    """One distorted frame, the payload it holds and what was done to it (for the reports)."""

    payload: str
    gray: np.ndarray
    carrier: str  # "phone" or "paper"
    effects: tuple[str, ...]
    code_px: float  # side of the code (without quiet zone) in the frame, in pixels
    angle: float


def qr_modules(payload: str) -> np.ndarray:
    """The code's modules (True = dark), with its quiet zone, at error-correction level M."""
    qr = segno.make(payload, error="m", boost_error=False)
    return np.pad(np.array(qr.matrix, dtype=bool), QUIET, constant_values=False)


def _clutter(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    """A counter seen by a webcam: smooth shading plus a few objects with hard edges."""
    low = rng.uniform(40, 200, size=(6, 10)).astype(np.float32)
    frame = cv2.resize(low, (width, height), interpolation=cv2.INTER_CUBIC)
    for _ in range(int(rng.integers(3, 9))):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        x1, y1 = x0 + int(rng.integers(30, 300)), y0 + int(rng.integers(10, 200))
        cv2.rectangle(frame, (x0, y0), (x1, y1), float(rng.uniform(0, 255)), -1)
    for _ in range(int(rng.integers(0, 4))):  # printed lines of text: edges, not codes
        y = int(rng.integers(0, height))
        x = int(rng.integers(0, width - 200))
        for k in range(int(rng.integers(5, 25))):
            w = int(rng.integers(4, 14))
            cv2.rectangle(frame, (x + k * 16, y), (x + k * 16 + w, y + 10), 30.0, -1)
    return frame


def _render_carrier(
    rng: np.random.Generator, modules: np.ndarray, carrier: str, effects: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The flat carrier (phone or paper) at 6 px per module, its mask, the code's corners."""
    ppm = 6
    n = modules.shape[0]
    inner = n - 2 * QUIET
    dark, light = 20.0, 235.0
    if carrier == "phone":
        light = float(rng.uniform(215, 255))
        dark = float(rng.uniform(0, 40))
    else:
        light = float(rng.uniform(190, 240))
        dark = float(rng.uniform(20, 70))
    if "low-contrast" in effects:
        mid = float(rng.uniform(110, 160))
        half = float(rng.uniform(22, 40))
        dark, light = mid - half, mid + half
    code = np.where(np.kron(modules, np.ones((ppm, ppm), dtype=bool)), dark, light)
    code = code.astype(np.float32)
    if carrier == "paper" and "ink-spread" in effects:  # print gain: dark modules bleed
        code = cv2.erode(code, np.ones((3, 3), np.uint8))
    side = code.shape[0]
    if carrier == "phone":
        pad = (int(side * 0.12), int(side * 0.5), int(side * 0.08))  # sides, top+bottom, bezel
        screen_h, screen_w = side + 2 * pad[1], side + 2 * pad[0]
        screen = np.full((screen_h, screen_w), light, np.float32)
        screen[pad[1] : pad[1] + side, pad[0] : pad[0] + side] = code
        for _ in range(3):  # app text above and below the code
            y = int(rng.integers(10, pad[1] - 30))
            cv2.rectangle(screen, (pad[0], y), (pad[0] + int(side * 0.6), y + 20), dark, -1)
        bezel = pad[2]
        body = np.full((screen_h + 2 * bezel, screen_w + 2 * bezel), 12.0, np.float32)
        body[bezel:-bezel, bezel:-bezel] = screen
        origin = (bezel + pad[0], bezel + pad[1])
    else:
        margin = int(side * rng.uniform(0.15, 0.6))
        body = np.full((side + 2 * margin, side + 2 * margin), light, np.float32)
        body[margin : margin + side, margin : margin + side] = code
        for _ in range(int(rng.integers(0, 4))):
            y = int(rng.integers(0, max(1, margin - 20)))
            cv2.rectangle(body, (margin, y), (margin + int(side * 0.8), y + 14), dark, -1)
        origin = (margin, margin)
    q0 = QUIET * ppm
    ox, oy = origin[0] + q0, origin[1] + q0
    corners = np.array(
        [[ox, oy], [ox + inner * ppm, oy], [ox + inner * ppm, oy + inner * ppm],
         [ox, oy + inner * ppm]],
        np.float32,
    )  # fmt: skip
    mask = np.ones_like(body, np.float32)
    return body, mask, corners


def _homography(
    rng: np.random.Generator,
    corners: np.ndarray,
    body_shape: tuple[int, int],
    frame_size: tuple[int, int],
    code_px: float,
    angle: float,
    tilt: float,
    quiet_ratio: float,
) -> tuple[np.ndarray, bool]:
    """Carrier → frame: scale to `code_px`, rotate by `angle`, tilt the corners, place it."""
    width, height = frame_size
    code_side = float(corners[1, 0] - corners[0, 0])
    scale = code_px / code_side
    h, w = body_shape
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    centre = corners.mean(axis=0)
    theta = np.deg2rad(angle)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    dst = (src - centre) * scale @ rot.T
    # perspective: move each corner by up to `tilt` of the code's size
    dst = dst + rng.uniform(-tilt, tilt, size=(4, 2)) * code_px
    code_dst = ((corners - centre) * scale @ rot.T).astype(np.float32)
    # place the code and its quiet zone (not the whole carrier) inside the frame
    lo = -code_dst.min(axis=0) * quiet_ratio + 4
    hi = np.array([width, height]) - code_dst.max(axis=0) * quiet_ratio - 4
    fits = bool(np.all(hi > lo))
    offset = rng.uniform(lo, hi) if fits else np.array([width / 2, height / 2])
    dst = (dst + offset).astype(np.float32)
    return cv2.getPerspectiveTransform(src, dst), fits


def distorted_frame(
    payload: str,
    rng: np.random.Generator,
    size: tuple[int, int] = (1280, 720),
) -> Scene:
    """One camera-like frame of `payload` (width, height = `size`), drawn from `rng`."""
    width, height = size
    modules = qr_modules(payload)
    carrier = "phone" if rng.random() < 0.55 else "paper"
    effects: list[str] = []

    def maybe(name: str, probability: float) -> bool:
        if rng.random() < probability:
            effects.append(name)
            return True
        return False

    maybe("low-contrast", 0.35)
    if carrier == "paper":
        maybe("ink-spread", 0.3)
    body, mask, corners = _render_carrier(rng, modules, carrier, effects)
    if carrier == "phone" and maybe("inverted", 0.3):
        body = 255.0 - body
    # the code's side in the frame: from a phone held far (≈2.5 px per module) to one held close
    short = min(width, height)
    n_inner = modules.shape[0] - 2 * QUIET
    code_px = float(rng.uniform(2.4, 7.5) * n_inner)
    code_px = min(code_px, short * 0.85)
    angle = float(rng.uniform(-180, 180)) if rng.random() < 0.6 else float(rng.uniform(-20, 20))
    tilt = float(rng.uniform(0.0, 0.16))
    quiet_ratio = (n_inner + 2 * QUIET) / n_inner * (1 + tilt)
    matrix, _ = _homography(rng, corners, body.shape, size, code_px, angle, tilt, quiet_ratio)

    frame = _clutter(rng, height, width)
    warped = cv2.warpPerspective(body, matrix, (width, height), flags=cv2.INTER_AREA)
    cover = cv2.warpPerspective(mask, matrix, (width, height), flags=cv2.INTER_LINEAR)
    frame = frame * (1 - cover) + warped * cover

    if carrier == "phone":
        if maybe("moire", 0.4):
            yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
            period = float(rng.uniform(2.2, 6.0))
            direction = float(rng.uniform(0, np.pi))
            wave = np.cos(2 * np.pi * (xx * np.cos(direction) + yy * np.sin(direction)) / period)
            beat = np.cos(2 * np.pi * (xx * np.sin(direction) - yy * np.cos(direction)) / 97.0)
            amplitude = float(rng.uniform(12, 35))
            frame += cover * amplitude * wave * (0.6 + 0.4 * beat)
        if maybe("glare", 0.55):
            centre = cv2.perspectiveTransform(corners[None, :, :], matrix)[0].mean(axis=0)
            cx, cy = centre + rng.uniform(-0.35, 0.35, 2) * code_px
            sx, sy = rng.uniform(0.08, 0.22, 2) * code_px
            yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
            blob = np.exp(-(((xx - cx) / sx) ** 2 + ((yy - cy) / sy) ** 2) / 2)
            frame += blob * float(rng.uniform(90, 200))
    elif maybe("uneven-light", 0.5):
        yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
        gx, gy = rng.uniform(-1, 1, 2)
        ramp = (gx * (xx / width - 0.5) + gy * (yy / height - 0.5)) * 2
        frame *= 1.0 + float(rng.uniform(0.2, 0.45)) * ramp
    if carrier == "paper" and maybe("crease", 0.3):
        p0 = rng.uniform([0, 0], [width, height])
        p1 = rng.uniform([0, 0], [width, height])
        line = np.zeros((height, width), np.float32)
        cv2.line(line, tuple(map(int, p0)), tuple(map(int, p1)), 1.0, int(rng.integers(2, 5)))
        frame -= cv2.GaussianBlur(line, (0, 0), 1.5) * float(rng.uniform(40, 90))

    frame = np.clip(frame, 0, 255)
    ppm = code_px / n_inner
    if maybe("motion-blur", 0.2):
        # a blur wider than ~1.5 modules is unreadable by anything: the cashier moves closer
        length = int(rng.integers(3, max(4, min(8, int(1.5 * ppm) + 1))))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1.0 / length
        centre = (length / 2 - 0.5, length / 2 - 0.5)
        rotation = cv2.getRotationMatrix2D(centre, float(rng.uniform(0, 180)), 1)
        kernel = cv2.warpAffine(kernel, rotation, (length, length))
        frame = cv2.filter2D(frame, -1, kernel / max(kernel.sum(), 1e-6))
    elif maybe("blur", 0.45):
        frame = cv2.GaussianBlur(frame, (0, 0), float(rng.uniform(0.6, min(1.6, 0.4 * ppm))))
    sigma = float(rng.uniform(2, 12)) if maybe("noise", 0.7) else 1.0
    frame = frame + rng.normal(0, sigma, size=frame.shape).astype(np.float32)
    gray = np.clip(frame, 0, 255).astype(np.uint8)
    if maybe("jpeg", 0.6):
        quality = int(rng.integers(35, 85))
        ok, data = cv2.imencode(".jpg", gray, [cv2.IMWRITE_JPEG_QUALITY, quality])
        if ok:
            gray = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return Scene(payload, gray, carrier, tuple(effects), code_px, angle)


def distorted_set(
    payloads: list[str], *, seed: int = 2026, size: tuple[int, int] = (1280, 720)
) -> list[Scene]:
    """One distorted frame per payload; frame `i` comes from `default_rng(seed + i)`."""
    return [
        distorted_frame(payload, np.random.default_rng(seed + index), size)
        for index, payload in enumerate(payloads)
    ]


def empty_frames(count: int, *, seed: int = 7, size: tuple[int, int] = (1280, 720)) -> list:
    """Frames with no code: clutter, text lines, noise, a blank screen, pure noise."""
    width, height = size
    frames = []
    for index in range(count):
        rng = np.random.default_rng(seed + index)
        kind = index % 4
        if kind == 0:
            frame = _clutter(rng, height, width)
        elif kind == 1:
            frame = rng.uniform(0, 255, size=(height, width)).astype(np.float32)
        elif kind == 2:
            frame = np.full((height, width), float(rng.uniform(0, 255)), np.float32)
        else:  # a checkerboard-ish pattern: many edges and corners, still no code
            small = (rng.random((height // 16, width // 16)) < 0.5).astype(np.float32) * 255
            frame = cv2.resize(small, (width, height), interpolation=cv2.INTER_NEAREST)
        frame = frame + rng.normal(0, 4, size=frame.shape)
        frames.append(np.clip(frame, 0, 255).astype(np.uint8))
    return frames
