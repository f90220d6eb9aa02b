"""A short, deterministic fuzz of `read_code`: refusals only, never a crash or a forgery.

The generator lives in `bench/fuzz_codes.py` (run it there with a million payloads); this test
loads that file by path (bench/ is no package) and runs 20,000 payloads with a fixed seed.
"""

from __future__ import annotations

from typing import Any

import pytest
from bench_modules import load_bench_module

N = 20_000
SEED = 20_251_124


fuzz = load_bench_module("fuzz_codes.py")


@pytest.fixture(scope="module")
def corpus() -> Any:
    return fuzz.build_corpus()


@pytest.fixture(scope="module")
def report(corpus: Any) -> Any:
    return fuzz.run(N, SEED, corpus)


def _failures(report: Any) -> str:
    return "\n".join(
        f"[{f.kind}] {f.problem}\n  payload: {f.payload!r}" for f in report.failures[:5]
    )


def test_every_payload_is_read_or_refused_never_a_crash(report: Any) -> None:
    assert report.total == N
    assert report.crashes == 0, _failures(report)


def test_no_forgery_is_accepted(report: Any) -> None:
    """Whatever reads carries a genuine code's signed parts, byte for byte."""
    assert report.forgeries == 0, _failures(report)
    assert report.failures == []


def test_the_fuzz_reaches_every_mutation_kind_and_every_refusal(report: Any) -> None:
    assert set(report.kinds) == set(fuzz.MUTATORS)
    assert min(report.kinds.values()) > N // 100
    for outcome in (
        "not_atouts_code",
        "code_malformed",
        "unknown_key",
        "bad_signature",
        "key_retired",
        "key_not_valid_then",
        "bad_presentation",
        "accepted",
        "accepted_signed",
    ):
        assert report.outcomes[outcome] > 0, outcome
    assert report.outcomes["bad_signature"] > N // 10, "mutations of genuine codes must get as far"
    assert report.outcomes["bad_presentation"] > N // 100


def test_genuine_codes_and_their_variants_read(corpus: Any) -> None:
    """The corpus itself: readable codes read as themselves, with spaces and in lower case."""
    for payload in corpus.payloads:
        parts = tuple(fuzz.envelope(payload))
        if parts in corpus.genuine:
            for variant in (payload, f" {payload.lower()}\r\n"):
                assert fuzz.outcome("variant", variant, corpus) == "accepted"


def test_the_forgery_check_is_not_vacuous(corpus: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """With signature checks switched off, the same fuzz must report forgeries."""
    import pos_app.domain.credentials as credentials

    monkeypatch.setattr(credentials, "verify", lambda *args: True)
    broken = fuzz.run(3_000, SEED, corpus)
    assert broken.forgeries > 0
    assert broken.crashes == 0


def test_the_fuzz_is_deterministic(corpus: Any) -> None:
    first, second = fuzz.run(2_000, SEED, corpus), fuzz.run(2_000, SEED, corpus)
    assert first.by_kind == second.by_kind
    assert fuzz.build_corpus().payloads == corpus.payloads
