"""Two tills of one partner spend the same wallet while offline: the Region detects it, and
the till that lost keeps its sale, marked, with the amount at stake — never dropped, never
retried forever."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pos_app.cli import main
from pos_app.services import Till, TillError


def test_the_till_that_lost_is_told_with_the_amount(
    cinema_till: Till, region, fixed_now, demo_seed, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    state, server = region
    hugo = state.qr_payload("B002", fixed_now)  # cinema wallet: 6 €
    code = next(p for p in demo_seed["partners"] if p["id"] == "P-CINE-LUX")["enrollment_code"]
    second_dir = tmp_path / "second"
    with Till(second_dir) as second:
        second.enroll(server.url, "P-CINE-LUX", code)
        second.sync()
        server.stop()  # both tills are offline now
        assert cinema_till.charge(hugo, "cinema", "6").amount_cents == 600
        assert second.charge(hugo, "cinema", "7").amount_cents == 600
    restarted = type(server)(state, server.port).start()
    try:
        assert cinema_till.sync().accepted == 1
        cinema_till.close()
        assert main(["sync", "--data-dir", str(second_dir), "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        [conflict] = report["rejected"]
        assert conflict["reason"] == "wallet_empty"  # the first till's sale emptied it
        assert conflict["amount_cents"] == 600
        assert "6,00" in conflict["message"] and "hors ligne" in conflict["message"]
        # Kept and marked; a later sync does not send it again.
        assert main(["sync", "--data-dir", str(second_dir), "--json"]) == 0
        again = json.loads(capsys.readouterr().out)
        assert again["uploaded"] == 0 and again["rejected"] == []
        with Till(second_dir) as second:
            [(entry, message)] = second.conflicts()
            assert entry.state == "rejected" and "non remboursés" in message
            # Shown apart until the partner acknowledges it; then only in the history.
            second.acknowledge(entry.transaction.id, operator="Camille")
            assert second.conflicts() == []
            [(seen, _)] = second.conflicts(acknowledged=True)
            assert seen.acknowledged_at is not None
            with pytest.raises(TillError) as twice:
                second.acknowledge(entry.transaction.id)
            assert twice.value.code == "not_a_conflict"
            with pytest.raises(TillError):
                second.acknowledge("no-such-transaction")
        assert next(
            w["balance_cents"] for w in state.balances("B002")["wallets"]
            if w["category"] == "cinema"
        ) == 0  # fmt: skip
    finally:
        restarted.stop()
