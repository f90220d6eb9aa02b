"""A domain sentence is its French `str` and keeps what is needed to say it in English."""

from __future__ import annotations

import copy
import pickle
from datetime import date

import pytest

from pos_app.domain.money import AmountError, parse_amount
from pos_app.domain.text import Euros, Text, template

ENGLISH = {
    "Plafond atteint ({limit}) le {day}.": "Limit reached ({limit}) on {day}.",
    "{name} — {reason} Le jeune paie par un autre moyen.": (
        "{name} — {reason} The young person pays another way."
    ),
    "{label} : le solde est épuisé.": "{label}: no balance left.",
    "Montant trop élevé ({amount}) : vérifiez la saisie.": "Amount too high ({amount}): check it.",
}


def english_fill(value: object) -> str:
    if isinstance(value, Euros):
        return f"€{value // 100}.{value % 100:02d}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def in_english(text: Text) -> str:
    return text.render(lambda french: ENGLISH.get(french, french), english_fill)


def test_a_text_is_its_french_sentence() -> None:
    text = Text("Plafond atteint ({limit}) le {day}.", limit=Euros(35_000), day=date(2026, 7, 1))
    assert text == "Plafond atteint (350,00\u00a0€) le 01/07/2026."
    assert isinstance(text, str)
    assert "350,00" in text and text.startswith("Plafond")
    assert text.template == "Plafond atteint ({limit}) le {day}."
    assert in_english(text) == "Limit reached (€350.00) on 2026-07-01."


def test_nested_sentences_are_translated_too() -> None:
    reason = Text("{label} : le solde est épuisé.", label="Pass Culture")
    text = Text("{name} — {reason} Le jeune paie par un autre moyen.", name="Léa", reason=reason)
    assert text == "Léa — Pass Culture : le solde est épuisé. Le jeune paie par un autre moyen."
    assert (
        in_english(text)
        == "Léa — Pass Culture: no balance left. The young person pays another way."
    )


def test_joined_parts_keep_their_own_translation() -> None:
    parts = [Text("{label} : le solde est épuisé.", label=label) for label in ("A", "B")]
    joined = Text.joined(" ; ", parts)
    assert joined == "A : le solde est épuisé. ; B : le solde est épuisé."
    assert in_english(joined) == "A: no balance left. ; B: no balance left."
    assert Text.joined(" {x} ", ["a", "b"]) == "a {x} b"  # braces in a separator are literal


def test_an_untranslated_template_reads_french_and_a_broken_one_falls_back() -> None:
    unknown = Text("Pas encore traduit ({n}).", n=3)
    assert in_english(unknown) == "Pas encore traduit (3)."
    broken = Text("{label} : le solde est épuisé.", label="Pass")
    # A translator who misspelt the placeholder: the French is shown, never a crash.
    assert broken.render(lambda _: "{labell}: no balance left.", english_fill) == broken


def test_a_text_survives_pickling_and_copies() -> None:
    text = Text("Plafond atteint ({limit}) le {day}.", limit=Euros(100), day=date(2026, 1, 2))
    for again in (pickle.loads(pickle.dumps(text)), copy.copy(text), copy.deepcopy(text)):
        assert again == text
        assert isinstance(again, Text)
        assert in_english(again) == "Limit reached (€1.00) on 2026-01-02."


def test_template_marks_a_table_entry_and_returns_it_unchanged() -> None:
    assert template("{label} : le solde est épuisé.") == "{label} : le solde est épuisé."


def test_money_refusals_carry_the_amount_as_an_amount() -> None:
    with pytest.raises(AmountError) as raised:
        parse_amount("20000")
    message = raised.value.message
    assert message == "Montant trop élevé (20\u202f000,00\u00a0€) : vérifiez la saisie."
    assert in_english(message) == "Amount too high (€20000.00): check it."
