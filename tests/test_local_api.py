"""The local API over real HTTP on 127.0.0.1, on a real till enrolled against the reference
Region: every endpoint, idempotency (retries, concurrent requests, a run that died), the
secret, bad input of every kind, and the binding rules."""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pos_app import cli
from pos_app.local_api.models import ChargeIn
from pos_app.local_api.server import LocalApiServer
from pos_app.services import Till, TillError
from pos_app.services.local_api import ApiSecret, fingerprint
from pos_app.store import api_requests_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def server(cinema_till: Till) -> Iterator[LocalApiServer]:
    running = LocalApiServer(cinema_till, port=0).start()
    yield running
    running.stop()


@pytest.fixture
def api(server: LocalApiServer) -> Iterator[httpx.Client]:
    secret = server.secret.current()
    with httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {secret}"}, timeout=30
    ) as client:
        yield client


@pytest.fixture
def b001(region, fixed_now) -> str:
    """A paper support (the ID must be checked): 20,00 € at the cinema, 30,00 € of shows."""
    state, _ = region
    return state.qr_payload("B001", fixed_now)


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def charge_body(code: str, cents: int = 850, **extra: object) -> dict:
    return {"code": code, "category": "cinema", "price_cents": cents, "id_checked": True, **extra}


def cli_json(till: Till, capsys: pytest.CaptureFixture[str], command: str, **args: object) -> dict:
    """What `atouts-pos <command> --json` prints for this open till."""
    capsys.readouterr()
    cli._HANDLERS[command](till, argparse.Namespace(json=True, **args))
    return json.loads(capsys.readouterr().out)


