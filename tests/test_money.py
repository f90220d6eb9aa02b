"""Amounts as a French cashier types them, read into integer cents; and displayed back."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pos_app.domain.money import MAX_CHARGE_CENTS, AmountError, format_euros, parse_amount

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, the French thousands separator


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("12,50", 1250),
        ("12.50", 1250),
        ("12,5 €", 1250),
        ("12 €", 1200),
        ("0,99", 99),
        ("1 234,56", 123456),
        ("1.234,56", 123456),
        (" 7,5 EUR ", 750),
        (",50", 50),
        ("12.5", 1250),
        ("7", 700),
        ("7 euros", 700),
        ("7 euro", 700),
        ("12,50\u00a0€", 1250),
        ("1\u202f234,56", 123456),
        ("1\u00a0234,56", 123456),
        ("1\u202f234,56\u00a0€", 123456),
        ("0,01", 1),
        ("10 000", 1_000_000),
        ("10.000,00", 1_000_000),
        ("12,50\n", 1250),
    ],
)
def test_parse_amount_accepts(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "amount_malformed"),
        ("   ", "amount_malformed"),
        ("abc", "amount_malformed"),
        ("12,505", "amount_malformed"),
        ("-3", "amount_negative"),
        ("−3", "amount_negative"),  # U+2212 MINUS SIGN
        ("-0,50", "amount_negative"),
        ("0", "amount_zero"),
        ("0,00", "amount_zero"),
        (",0", "amount_zero"),
        ("99999999", "amount_absurd"),
        ("10 000,01", "amount_absurd"),
        ("12,5,0", "amount_malformed"),
        ("1e3", "amount_malformed"),
        ("NaN", "amount_malformed"),
        ("inf", "amount_malformed"),
        ("€", "amount_malformed"),
        (",", "amount_malformed"),
        ("12,", "amount_malformed"),
        ("12 50", "amount_malformed"),
        ("+12", "amount_malformed"),
        ("€12", "amount_malformed"),
        ("1,234.56", "amount_malformed"),
        ("1.500", "amount_malformed"),  # 1,50 € or 1 500 €? Ambiguous: refused, never guessed
        ("0.500", "amount_malformed"),
        ("١٢", "amount_malformed"),  # non-Latin digits
        ("12,50 $", "amount_malformed"),
    ],
)
def test_parse_amount_refuses(text: str, code: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert caught.value.code == code
    assert caught.value.message  # French text for the cashier
    assert isinstance(caught.value, ValueError)


def test_absurd_amount_message_shows_the_amount() -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount("99999999")
    assert f"99{NNBSP}999{NNBSP}999,00{NBSP}€" in caught.value.message


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (0, f"0,00{NBSP}€"),
        (1, f"0,01{NBSP}€"),
        (99, f"0,99{NBSP}€"),
        (1234, f"12,34{NBSP}€"),
        (1250, f"12,50{NBSP}€"),
        (100_000, f"1{NNBSP}000,00{NBSP}€"),
        (123_456, f"1{NNBSP}234,56{NBSP}€"),
        (100_000_000, f"1{NNBSP}000{NNBSP}000,00{NBSP}€"),
        (-5, f"-0,05{NBSP}€"),
        (-123_456, f"-1{NNBSP}234,56{NBSP}€"),
    ],
)
def test_format_euros(cents: int, text: str) -> None:
    assert format_euros(cents) == text


@settings(derandomize=True, database=None, max_examples=300)
@given(st.integers(min_value=1, max_value=MAX_CHARGE_CENTS))
@example(1)
@example(99_999)
@example(100_000)
@example(MAX_CHARGE_CENTS)
def test_french_display_round_trips(cents: int) -> None:
    shown = format_euros(cents)
    assert shown.endswith(f"{NBSP}€")
    typed = shown.removesuffix(f"{NBSP}€")
    assert parse_amount(typed) == cents
    assert parse_amount(shown) == cents
