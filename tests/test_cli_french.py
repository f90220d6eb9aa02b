"""The command line as an integrator meets it (issue 15): French throughout, argparse's own
words included; no Qt abort without a screen; short references; readable status and history;
the demo says what each code shows and can start again from zero."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos_app import demo as demo_module
from pos_app.cli import main
from pos_app.display import NO_DISPLAY, program
from pos_app.services import Till
from sync.region_sim.runner import BackgroundServer
from sync.region_sim.state import RegionState

ENGLISH = (
    "usage:",
    "positional arguments",
    "show this help",
    "show program",
    "invalid choice",
    "invalid int",
    "the following arguments",
    "error:",
    "Traceback",
)


def run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pos_app", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def headless_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    return env


@pytest.fixture
def till_dir(tmp_path: Path, region: tuple[RegionState, BackgroundServer], demo_seed) -> Path:
    _, server = region
    partner = next(p for p in demo_seed["partners"] if p["id"] == "P-CINE-LUX")
    with Till(tmp_path / "till") as till:
        till.enroll(server.url, partner["id"], partner["enrollment_code"])
        till.sync()
    return tmp_path / "till"


def cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


# --- no display ------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="X11/Wayland detection is Linux's")
@pytest.mark.parametrize("argv", [[], ["demo"]], ids=["window", "demo"])
def test_without_a_screen_it_says_so_in_french(tmp_path: Path, argv: list[str]) -> None:
    done = run(*argv, "--data-dir", str(tmp_path / "d"), env=headless_env())
    assert done.returncode == NO_DISPLAY == 3
    assert "Pas d'écran disponible" in done.stderr
    assert "demo --no-gui" in done.stderr
    assert "xcb" not in done.stderr and "Reinstalling" not in done.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="X11/Wayland detection is Linux's")
def test_a_display_variable_without_a_server_is_no_screen(tmp_path: Path) -> None:
    env = {**headless_env(), "DISPLAY": ":97"}  # no /tmp/.X11-unix/X97
    done = run("--data-dir", str(tmp_path / "d"), env=env)
    assert done.returncode == NO_DISPLAY, done.stderr


def test_an_impossible_data_dir_is_a_french_usage_error(tmp_path: Path) -> None:
    a_file = tmp_path / "fichier"
    a_file.write_text("x")
    for where, said in (
        ("/proc/nope", "Impossible de créer le dossier des données"),
        (str(a_file), "est un fichier, pas un dossier"),
        ("", "chemin vide"),
    ):
        done = run("status", "--data-dir", where)
        assert done.returncode == 2, (where, done.stderr)
        assert said in done.stderr
        assert "Traceback" not in done.stderr and "Errno" not in done.stderr


def test_an_impossible_data_dir_in_json(tmp_path: Path, capsys) -> None:
    a_file = tmp_path / "fichier"
    a_file.write_text("x")
    code = main(["status", "--json", "--data-dir", str(a_file)])
    data = json.loads(capsys.readouterr().out)
    assert code == 2 and data["error"] == "data_dir_unusable" and data["ok"] is False


# --- argparse in French ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "french"),
    [
        (["nope"], "choix invalide : 'nope'"),
        (["history", "--limit", "x"], "valeur invalide (nombre entier attendu) : 'x'"),
        (["charge", "x"], "arguments obligatoires manquants : --category, --amount"),
        (["status", "--nope"], "arguments non reconnus : --nope"),
    ],
)
def test_argparse_errors_read_french(capsys, argv: list[str], french: str) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert french in err and "utilisation : atouts-pos" in err and "erreur :" in err
    assert not [word for word in ENGLISH if word in err]


def test_a_hidden_command_is_never_offered(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["nope"])
    err = capsys.readouterr().err
    assert "self-check" not in err and "region-sim" in err and "charge" in err


@pytest.mark.parametrize("argv", [[], ["charge"], ["void"], ["receipt", "pdf"], ["history"]])
def test_help_reads_french(capsys, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0
    assert "utilisation :" in out and "afficher cette aide et quitter" in out
    assert not [word for word in ENGLISH if word in out]
    assert "DATA_DIR" not in out and "OPERATOR" not in out


# --- references ------------------------------------------------------------------------------


def test_void_takes_the_short_reference(till_dir: Path, region, fixed_now, capsys) -> None:
    state, _ = region
    payload = state.qr_payload("B002", fixed_now)
    code, out = cli(capsys, "charge", payload, "--category", "cinema", "--amount", "5",
                    "--data-dir", str(till_dir), "--json")  # fmt: skip
    sale = json.loads(out)
    assert code == 0 and sale["reference"] == sale["transaction"]["id"][:8]
    code, out = cli(capsys, "void", sale["reference"], "--reason", "erreur de saisie",
                    "--data-dir", str(till_dir))  # fmt: skip
    assert code == 0, out
    assert f"Transaction {sale['reference']} annulée" in out


def test_an_ambiguous_reference_asks_for_more(
    till_dir: Path, region, fixed_now, capsys, monkeypatch
) -> None:
    from pos_app.services import counter

    ids = iter([f"abcdef12-0000-4000-8000-00000000000{n}" for n in (1, 2, 3)])
    monkeypatch.setattr(counter, "_new_txn_id", lambda: next(ids))
    state, _ = region
    with Till(till_dir) as till:
        for who in ("B001", "B002"):
            till.charge(state.qr_payload(who, fixed_now), "cinema", "2", id_checked=True)
    code, out = cli(capsys, "void", "abcdef12", "--reason", "x", "--data-dir", str(till_dir))
    assert code == 2 and "Plusieurs transactions commencent par abcdef12" in out
    code, out = cli(capsys, "void", "abcdef12-0000-4000-8000-000000000002", "--reason", "x",
                    "--data-dir", str(till_dir))  # fmt: skip
    assert code == 0, out


# --- status, history, charge ------------------------------------------------------------------


def test_status_of_a_till_not_activated(tmp_path: Path, capsys) -> None:
    code, out = cli(capsys, "status", "--data-dir", str(tmp_path / "new"))
    assert code == 1
    assert "non activée" in out and "atouts-pos enroll" in out
    assert "False" not in out and "None" not in out and "[]" not in out
    code, out = cli(capsys, "status", "--data-dir", str(tmp_path / "new"), "--json")
    data = json.loads(out)
    assert code == 1 and data["enrolled"] is False and data["error"] == "not_enrolled"


def test_status_of_an_activated_till(till_dir: Path, capsys) -> None:
    code, out = cli(capsys, "status", "--data-dir", str(till_dir))
    assert code == 0
    assert "Caisse : activée" in out and "Partenaire : Cinéma Lux (Caen)" in out
    assert "None" not in out and "enrolled" not in out


def test_history_in_french_with_totals_and_filters(
    till_dir: Path, region, fixed_now, capsys
) -> None:
    state, _ = region
    payload = state.qr_payload("B002", fixed_now)
    _, out = cli(capsys, "charge", payload, "--category", "cinema", "--amount", "8,50",
                 "--data-dir", str(till_dir), "--json")  # fmt: skip
    sale = json.loads(out)
    cli(capsys, "void", sale["reference"], "--reason", "erreur", "--data-dir", str(till_dir))
    code, out = cli(capsys, "history", "--data-dir", str(till_dir))
    assert code == 0
    assert "Vente" in out and "Annulation" in out and "Cinéma" in out
    assert "-6,00\u00a0€" in out and "En attente d'envoi" in out
    assert "Total : 1 vente(s), 1 annulation(s)" in out
    assert "debit" not in out and "pending" not in out and " cinema " not in out
    code, out = cli(capsys, "history", "--today", "--search", "Hugo", "--data-dir",
                    str(till_dir), "--json")  # fmt: skip
    data = json.loads(out)
    assert [t["signed_amount_cents"] for t in data["transactions"]] == [-600, 600]
    assert data["totals"]["benefit_cents"] == 0 and data["totals"]["sales"] == 1
    _, out = cli(capsys, "history", "--search", "personne", "--data-dir", str(till_dir))
    assert "Aucune transaction ne correspond." in out


def test_charge_json_has_the_receipt_and_the_balance_left(
    till_dir: Path, region, fixed_now, capsys
) -> None:
    state, _ = region
    payload = state.qr_payload("B001", fixed_now)
    code, out = cli(capsys, "charge", payload, "--category", "cinema", "--amount", "5",
                    "--id-checked", "--data-dir", str(till_dir), "--json")  # fmt: skip
    data = json.loads(out)
    assert code == 0 and data["balance_left_cents"] == 1500 and data["benefit"] == "Cinéma"
    assert any("Reste à payer" in line for line in data["receipt"])
    code, out = cli(capsys, "charge", payload, "--category", "cinema", "--amount", "5",
                    "--id-checked", "--data-dir", str(till_dir))  # fmt: skip
    assert "Solde restant (Cinéma) : 10,00\u00a0€" in out


def test_a_paper_code_without_the_id_check_names_the_flag(
    till_dir: Path, region, fixed_now, capsys
) -> None:
    state, _ = region
    payload = state.qr_payload("B001", fixed_now)
    code, out = cli(capsys, "charge", payload, "--category", "cinema", "--amount", "5",
                    "--data-dir", str(till_dir))  # fmt: skip
    assert code == 1 and "--id-checked" in out


def test_region_balance_in_euros(region, tmp_path: Path, capsys) -> None:
    code = main(["region-sim", "balance", "--data-dir", str(tmp_path / "region"), "B002"])
    out = capsys.readouterr().out
    assert code in (0, None)
    assert "Cinéma : 6,00\u00a0€ sur 20,00\u00a0€" in out and " c\n" not in out


# --- the demo ---------------------------------------------------------------------------------


@pytest.fixture
def demo_base(tmp_path: Path, fixed_now) -> Iterator[Path]:
    yield tmp_path / "demo"


def test_the_demo_says_what_each_code_shows_and_resets(demo_base: Path, capsys) -> None:
    code, out = cli(capsys, "demo", "--setup-only", "--data-dir", str(demo_base))
    assert code == 0
    assert "B003.png" in out and "rien d'utilisable dans un cinéma" in out
    assert "B005.png" in out and "une autre région" in out
    assert "faux-code.png" in out and "signature" in out
    assert f"{program()} demo --reset" in out
    till = demo_base / "till"
    with Till(till) as opened:
        opened.charge(demo_module_payload(demo_base), "cinema", "3", id_checked=True)
        assert opened.history()
    code, out = cli(capsys, "demo", "--setup-only", "--reset", "--data-dir", str(demo_base))
    assert code == 0 and "remise à zéro" in out
    with Till(till) as opened:
        assert opened.history() == []
        assert opened.status().enrolled


def demo_module_payload(base: Path) -> str:
    from pos_app import clock
    from sync.region_sim.runner import open_state

    state = open_state(base / "region", demo_module.demo_seed_path())
    try:
        return state.qr_payload("B001", clock.for_data_dir(base / "region")())
    finally:
        state.close()


def test_the_demo_hint_names_a_program_that_runs() -> None:
    command = program()
    assert "atouts-pos" in command or "-m pos_app" in command
    done = subprocess.run(
        [*command.replace("'", "").split(), "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and "atouts-pos" in done.stdout


def test_the_no_gui_demo_hints_run_as_printed(tmp_path: Path, fixed_now) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    demo = subprocess.Popen(
        [sys.executable, "-m", "pos_app", "demo", "--no-gui", "--data-dir", str(tmp_path / "d")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert demo.stdout is not None
        hints = []
        for line in demo.stdout:
            if "Ctrl+C" in line:
                break
            if line.startswith("  ") and " --data-dir " in line and ".png" not in line:
                hints.append(line.strip())
        assert len(hints) == 3, hints
        for hint in hints:
            done = subprocess.run(
                ["bash", "-c", hint], capture_output=True, text=True, env=env, timeout=60
            )
            assert done.returncode == 0, (hint, done.stdout, done.stderr)
            assert "Traceback" not in done.stderr
    finally:
        demo.terminate()
        demo.wait(10)
