"""Application services on their error paths: clock, secrets, bad answers from the network."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import httpx
import pytest

from pos_app.cli import main
from pos_app.clock import ENV_NOW
from pos_app.secrets_vault import FALLBACK_NAME, TokenVault
from pos_app.services import Till, TillError
from sync.client import RegionClient


def test_without_a_keyring_the_token_goes_to_a_private_file(tmp_path: Path) -> None:
    vault = TokenVault(tmp_path, "device@till")
    vault.store("s3cret-token")
    path = tmp_path / FALLBACK_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert vault.load() == "s3cret-token"
    assert "fichier protégé" in vault.location


def test_with_a_keyring_the_token_never_touches_the_disk(tmp_path: Path, memory_keyring) -> None:
    backend = memory_keyring
    vault = TokenVault(tmp_path, "device@till")
    vault.store("s3cret-token")
    assert backend.secrets == {("atouts-pos", "device@till"): "s3cret-token"}
    assert not (tmp_path / FALLBACK_NAME).exists()
    assert vault.load() == "s3cret-token"
    assert vault.location == "trousseau du système"


def test_the_token_is_never_in_the_database_or_the_log(cinema_till: Till) -> None:
    token = cinema_till._vault(cinema_till.status().device_id).load()
    assert token
    database = (cinema_till.data_dir / "till.sqlite3").read_bytes()
    wal = cinema_till.data_dir / "till.sqlite3-wal"
    assert token.encode() not in database
    assert not wal.exists() or token.encode() not in wal.read_bytes()
    for log_file in (cinema_till.data_dir / "logs").glob("*"):
        assert token not in log_file.read_text(encoding="utf-8")


def test_a_clock_without_time_zone_is_refused_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_NOW, "2026-03-14T20:30:00")
    code = main(
        [
            "charge",
            "ATP1:x.y",
            "--category",
            "cinema",
            "--amount",
            "5",
            "--data-dir",
            str(tmp_path),
            "--json",
        ]
    )
    answer = json.loads(capsys.readouterr().out)
    assert code == 2 and answer["error"] == "clock_invalid"
    assert "fuseau" in answer["message"]


def test_check_before_any_snapshot_says_to_sync(tmp_path: Path) -> None:
    with Till(tmp_path) as till, pytest.raises(TillError) as refused:
        till.check("ATP1:x.y")
    assert refused.value.code == "not_enrolled"


def faulty_client(handler):
    def factory(base_url: str, token: str | None) -> RegionClient:
        return RegionClient(base_url, token, transport=httpx.MockTransport(handler))

    return factory


def test_a_tampered_snapshot_is_refused_and_the_previous_one_kept(
    cinema_till: Till, region, fixed_now
) -> None:
    state, server = region
    before = cinema_till.status().snapshot_version
    genuine = httpx.get(
        f"{server.url}/v1/snapshot",
        headers={
            "Authorization": f"Bearer {cinema_till._vault(cinema_till.status().device_id).load()}"
        },
    )
    tampered = genuine.content.replace(b"2000", b"9000")  # every 20 € wallet made 90 €
    assert tampered != genuine.content

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/transactions":
            return httpx.Response(200, json={"results": []})
        return httpx.Response(200, content=tampered)

    cinema_till._client_factory = faulty_client(handler)
    with pytest.raises(TillError) as refused:
        cinema_till.sync()
    assert refused.value.code == "server_invalid"
    assert cinema_till.status().snapshot_version == before
    verdict = cinema_till.check(state.qr_payload("B001", fixed_now))
    assert {w.category_id: w.balance_cents for w in verdict.wallets}["cinema"] == 2000


@pytest.mark.parametrize(
    ("response", "code"),
    [
        (httpx.Response(200, content=b'{"results": [{"id": "x", "sta'), "server_invalid"),
        (httpx.Response(200, json={"results": []}), "server_invalid"),
        (httpx.Response(503, headers={"Retry-After": "30"}), "offline"),
        (
            httpx.Response(401, json={"error": "unknown_device", "message": "Caisse inconnue."}),
            "unknown_device",
        ),
    ],
    ids=["truncated", "wrong_count", "unavailable", "unknown_device"],
)
def test_a_bad_upload_answer_keeps_the_transaction_queued(
    cinema_till: Till, region, fixed_now, response: httpx.Response, code: str
) -> None:
    state, _ = region
    cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "5", id_checked=True)
    cinema_till._client_factory = faulty_client(lambda request: response)
    with pytest.raises(TillError) as failed:
        cinema_till.sync()
    assert failed.value.code == code
    assert cinema_till.status().pending == 1
    assert cinema_till.history()[0].state == "pending"


def test_a_connection_refused_is_offline_and_the_counter_keeps_working(
    cinema_till: Till, region, fixed_now
) -> None:
    state, server = region
    server.stop()
    with pytest.raises(TillError) as offline:
        cinema_till.sync()
    assert offline.value.code == "offline" and "hors ligne" in offline.value.message
    transaction = cinema_till.charge(
        state.qr_payload("B001", fixed_now), "cinema", "5", id_checked=True
    )
    assert transaction.amount_cents == 500


def test_scanning_while_a_sync_runs_on_another_thread(cinema_till: Till, region, fixed_now) -> None:
    """The window syncs on a worker thread while the cashier keeps charging."""
    import threading

    state, _ = region
    payload = state.qr_payload("B001", fixed_now)
    errors: list[BaseException] = []

    def keep_syncing() -> None:
        try:
            for _ in range(5):
                cinema_till.sync()
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=keep_syncing)
    worker.start()
    for _ in range(20):
        assert cinema_till.check(payload).accepted
        cinema_till.charge(payload, "spectacle", "0,10", id_checked=True)
    worker.join(30)
    assert errors == []
    cinema_till.sync()
    assert cinema_till.status().pending == 0
    spectacle = next(w for w in state.balances("B001")["wallets"] if w["category"] == "spectacle")
    assert spectacle["balance_cents"] == 3000 - 20 * 10


def test_a_quote_shows_the_split_the_charge_then_records(
    cinema_till: Till, region, fixed_now
) -> None:
    """The preview the cashier reads is computed by the same rules as the charge, and records
    nothing: quoting twice, then charging, leaves one transaction of the quoted split."""
    state, _ = region
    payload = state.qr_payload("B001", fixed_now)
    with pytest.raises(TillError) as unticked:
        cinema_till.quote(payload, "spectacle", "45,00")
    assert "identité" in unticked.value.message  # a paper support: what is still missing
    quoted = cinema_till.quote(payload, "spectacle", "45,00", id_checked=True)
    cinema_till.quote(payload, "spectacle", "45,00", id_checked=True)
    assert (quoted.amount_cents, quoted.complement_cents) == (3000, 1500)
    assert cinema_till.history() == []
    charged = cinema_till.charge(payload, "spectacle", "45,00", id_checked=True)
    assert (charged.amount_cents, charged.complement_cents) == (3000, 1500)
    assert len(cinema_till.history()) == 1
    with pytest.raises(TillError) as garbage:
        cinema_till.quote(payload, "spectacle", "douze", id_checked=True)
    assert garbage.value.code.startswith("amount")


# --- snapshot: deltas, progress, tampering ---------------------------------------------------


def test_the_second_sync_brings_a_delta_with_progress(cinema_till: Till, region, fixed_now) -> None:
    state, _ = region
    first = cinema_till.status().snapshot_version
    assert cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "8", id_checked=True)
    seen: list[tuple[str, int, int]] = []
    cinema_till.sync(progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert cinema_till.status().snapshot_version > first
    stages = [stage for stage, _, _ in seen]
    assert stages[0] == "download" and stages[-1] == "apply"
    download = [(done, total) for stage, done, total in seen if stage == "download"]
    assert download[-1][0] == download[-1][1] > 0  # all the announced bytes arrived
    assert seen[-1][1] == seen[-1][2]  # every record applied
    verdict = cinema_till.check(state.qr_payload("B001", fixed_now))
    assert {w.category_id: w.balance_cents for w in verdict.wallets}["cinema"] == 1200
    chunks = cinema_till.store.conn.execute("SELECT count(*) FROM snapshot_overrides")
    assert chunks.fetchone()[0] >= 1  # B001's new balance came as a delta line


def test_a_snapshot_edited_on_disk_is_refused_then_replaced_by_a_full_one(
    cinema_till: Till, region, fixed_now
) -> None:
    state, _ = region
    database = cinema_till.data_dir / "till.sqlite3"
    conn = sqlite3.connect(database)
    conn.execute("UPDATE snapshot_chunks SET lines = replace(lines, ',2000,', ',9000,')")
    conn.commit()
    conn.close()
    with pytest.raises(TillError) as refused:
        cinema_till.check(state.qr_payload("B001", fixed_now))
    assert refused.value.code == "snapshot_tampered"
    assert "ont été modifiées" in refused.value.message
    assert any("ont été modifiées" in w for w in cinema_till.status().warnings)
    cinema_till.sync()  # asks for a full snapshot, not a delta on distrusted data
    verdict = cinema_till.check(state.qr_payload("B001", fixed_now))
    assert {w.category_id: w.balance_cents for w in verdict.wallets}["cinema"] == 2000
    assert not cinema_till.status().warnings


def test_a_delta_that_does_not_fit_is_followed_by_a_full_snapshot(
    cinema_till: Till, region, fixed_now, caplog
) -> None:
    state, _ = region
    assert cinema_till.charge(state.qr_payload("B001", fixed_now), "cinema", "8", id_checked=True)
    real = cinema_till._client_factory

    class WrongBase(RegionClient):
        """A proxy that serves a delta built on another version than the till's."""

        def download_snapshot(self, destination, since=0, progress=None):  # type: ignore[override]
            return super().download_snapshot(destination, 1 if since else 0, progress)

    cinema_till._client_factory = WrongBase
    cinema_till.sync()
    cinema_till._client_factory = real
    assert "asking for a full snapshot" in caplog.text
    verdict = cinema_till.check(state.qr_payload("B001", fixed_now))
    assert {w.category_id: w.balance_cents for w in verdict.wallets}["cinema"] == 1200


def test_the_cli_sync_shows_its_progress_on_a_terminal(cinema_till: Till, capsys) -> None:
    from pos_app.cli import _ProgressLine

    line = _ProgressLine()
    for done in (0, 512 * 1024, 1024 * 1024):
        line("download", done, 1024 * 1024)
    line("apply", 3, 3)
    err = capsys.readouterr().err
    assert "Téléchargement des données de la Région : 0 %" in err
    assert err.rstrip().endswith("Enregistrement : 100 %")


def test_a_till_keeps_the_partners_siret_and_address_from_its_enrollment(
    cinema_till: Till,
) -> None:
    partner = cinema_till.status(token_location=False).partner
    assert partner is not None
    assert (partner.siret, partner.address) == (
        "90112233300015",
        "6 avenue Sainte-Thérèse, 14000 Caen",
    )