def assert_error(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["error"] == code
    assert body["message"]  # French, for the cashier
    return body


def cinema_balance(till: Till, code: str) -> int:
    verdict = till.check(code)  # a wallet used up is no longer offered
    return next((w.balance_cents for w in verdict.wallets if w.category_id == "cinema"), 0)


# --- every endpoint --------------------------------------------------------------------------


def test_check_charge_receipt_void_history_status_close(
    cinema_till: Till, api: httpx.Client, b001: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert api.get("/v1/health").json() == {"status": "ok"}
    verdict = api.post("/v1/check", json={"code": b001})
    assert verdict.status_code == 200
    assert verdict.json() == cli.verdict_json(cinema_till.check(b001))  # the CLI's object
    assert verdict.json()["accepted"] and verdict.json()["confirm_identity"]
    refused = api.post("/v1/check", json={"code": "faux-code"}).json()
    assert refused["accepted"] is False and refused["reason"]

    sold = api.post("/v1/charges", json=charge_body(b001, 850, operator="Camille"), headers=key())
    assert sold.status_code == 201, sold.text
    sale = sold.json()
    assert sale["transaction"]["amount_cents"] == 850 and sale["balance_left_cents"] == 1150
    assert sale["transaction"]["operator"] == "Camille" and sale["benefit"] == "Cinéma"
    assert sale["reference"] == sale["transaction"]["id"][:8]
    assert set(sale) == {"ok", "transaction", "reference", "benefit", "balance_left_cents",
                         "receipt"}  # fmt: skip
    assert cinema_till.history()[0].transaction.id == sale["transaction"]["id"]

    receipt = api.get(f"/v1/transactions/{sale['reference']}/receipt").json()
    assert receipt["receipt"] == sale["receipt"] == cinema_till.receipt(sale["transaction"]["id"])

    history = api.get("/v1/history").json()
    assert history == cli_json(cinema_till, capsys, "history", limit=None, today=False,
                               search=None)  # fmt: skip
    assert history["totals"]["sales"] == 1
    assert api.get("/v1/history", params={"search": "8,50", "today": True}).json()["totals"][
        "sales"
    ] == 1  # fmt: skip

    voided = api.post(
        f"/v1/transactions/{sale['reference']}/void", json={"reason": "erreur de saisie"},
        headers=key(),
    )  # fmt: skip
    assert voided.status_code == 201, voided.text
    assert voided.json()["voids"] == sale["transaction"]["id"]
    assert voided.json()["transaction"]["kind"] == "void"
    assert cinema_balance(cinema_till, b001) == 2000

    status = api.get("/v1/status").json()
    expected = cli_json(cinema_till, capsys, "status")
    assert status == expected and status["pending"] == 2

    closed = api.post("/v1/closes", json={}, headers=key())
    assert closed.status_code == 201, closed.text
    assert closed.json()["closes"][0]["kind"] == "day"
    assert closed.json()["closes"][0]["totals"]["sales"] == 1
    again = api.post("/v1/closes", json={}, headers=key())  # a new key: a second close
    assert again.status_code == 402 and again.json()["error"]


def test_unknown_references_and_addresses(api: httpx.Client) -> None:
    assert_error(api.get("/v1/transactions/00000000/receipt"), 404, "unknown_transaction")
    assert_error(
        api.post("/v1/transactions/00000000/void", json={"reason": "x"}, headers=key()),
        404,
        "txn_unknown",
    )
    assert_error(api.get("/v1/nothing"), 404, "not_found")
    assert_error(api.delete("/v1/charges"), 405, "method_not_allowed")


def test_a_refused_charge_says_the_rule_and_what_to_send(api: httpx.Client, b001: str) -> None:
    unticked = api.post("/v1/charges", json=charge_body(b001, id_checked=False), headers=key())
    body = assert_error(unticked, 402, "id_check_required")
    assert "id_checked" in body["message"] and "pièce d'identité" in body["message"]
    other = api.post("/v1/charges", json={**charge_body(b001), "category": "livres"},
                     headers=key())  # fmt: skip
    assert other.status_code == 402


# --- idempotency -----------------------------------------------------------------------------


def test_a_retried_charge_gets_the_same_answer_and_is_counted_once(
    cinema_till: Till, server: LocalApiServer, api: httpx.Client, b001: str
) -> None:
    headers = key()
    first = api.post("/v1/charges", json=charge_body(b001), headers=headers)
    retry = api.post("/v1/charges", json=charge_body(b001), headers=headers)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    # The order of the keys, or the spacing, does not make it another request.
    reordered = json.dumps(dict(reversed(list(charge_body(b001).items()))), indent=3)
    third = api.post("/v1/charges", content=reordered,
                     headers={**headers, "Content-Type": "application/json"})  # fmt: skip
    assert third.json() == first.json()
    assert len(cinema_till.history()) == 1
    assert cinema_balance(cinema_till, b001) == 2000 - 850
    # Kept in the till's database: a restarted API (a new run) replays it too.
    server.stop()
    restarted = LocalApiServer(cinema_till, port=0).start()
    try:
        again = httpx.post(f"{restarted.url}/v1/charges", json=charge_body(b001),
                           headers={**headers, **api.headers})  # fmt: skip
    finally:
        restarted.stop()
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert len(cinema_till.history()) == 1


def test_the_same_key_for_another_request_is_refused(
    cinema_till: Till, api: httpx.Client, b001: str
) -> None:
    headers = key()
    assert api.post("/v1/charges", json=charge_body(b001, 850), headers=headers).status_code == 201
    body = assert_error(
        api.post("/v1/charges", json=charge_body(b001, 900), headers=headers),
        422,
        "idempotency_key_reused",
    )
    assert "nouvelle clé" in body["message"]
    reference = cinema_till.history()[0].transaction.id[:8]
    assert_error(
        api.post(f"/v1/transactions/{reference}/void", json={"reason": "x"}, headers=headers),
        422,
        "idempotency_key_reused",
    )
    assert len(cinema_till.history()) == 1


def test_a_refusal_records_nothing_and_frees_its_key(
    cinema_till: Till, api: httpx.Client, b001: str
) -> None:
    headers = key()
    refused = api.post("/v1/charges", json=charge_body(b001, id_checked=False), headers=headers)
    assert refused.status_code == 402
    ticked = api.post("/v1/charges", json=charge_body(b001), headers=headers)
    assert ticked.status_code == 201 and len(cinema_till.history()) == 1


def test_writes_need_a_valid_idempotency_key(
    cinema_till: Till, api: httpx.Client, b001: str
) -> None:
    assert_error(api.post("/v1/charges", json=charge_body(b001)), 422, "idempotency_key_missing")
    assert_error(
        api.post("/v1/charges", json=charge_body(b001), headers={"Idempotency-Key": "a b"}),
        422,
        "idempotency_key_invalid",
    )
    assert_error(
        api.post("/v1/charges", json=charge_body(b001), headers={"Idempotency-Key": "k" * 129}),
        422,
        "idempotency_key_invalid",
    )
    assert_error(api.post("/v1/closes", json={}), 422, "idempotency_key_missing")
    # pretix's header name is understood too.
    legacy = api.post("/v1/charges", json=charge_body(b001), headers={"X-Idempotency-Key": "p1"})
    assert legacy.status_code == 201
    assert len(cinema_till.history()) == 1


def test_a_second_request_while_the_first_runs_gets_409_then_the_answer(
    cinema_till: Till, server: LocalApiServer, api: httpx.Client, b001: str
) -> None:
    """The window is busy (its sale holds the till): the first request took its key and waits
    for the till; its retry, arriving meanwhile, is told to come back."""
    headers = key()
    results: list[httpx.Response] = []
    with cinema_till.operation():
        first = threading.Thread(
            target=lambda: results.append(
                api.post("/v1/charges", json=charge_body(b001), headers=headers)
            )
        )
        first.start()
        deadline = time.monotonic() + 10
        while server.writes.stored_count() == 0:  # the key is taken: the first is running
            assert time.monotonic() < deadline
            time.sleep(0.01)
        second = api.post("/v1/charges", json=charge_body(b001), headers=headers)
        assert_error(second, 409, "request_in_progress")
        assert second.headers["Retry-After"] == "1"
    first.join(30)
    assert results[0].status_code == 201
    after = api.post("/v1/charges", json=charge_body(b001), headers=headers)
    assert after.json() == results[0].json()
    assert len(cinema_till.history()) == 1


def test_concurrent_api_and_window_sales_never_overdraw_nor_count_twice(
    cinema_till: Till, api: httpx.Client, b001: str
) -> None:
    """20,00 € at the cinema; 8 API sales (each sent twice at once with its key, as a till
    software retrying on a timeout would) and 8 direct sales of 3,00 € race for them."""
    answers: list[httpx.Response] = []
    direct: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def over_api(headers: dict[str, str]) -> None:
        try:
            response = api.post("/v1/charges", json=charge_body(b001, 300), headers=headers)
            with lock:
                answers.append(response)
        except BaseException as exc:
            errors.append(exc)

    def at_the_window() -> None:
        try:
            sale = cinema_till.charge(b001, "cinema", "3,00", id_checked=True)
            with lock:
                direct.append(sale)
        except TillError as exc:
            with lock:
                direct.append(exc)
        except BaseException as exc:
            errors.append(exc)

    keys = [key() for _ in range(8)]
    threads = [threading.Thread(target=over_api, args=(k,)) for k in keys for _ in (1, 2)]
    threads += [threading.Thread(target=at_the_window) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert {r.status_code for r in answers} <= {201, 402, 409}
    sold_by_api = {r.json()["transaction"]["id"] for r in answers if r.status_code == 201}
    for headers in keys:  # every key's final answer, after the in-flight ones settle
        final = api.post("/v1/charges", json=charge_body(b001, 300), headers=headers)
        if final.status_code == 201:
            sold_by_api.add(final.json()["transaction"]["id"])
    debits = [e.transaction for e in cinema_till.history() if e.transaction.kind.value == "debit"]
    sold_directly = [s for s in direct if not isinstance(s, TillError)]
    assert len(debits) == len(sold_by_api) + len(sold_directly)  # nothing counted twice
    assert sum(t.amount_cents for t in debits) == 2000  # all of it, and never more
    assert cinema_balance(cinema_till, b001) == 0
    assert all(t.amount_cents > 0 for t in debits)


def test_a_charge_recorded_by_a_run_that_died_is_replayed_not_sold_again(
    cinema_till: Till, api: httpx.Client, b001: str
) -> None:
    """The process stopped between the sale and its stored answer: the key is still running,
    owned by a dead run, with the transaction id chosen for it, which is in the ledger."""
    idem, txn_id = "crashed-1", str(uuid.uuid4())
    body = ChargeIn.model_validate(charge_body(b001)).model_dump()
    now = cinema_till.now()
    api_requests_store.take(
        cinema_till.store.conn, idem, fingerprint("POST", "/v1/charges", body), "dead-run",
        txn_id, now, now,
    )  # fmt: skip
    cinema_till.charge(b001, "cinema", "8,50", id_checked=True, txn_id=txn_id)
    retry = api.post("/v1/charges", json=charge_body(b001), headers={"Idempotency-Key": idem})
    assert retry.status_code == 201 and retry.json()["transaction"]["id"] == txn_id
    assert len(cinema_till.history()) == 1
    # Not recorded before the run died: the retry makes the sale, with that id.
    lost, lost_txn = "crashed-2", str(uuid.uuid4())
    api_requests_store.take(
        cinema_till.store.conn, lost, fingerprint("POST", "/v1/charges", body), "dead-run",
        lost_txn, now, now,
    )  # fmt: skip
    made = api.post("/v1/charges", json=charge_body(b001), headers={"Idempotency-Key": lost})
    assert made.status_code == 201 and made.json()["transaction"]["id"] == lost_txn
    assert len(cinema_till.history()) == 2


def test_answers_are_forgotten_after_the_documented_time(
    cinema_till: Till, api: httpx.Client, b001: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pos_app.clock import ENV_NOW
    from pos_app.services.local_api import ANSWER_KEPT

    headers = key()
    assert api.post("/v1/charges", json=charge_body(b001, 100), headers=headers).status_code == 201
    later = cinema_till.now() + ANSWER_KEPT + ANSWER_KEPT / 48
    monkeypatch.setenv(ENV_NOW, later.isoformat())
    api.post("/v1/check", json={"code": b001})  # any request; the next write forgets
    assert api.post("/v1/closes", json={}, headers=key()).status_code in (201, 402)
    forgotten = api.post("/v1/charges", json=charge_body(b001, 100), headers=headers)
    assert forgotten.headers.get("Idempotent-Replayed") is None


# --- the secret ------------------------------------------------------------------------------


def test_a_missing_or_wrong_secret_is_refused_in_french(
    cinema_till: Till, server: LocalApiServer, b001: str
) -> None:
    url = f"{server.url}/v1/charges"
    for headers in (
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-the-secret"},
        {"Authorization": f"Basic {server.secret.current()}"},
        {"Authorization": server.secret.current()},
    ):
        refused = httpx.post(url, json=charge_body(b001), headers={**headers, **key()})
        body = assert_error(refused, 401, "unauthorized")
        assert "Réglages" in body["message"] and refused.headers["WWW-Authenticate"] == "Bearer"
    assert_error(httpx.get(f"{server.url}/v1/status"), 401, "unauthorized")
    assert_error(httpx.get(f"{server.url}/v1/history"), 401, "unauthorized")
    old = server.secret.current()
    new = ApiSecret(cinema_till).regenerate()  # as the settings page does, same process
    assert new != old
    stale = httpx.get(f"{server.url}/v1/status", headers={"Authorization": f"Bearer {old}"})
    assert stale.status_code == 401
    fresh = httpx.get(f"{server.url}/v1/status", headers={"Authorization": f"Bearer {new}"})
    assert fresh.status_code == 200
    assert cinema_till.history() == []


def test_the_secret_is_kept_like_the_device_token(cinema_till: Till, memory_keyring) -> None:
    """In the keyring when there is one, never in the database nor the log."""
    secret = ApiSecret(cinema_till).regenerate()
    assert secret in memory_keyring.secrets.values()
    assert not (cinema_till.data_dir / "local-api-secret").exists()
    database = (cinema_till.data_dir / "till.sqlite3").read_bytes()
    assert secret.encode() not in database
    for log in cinema_till.data_dir.rglob("*.log"):
        assert secret not in log.read_text(encoding="utf-8", errors="replace")


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"",
        b"[]",
        b'"text"',
        json.dumps({"code": "x", "category": "cinema", "price_cents": "850"}).encode(),
        json.dumps({"code": "x", "category": "cinema", "price_cents": 8.5}).encode(),
        json.dumps({"code": "x", "category": "cinema", "price_cents": 0}).encode(),
        json.dumps({"code": "x", "category": "cinema", "price_cents": 10**12}).encode(),
        json.dumps(
            {"code": "x", "category": "cinema", "price_cents": 1, "id_checked": "yes"}
        ).encode(),
        json.dumps({"code": "x", "category": "cinema", "price_cents": 1, "tip": 1}).encode(),
        json.dumps({"code": "", "category": "cinema", "price_cents": 1}).encode(),
        json.dumps({"code": "x" * 9000, "category": "cinema", "price_cents": 1}).encode(),
        json.dumps({"category": "cinema", "price_cents": 1}).encode(),
        '{"code": "\udcff"}'.encode("utf-8", "surrogatepass"),
    ],
)
def test_malformed_bodies_get_the_documented_shape(
    cinema_till: Till, api: httpx.Client, content: bytes
) -> None:
    refused = api.post(
        "/v1/charges", content=content, headers={**key(), "Content-Type": "application/json"}
    )
    body = assert_error(refused, 422, "invalid_request")
    assert body["message"].startswith("Demande refusée") and body["detail"]
    assert cinema_till.history() == []


def test_huge_bodies_are_refused_before_they_are_read(
    cinema_till: Till, server: LocalApiServer, api: httpx.Client
) -> None:
    ten_mb = b'{"code": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    refused = api.post("/v1/charges", content=ten_mb,
                       headers={**key(), "Content-Type": "application/json"})  # fmt: skip
    assert_error(refused, 413, "body_too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it comes
        yield b'{"code": "'
        for _ in range(200):
            yield b"x" * 65536

    streamed = api.post("/v1/check", content=chunks(),
                        headers={"Content-Type": "application/json"})  # fmt: skip
    assert_error(streamed, 413, "body_too_large")
    assert api.get("/v1/status").status_code == 200  # still serving
    assert cinema_till.history() == []


def test_bad_query_and_path_values(api: httpx.Client) -> None:
    assert_error(api.get("/v1/history", params={"limit": "beaucoup"}), 422, "invalid_request")
    assert_error(api.get("/v1/history", params={"limit": 0}), 422, "invalid_request")
    assert_error(api.get("/v1/history", params={"search": "x" * 201}), 422, "invalid_request")
    assert_error(api.get("/v1/transactions/abc/receipt"), 422, "invalid_request")
    assert_error(
        api.post("/v1/closes", json={"date": "14/03/2026"}, headers=key()), 422, "invalid_request"
    )


# --- binding ---------------------------------------------------------------------------------


def test_another_address_than_loopback_needs_the_explicit_flag(cinema_till: Till) -> None:
    with pytest.raises(TillError) as refused:
        LocalApiServer(cinema_till, "0.0.0.0", 0)
    assert refused.value.code == "api_host_refused" and "--allow-network" in refused.value.message
    with pytest.raises(TillError):
        LocalApiServer(cinema_till, "caisse.example", 0)
    opened = LocalApiServer(cinema_till, "0.0.0.0", 0, allow_network=True)
    try:
        assert opened.warning and "ATTENTION" in opened.warning
    finally:
        opened._close()
    loopback = LocalApiServer(cinema_till, "127.0.0.1", 0)
    assert loopback.warning is None
    loopback._close()


def test_a_port_already_taken_is_said_in_french(cinema_till: Till) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        with pytest.raises(TillError) as busy:
            LocalApiServer(cinema_till, "127.0.0.1", taken.getsockname()[1])
    assert busy.value.code == "api_port_busy" and "port" in busy.value.message


def test_serve_api_refuses_the_network_without_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["serve-api", "--data-dir", str(tmp_path / "t"), "--host", "0.0.0.0",
                     "--json"])  # fmt: skip
    assert code == 2
    refused = json.loads(capsys.readouterr().out)
    assert refused["error"] == "api_host_refused" and "127.0.0.1" in refused["message"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_api_without_a_window(tmp_path: Path, region, demo_seed: dict, fixed_now) -> None:
    """`atouts-pos serve-api` in its own process: a sale over HTTP, then Ctrl+C."""
    state, region_server = region
    partner = next(p for p in demo_seed["partners"] if p["id"] == "P-CINE-LUX")
    data_dir = tmp_path / "headless"
    with Till(data_dir) as till:
        till.enroll(region_server.url, partner["id"], partner["enrollment_code"])
        till.sync()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    shown = subprocess.run(
        [sys.executable, "-m", "pos_app", "serve-api", "--data-dir", str(data_dir),
         "--show-secret", "--json"],
        capture_output=True, text=True, env=env, timeout=60, check=True,
    )  # fmt: skip
    secret = json.loads(shown.stdout)["secret"]
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "pos_app", "serve-api", "--data-dir", str(data_dir),
         "--port", str(port), "--no-sync"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        banner = process.stdout.readline()  # type: ignore[union-attr]
        assert f"http://127.0.0.1:{port}" in banner and "API locale en service" in banner
        code = state.qr_payload("B002", fixed_now)
        sold = httpx.post(
            f"http://127.0.0.1:{port}/v1/charges",
            json={"code": code, "category": "cinema", "price_cents": 850},
            headers={"Authorization": f"Bearer {secret}", **key()},
            timeout=30,
        )
        assert sold.status_code == 201, sold.text
        assert sold.json()["transaction"]["complement_cents"] == 250  # 6,00 € left
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "API locale arrêtée." in out
    with Till(data_dir) as till:
        assert len(till.history()) == 1
