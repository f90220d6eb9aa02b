"""The generator of frames the pipeline was not tuned on (issue 17): deterministic per seed, with
the ranges docs/decoders.md says, fixed splits. Specs are cheap; only a few frames are drawn."""

from __future__ import annotations

import numpy as np
import pytest
from qr_payloads import real_payloads

from scanner.decoders import ZxingDecoder
from scanner.testing import frames as gen


@pytest.fixture(scope="module")
def specs() -> list[gen.FrameSpec]:
    return gen.specs("tuning", real_payloads(300, seed=gen.SPLITS["tuning"].payload_seed), 300)


def test_the_splits_are_fixed_and_apart() -> None:
    splits = gen.SPLITS.values()
    assert len({s.seed for s in splits}) == len({s.payload_seed for s in splits}) == 3
    assert [s.name for s in splits if not s.held_out] == ["tuning"]
    assert all(600 <= s.frames <= 1500 for s in splits)


def test_the_ranges_are_wide_and_continuous(specs: list[gen.FrameSpec]) -> None:
    ppm = [s.ppm for s in specs]
    assert 2.5 <= min(ppm) < 2.7 and 6.8 < max(ppm) <= 7.0
    angles = [s.angle for s in specs]
    assert min(angles) < 10 and max(angles) > 350
    assert max(s.tilt for s in specs) > 30 and max(s.tilt for s in specs) <= 35
    assert {s.version for s in specs} == set(range(8, 14))
    assert {s.carrier for s in specs} == set(gen.CARRIERS)
    assert {k for s in specs for k in s.kinds} == set(gen.KINDS)
    assert all(1 <= len(s.kinds) <= 3 for s in specs)
    assert all(s.carrier == "phone" for s in specs if {"dark-mode", "moire"} & set(s.kinds))
    assert {40, 90} & {int(s.params["jpeg"]) for s in specs}
    assert all(40 <= s.params["jpeg"] <= 90 for s in specs)


def test_a_seed_gives_the_same_frames_and_another_seed_others() -> None:
    payloads = real_payloads(2, seed=17)
    first = gen.specs("tuning", payloads, 2)
    again = gen.specs("tuning", payloads, 2)
    assert first == again
    assert gen.render_jpeg(first[1]) == gen.render_jpeg(again[1])
    other = gen.specs("heldout-a", payloads, 2)
    assert other[1] != first[1]
    frame = gen.render(first[1])
    assert frame.shape == (720, 1280) and frame.dtype == np.uint8
    shown = gen.presentation(first[1], frames=2)
    assert len(shown) == 2 and shown[0] != shown[1]  # fresh noise each frame
    assert gen.decode_jpeg(shown[0]).shape == (720, 1280)


def test_an_easy_generated_frame_holds_its_payload_and_an_empty_one_nothing() -> None:
    payload = real_payloads(1, seed=17)[0]
    easy = {"tilt_axis": 0.0, "defocus": 0.0, "noise": 2.0, "jpeg": 85.0}
    spec = gen.FrameSpec(0, 1, payload, "paper", ("texture",), 9, "M", 6.0, 30.0, 3.0, easy)
    assert [d.text for d in ZxingDecoder().decode_gray(gen.render(spec))] == [payload]
    for index in range(5):  # every kind of empty frame
        data, _ = gen.empty_frame(3, index)
        assert ZxingDecoder().decode_gray(gen.decode_jpeg(data)) == []
