"""The day's history (search) and the receipt offered after a sale or a void."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pos_app.clock import ENV_NOW
from pos_app.domain.receipts import WIDTH
from pos_app.services import Till, TillError


def test_a_sale_has_a_receipt_that_a_ticket_printer_can_print(
    cinema_till: Till, region, fixed_now
) -> None:
    state, _ = region
    sale = cinema_till.charge(
        state.qr_payload("B002", fixed_now), "cinema", "9,50", operator="Camille"
    )
    lines = cinema_till.receipt(sale.id)
    text = "\n".join(lines)
    assert all(len(line) <= WIDTH for line in lines)
    assert lines[0].strip() == "CINÉMA LUX (CAEN)"
    assert "Ticket de paiement Atouts" in text and "Cinéma" in text
    assert "SIRET 901 122 333 00015" in text and "Ticket n° 000001" in text
    assert "9,50 €" in text and "Payé par l'avantage" in text and "Reste à payer" in text
    assert "Camille" in text and sale.id in text
    # Never the birth date or the support's serial; the family name only as an initial.
    holder = sale.holder_name
    assert holder and holder.split()[-1] not in text and holder.split()[-1][0] + "." in text
    assert "2008" not in text and sale.serial not in text


def test_a_void_has_its_own_receipt(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    sale = cinema_till.charge(state.qr_payload("B002", fixed_now), "cinema", "4")
    undo = cinema_till.void(sale.id, "erreur de tarif")
    text = "\n".join(cinema_till.receipt(undo.id))
    assert "ANNULATION" in text and "Rendu à l'avantage" in text and "erreur de tarif" in text
    with pytest.raises(TillError) as unknown:
        cinema_till.receipt("nope")
    assert unknown.value.code == "unknown_transaction"


def test_the_history_of_the_day_and_its_search(
    cinema_till: Till, region, fixed_now, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, _ = region
    cinema_till.charge(state.qr_payload("B002", fixed_now), "cinema", "2", operator="Noé")
    next_day = fixed_now + timedelta(days=1)
    monkeypatch.setenv(ENV_NOW, next_day.isoformat())
    cinema_till.charge(state.qr_payload("B002", next_day), "cinema", "3", operator="Camille")
    cinema_till.charge(state.qr_payload("B002", next_day), "spectacle", "12,50")
    assert len(cinema_till.history()) == 3
    today = cinema_till.history(today_only=True)
    assert [e.transaction.amount_cents for e in today] == [1250, 300]  # newest first
    assert [e.transaction.operator for e in cinema_till.history(search="noé")] == ["Noé"]
    assert [e.transaction.category_id for e in cinema_till.history(search="12,50")] == ["spectacle"]
    # An English window shows €12.50: the cashier types 12.50.
    assert [e.transaction.category_id for e in cinema_till.history(search="12.50")] == ["spectacle"]
    assert cinema_till.history(search="camille 3,00", today_only=True)[0].transaction.operator
    assert cinema_till.history(search="personne") == []
    assert len(cinema_till.history(limit=1)) == 1


def test_can_void_says_why_not_before_any_reason(
    cinema_till: Till, region, fixed_now, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history greys its void button with the rules' own words: the same as `void`'s."""
    state, _ = region
    hugo = state.qr_payload("B002", fixed_now)
    sale = cinema_till.charge(hugo, "cinema", "4")
    other = cinema_till.charge(hugo, "cinema", "2")
    assert cinema_till.can_void(sale.id) is None
    undo = cinema_till.void(sale.id, "erreur de tarif")
    assert cinema_till.can_void(sale.id) == "Cette transaction est déjà annulée."
    assert cinema_till.can_void(undo.id) == "Seul un encaissement peut être annulé."
    assert cinema_till.can_void("nope") == "Transaction inconnue dans cette caisse : nope."
    assert cinema_till.can_void(other.id) is None
    monkeypatch.setenv(ENV_NOW, (fixed_now + timedelta(hours=24, minutes=1)).isoformat())
    too_late = cinema_till.can_void(other.id)
    assert too_late is not None and too_late.startswith("Annulation impossible après 24 h")
    for txn_id, said in ((other.id, too_late), (sale.id, "Cette transaction est déjà annulée.")):
        with pytest.raises(TillError) as refused:
            cinema_till.void(txn_id, "erreur")
        assert refused.value.message == said
