"""The whole loop over the CLI against the real reference server in its own process.

enroll → sync → check → charge → server stopped → charge offline → server restarted → sync:
the Region's balance is right and nothing is counted twice, even when an upload is replayed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pos_app.cli import main
from pos_app.clock import ENV_NOW
from pos_app.demo import DEMO_TRAINING_DATE, demo_seed_path
from pos_app.secrets_vault import TokenVault
from sync.client import RegionClient
from sync.region_sim.runner import free_port

CINEMA = "atouts-culture-sport-2025-26:cinema"
TRAINING_NOW = DEMO_TRAINING_DATE.isoformat()


class ServerProcess:
    """`atouts-pos region-sim serve` as a real process that can be stopped and restarted."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, ENV_NOW: TRAINING_NOW}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pos_app",
                "region-sim",
                "serve",
                "--seed",
                str(demo_seed_path()),
                "--port",
                str(self.port),
                "--data-dir",
                str(self.data_dir),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=0.5).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
            if self.process.poll() is not None:
                raise RuntimeError(
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
        raise RuntimeError("reference server did not start in 30 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def server(tmp_path: Path, fixed_now: object) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "region")
    process.start()
    yield process
    process.stop()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(list(args))
    out = capsys.readouterr().out
    return code, json.loads(out)


def sim(capsys: pytest.CaptureFixture[str], region_dir: Path, *args: str) -> str:
    assert main(["region-sim", *args, "--data-dir", str(region_dir)]) == 0
    return capsys.readouterr().out.strip()


def enroll(
    capsys: pytest.CaptureFixture[str], server: ServerProcess, till: str
) -> tuple[int, dict]:
    return cli(capsys, "enroll", "--server", server.url, "--partner", "P-CINE-LUX",
               "--code", "LUX-DEMO-2026", "--data-dir", till, "--json")  # fmt: skip


def test_whole_loop_offline_and_back(
    server: ServerProcess, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    till = str(tmp_path / "till")
    code, enrolled = enroll(capsys, server, till)
    assert code == 0 and enrolled["partner"]["id"] == "P-CINE-LUX"

    payload = sim(capsys, server.data_dir, "qr", "B001")
    code, verdict = cli(capsys, "check", payload, "--data-dir", till, "--json")
    assert code == 0 and verdict["accepted"] and verdict["holder"]["name"] == "Léa Martin-Lefèvre"
    cinema = next(w for w in verdict["wallets"] if w["category"] == "cinema")
    assert cinema["balance_cents"] == 2000

    code, refused = cli(capsys, "charge", payload, "--category", "cinema", "--amount", "12,50",
                        "--data-dir", till, "--json")  # fmt: skip
    assert code == 1 and refused["error"] == "id_check_required"  # a paper support
    code, charged = cli(capsys, "charge", payload, "--category", "cinema", "--amount", "12,50",
                        "--id-checked", "--data-dir", till, "--json")  # fmt: skip
    assert code == 0
    assert charged["transaction"]["amount_cents"] == 1250
    assert charged["transaction"]["complement_cents"] == 0
    assert cli(capsys, "sync", "--data-dir", till, "--json")[1]["accepted"] == 1

    server.stop()
    code, offline = cli(
        capsys,
        "charge",
        payload,
        "--category",
        CINEMA,
        "--amount",
        "9 €",
        "--id-checked",
        "--data-dir",
        till,
        "--json",
    )
    assert code == 0, offline
    assert offline["transaction"]["amount_cents"] == 750  # what is left, offline
    assert offline["transaction"]["complement_cents"] == 150
    code, failed = cli(capsys, "sync", "--data-dir", till, "--json")
    assert code == 1 and failed["error"] == "offline"
    code, verdict = cli(capsys, "check", payload, "--data-dir", till, "--json")
    assert not any(w["category"] == "cinema" for w in verdict["wallets"])  # spent, offline too

    server.start()
    code, synced = cli(capsys, "sync", "--data-dir", till, "--json")
    assert code == 0 and synced["accepted"] == 1 and synced["rejected"] == []
    balances = json.loads(sim(capsys, server.data_dir, "balance", "B001", "--json"))
    by_category = {w["category"]: w["balance_cents"] for w in balances["wallets"]}
    assert by_category["cinema"] == 0
    assert by_category["spectacle"] == 3000

    # A response lost after the server committed: the till sends the same upload again.
    code, history = cli(capsys, "history", "--data-dir", till, "--json")
    assert [t["sync_state"] for t in history["transactions"]] == ["accepted", "accepted"]
    device_id = json.loads(cli_status(capsys, till))["device_id"]
    token = TokenVault(Path(till).resolve(), f"{device_id}@{Path(till).resolve()}").load()
    replay = [
        {
            k: v
            for k, v in t.items()
            if k not in ("sync_state", "server_reason", "voided_by", "holder_name", "serial")
        }
        for t in history["transactions"]
    ]
    with RegionClient(server.url, token) as client:
        answers = client.upload(replay)
        assert {a["status"] for a in answers} == {"duplicate"}
        assert client.upload(replay) == answers
    balances = json.loads(sim(capsys, server.data_dir, "balance", "B001", "--json"))
    assert {w["category"]: w["balance_cents"] for w in balances["wallets"]}["cinema"] == 0


def cli_status(capsys: pytest.CaptureFixture[str], till: str) -> str:
    assert main(["status", "--data-dir", till, "--json"]) == 0
    return capsys.readouterr().out


def test_void_gives_the_wallet_back_after_sync(
    server: ServerProcess, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    till = str(tmp_path / "till")
    enroll(capsys, server, till)
    payload = sim(capsys, server.data_dir, "qr", "B002")
    code, charged = cli(
        capsys,
        "charge",
        payload,
        "--category",
        "spectacle",
        "--amount",
        "25",
        "--data-dir",
        till,
        "--json",
    )
    assert code == 0
    txn = charged["transaction"]["id"]
    code, refused = cli(capsys, "void", txn, "--reason", "  ", "--data-dir", till, "--json")
    assert code == 1 and refused["error"] == "void_reason_missing"
    code, voided = cli(
        capsys, "void", txn, "--reason", "erreur de tarif", "--data-dir", till, "--json"
    )
    assert code == 0 and voided["transaction"]["voids"] == txn
    code, again = cli(capsys, "void", txn, "--reason", "encore", "--data-dir", till, "--json")
    assert code == 1 and again["error"] == "already_voided"
    assert cli(capsys, "sync", "--data-dir", till, "--json")[1]["accepted"] == 2
    balances = json.loads(sim(capsys, server.data_dir, "balance", "B002", "--json"))
    assert {w["category"]: w["balance_cents"] for w in balances["wallets"]}["spectacle"] == 3000


def test_exit_codes_and_messages_through_a_real_process(
    server: ServerProcess, tmp_path: Path
) -> None:
    till = str(tmp_path / "till")
    env = {**os.environ, ENV_NOW: TRAINING_NOW}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pos_app", *args],
            env=env,
            text=True,
            capture_output=True,
            timeout=60,
        )

    assert run("check", "ATP1:x.y", "--data-dir", till).returncode == 1  # not enrolled

    def enroll_with(code: str) -> int:
        return run("enroll", "--server", server.url, "--partner", "P-CINE-LUX", "--code", code,
                   "--data-dir", till).returncode  # fmt: skip

    assert enroll_with("faux") == 1
    assert enroll_with("LUX-DEMO-2026") == 0
    garbage = run("check", "3760001234567", "--data-dir", till, "--json")
    assert garbage.returncode == 1
    assert json.loads(garbage.stdout)["reason"] == "not_atouts_code"
    usage = run("charge", "ATP1:x.y", "--data-dir", till)  # --category and --amount missing
    assert usage.returncode == 2
    bad_amount = run(
        "charge",
        "ATP1:x.y",
        "--category",
        "cinema",
        "--amount",
        "douze",
        "--data-dir",
        till,
        "--json",
    )
    assert bad_amount.returncode == 2
    assert json.loads(bad_amount.stdout)["error"] == "amount_malformed"
    french = run("check", "n'importe quoi", "--data-dir", till)
    assert "pas un code Atouts" in french.stderr


def test_check_and_charge_from_a_qr_image(
    server: ServerProcess, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A beneficiary e-mails a screenshot: the real PNG goes through the real decoder."""
    till = str(tmp_path / "till")
    enroll(capsys, server, till)
    image = tmp_path / "b001.png"
    sim(capsys, server.data_dir, "qr", "B001", "--png", str(image))
    code, verdict = cli(capsys, "check", "--image", str(image), "--data-dir", till, "--json")
    assert code == 0 and verdict["holder"]["name"] == "Léa Martin-Lefèvre"
    code, charged = cli(capsys, "charge", "--image", str(image), "--category", "cinema",
                        "--amount", "6", "--id-checked", "--data-dir", till, "--json")  # fmt: skip
    assert code == 0 and charged["transaction"]["amount_cents"] == 600

    blank = tmp_path / "blank.png"
    blank.write_bytes(image.read_bytes()[:40])  # a truncated file
    code, refused = cli(capsys, "check", "--image", str(blank), "--data-dir", till, "--json")
    assert code == 2 and refused["error"] == "image_unreadable"
    code, refused = cli(capsys, "check", "ATP1:x.y", "--image", str(image), "--data-dir", till,
                        "--json")  # fmt: skip
    assert code == 2 and refused["error"] == "payload_missing"


def test_region_sim_revokes_replaces_and_rotates_through_the_cli(
    server: ServerProcess, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    till = str(tmp_path / "till")
    enroll(capsys, server, till)
    old = sim(capsys, server.data_dir, "qr", "B001")
    new_serial = sim(capsys, server.data_dir, "replace", "B001")
    new = sim(capsys, server.data_dir, "qr", "B001")
    sim(capsys, server.data_dir, "revoke", "AT25-000004", "--reason", "stolen")
    stolen = sim(capsys, server.data_dir, "qr", "B004")
    kid = sim(capsys, server.data_dir, "rotate-key", "--starts", "2026-03-15T00:00:00+01:00")
    assert len(kid) == 16
    cli(capsys, "sync", "--data-dir", till, "--json")

    assert cli(capsys, "check", old, "--data-dir", till, "--json")[1]["reason"] == (
        "support_replaced"
    )
    code, verdict = cli(capsys, "check", new, "--data-dir", till, "--json")
    assert code == 0 and verdict["holder"]["serial"] == new_serial
    assert cli(capsys, "check", stolen, "--data-dir", till, "--json")[1]["reason"] == (
        "support_revoked"
    )
    static = sim(capsys, server.data_dir, "qr", "B002", "--static")
    assert cli(capsys, "check", static, "--data-dir", till, "--json")[1]["reason"] == (
        "dynamic_required"
    )
    assert main(["region-sim", "retire-key", "0" * 16, "--data-dir", str(server.data_dir)]) == 2
    assert main(["region-sim", "revoke", "NOPE", "--reason", "lost",
                 "--data-dir", str(server.data_dir)]) == 2  # fmt: skip
