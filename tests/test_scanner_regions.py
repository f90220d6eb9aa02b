"""The texture map that finds codes the decoder did not locate (issue 6, item 7).

Frames 174 and 186 of the bench's set (`bench/bench_decode.py`: seed 2026, frame i drawn from
`default_rng(2026 + i)`) are small, blurred, low-contrast paper codes: zxing-cpp neither reads nor
locates them on the whole frame. Retry counts, not a clock, so the tests do not depend on load.
"""

from __future__ import annotations

import numpy as np
import pytest
from qr_payloads import real_payloads

from scanner.decoders import ZxingDecoder
from scanner.pipeline import ALL_STEPS, FramePipeline, _denoise
from scanner.regions import CELL, MIN_CELLS, TextureMap, texture_boxes
from scanner.testing.distort import Scene, distorted_set, empty_frames


@pytest.fixture(scope="module")
def unlocated() -> list[Scene]:
    payloads = real_payloads(187)
    return [distorted_set([payloads[i]], seed=2026 + i)[0] for i in (174, 186)]


def test_the_decoder_alone_neither_reads_nor_locates_these_codes(unlocated) -> None:
    for scene in unlocated:
        assert ZxingDecoder().scan(_denoise(scene.gray)) == ([], [])


def test_the_most_textured_patch_holds_the_code_and_the_pipeline_reads_it_there(
    unlocated,
) -> None:
    for scene in unlocated:
        pipeline = FramePipeline(ZxingDecoder(), budget_ms=1000, retries_per_frame=2)
        found = pipeline.decode(scene.gray)
        assert [d.text for d in found] == [scene.payload]
        assert pipeline.last.step.startswith("regions")
        x0, y0, x1, y1 = texture_boxes(scene.gray)[0]
        assert found[0].corners is not None  # mapped back from the enlarged crop
        assert all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in found[0].corners)


def test_without_the_texture_map_no_retry_reads_them(unlocated) -> None:
    for scene in unlocated:
        pipeline = FramePipeline(
            ZxingDecoder(), budget_ms=1000, doubt_ms=1000, steps=ALL_STEPS - {"regions"}
        )
        assert pipeline.decode(scene.gray) == []
        assert pipeline.last.attempts > 2  # the whole-frame retries ran, and failed


def test_an_empty_counter_has_no_code_like_patch() -> None:
    # clutter, pure noise, a blank screen, a checkerboard: nothing compact, squarish and big
    assert [texture_boxes(frame) for frame in empty_frames(8)] == [[]] * 8


def test_a_line_of_text_is_not_a_code_but_a_textured_square_is() -> None:
    rng = np.random.default_rng(1)
    frame = np.full((720, 1280), 128, np.uint8)
    frame[100:112, 100:900] = np.where(rng.random((12, 800)) < 0.5, 20, 230)  # a text line
    assert texture_boxes(frame) == []
    side = 12 * CELL  # well above MIN_CELLS
    modules = np.kron(rng.random((side // 4, side // 4)) < 0.5, np.ones((4, 4), bool))
    frame[300 : 300 + side, 600 : 600 + side] = np.where(modules, 20, 230)
    boxes = texture_boxes(frame)
    assert len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert x0 <= 600 and y0 <= 300 and x1 >= 600 + side and y1 >= 300 + side
    assert (x1 - x0) * (y1 - y0) < 2 * side * side  # tight enough to enlarge the code


def test_a_patch_below_the_smallest_readable_code_is_ignored() -> None:
    rng = np.random.default_rng(2)
    frame = np.full((720, 1280), 128, np.uint8)
    side = int(np.sqrt(MIN_CELLS) * CELL) // 2
    frame[300 : 300 + side, 600 : 600 + side] = np.where(rng.random((side, side)) < 0.5, 0, 255)
    assert texture_boxes(frame) == []


def test_the_map_reuses_its_work_arrays_and_follows_a_new_frame_size() -> None:
    texture = TextureMap()
    big = np.zeros((720, 1280), np.uint8)
    assert texture(big).shape == (720 // CELL, 1280 // CELL)
    assert texture(np.zeros((480, 640), np.uint8)).shape == (480 // CELL, 640 // CELL)
    assert texture_boxes(np.zeros((40, 40), np.uint8)) == []
