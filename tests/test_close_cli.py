"""`atouts-pos close`: make, list, show, month and year, with --json and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest
from close_fixtures import MovingClock, enrolled_till, paris, record_sale

from pos_app.cli import main
from pos_app.clock import ENV_NOW


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "till"
    clock = MovingClock(paris("2026-03-30T09:00"))
    with enrolled_till(folder, clock) as till:
        record_sale(till, paris("2026-03-30T10:00"), 1250)
        record_sale(till, paris("2026-03-31T10:00"), 800, operator="Noé")
    return folder


def run(data_dir: Path, capsys, *args: str, now: str = "2026-03-31T19:00:00+02:00"):
    import os

    os.environ[ENV_NOW] = now
    try:
        code = main(["close", "--data-dir", str(data_dir), *args])
    finally:
        del os.environ[ENV_NOW]
    out = capsys.readouterr()
    return code, out.out, out.err


def test_close_makes_the_missed_day_today_and_the_month(data_dir: Path, capsys) -> None:
    code, out, _ = run(data_dir, capsys, "--json")
    assert code == 0
    made = json.loads(out)["closes"]
    assert [(c["kind"], c["number"], c["period"]) for c in made] == [
        ("day", 1, "2026-03-30"),
        ("day", 2, "2026-03-31"),
        ("month", 1, "2026-03"),
    ]
    assert made[2]["totals"]["benefit_cents"] == 2050 and made[2]["grand_total"]["sales"] == 2
    assert all(len(c["hash"]) == 64 for c in made)
    code, out, err = run(data_dir, capsys, "--json")
    assert code == 1 and json.loads(out)["error"] == "close_already_done"
    code, out, err = run(data_dir, capsys)
    assert code == 1 and "déjà clôturée" in err


def test_list_show_month_and_year(data_dir: Path, capsys, tmp_path: Path) -> None:
    run(data_dir, capsys)
    code, out, _ = run(data_dir, capsys, "list")
    assert code == 0 and "Clôture journalière n° 2" in out and "Clôture mensuelle n° 1" in out
    code, out, _ = run(data_dir, capsys, "show", "1", "--width", "32")
    assert code == 0 and "Journée du 30/03/2026" in out
    assert all(len(line) <= 32 for line in out.splitlines())
    pdf = tmp_path / "z2.pdf"
    code, out, _ = run(data_dir, capsys, "show", "2", "--pdf", str(pdf), "--json")
    assert code == 0 and json.loads(out)["pdf"] == str(pdf)
    assert "Journée du 31/03/2026" in pypdf.PdfReader(pdf).pages[0].extract_text()
    code, out, _ = run(data_dir, capsys, "month", "2026-03", "--json")
    view = json.loads(out)["closes"][0]
    assert code == 0 and view["kind"] == "month" and view["provisional"] is False
    code, out, _ = run(data_dir, capsys, "year", "2026", "--json")
    view = json.loads(out)["closes"][0]
    assert code == 0 and view["provisional"] is True and view["totals"]["benefit_cents"] == 2050
    code, out, _ = run(data_dir, capsys, "year", "2026")
    assert out.startswith("PROVISOIRE")


@pytest.mark.parametrize(
    ("args", "code", "error"),
    [
        (["show"], 2, "close_which_missing"),
        (["show", "un"], 2, "close_number_invalid"),
        (["show", "7"], 1, "close_unknown"),
        (["month", "03/2026"], 2, "period_invalid"),
        (["month", "2025-02"], 1, "period_empty"),
        (["list", "3"], 2, "close_usage"),
        (["list", "--date", "2026-03-30"], 2, "close_usage"),
        (["--date", "30/03/2026"], 2, "date_invalid"),
        (["--date", "2026-04-02"], 1, "close_day_in_future"),
        (["--width", "10"], 2, "width_invalid"),
        (["--pdf", "/sys/z.pdf"], 2, "pdf_write_failed"),
    ],
)
def test_errors_have_their_code(data_dir: Path, capsys, args, code, error) -> None:
    got, out, _ = run(data_dir, capsys, *args, "--json")
    assert (got, json.loads(out)["error"]) == (code, error)
    assert json.loads(out)["message"]


def test_a_pdf_that_cannot_be_written_still_leaves_the_close_made(data_dir: Path, capsys) -> None:
    code, _, err = run(data_dir, capsys, "--pdf", "/sys/z.pdf")
    assert code == 2 and "La clôture est faite, mais le PDF" in err and "n° 2" in err
    code, out, _ = run(data_dir, capsys, "list", "--json")
    assert len(json.loads(out)["closes"]) == 3


def test_usage_errors_exit_2(data_dir: Path, capsys) -> None:
    with pytest.raises(SystemExit) as usage:
        run(data_dir, capsys, "purge-all")
    assert usage.value.code == 2


def test_close_print_sends_the_z_ticket_to_the_ticket_printer(
    data_dir: Path, capsys, printer_server
) -> None:
    from printer_fakes import closed_port, network

    from pos_app.counter_settings import save_settings

    code, _, err = run(data_dir, capsys, "--print")
    assert code == 1 and "Aucune imprimante" in err  # no printer chosen: said, close made
    assert "La clôture est faite" in err
    save_settings(data_dir, network(printer_server.port, 58))
    code, out, _ = run(data_dir, capsys, "show", "1", "--print")
    assert code == 0 and "Imprimée sur" in out
    [job] = printer_server.wait_jobs(1)
    assert b"Cl\x93ture journali\x8are n\xf8 1" in job  # code page 850
    assert max(len(line) for line in job.split(b"\n")[1:-2]) <= 32 + 8  # 58 mm: 32 columns
    save_settings(data_dir, network(closed_port()))
    code, _, err = run(data_dir, capsys, "show", "1", "--print")
    assert code == 1 and "injoignable" in err
