"""The arrows point inwards (SPEC §5). import-linter (`lint-imports`, run by scripts/test.sh)
checks the imports; this checks what an import check cannot see: clock reads in the core."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = ROOT / "pos_app" / "domain"
CLOCK_CALLS = {"now", "utcnow", "today", "time", "monotonic", "perf_counter"}


def clock_reads(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLOCK_CALLS
        ):
            found.append(f"line {node.lineno}: .{node.func.attr}()")
    return found


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_the_domain_core_never_reads_the_clock(path: Path) -> None:
    assert clock_reads(path.read_text(encoding="utf-8")) == []


def test_the_clock_check_catches_a_clock_read() -> None:
    assert clock_reads("from datetime import datetime\nx = datetime.now()\n") == ["line 2: .now()"]
    assert clock_reads("import datetime\nd = datetime.date.today()\n") == ["line 2: .today()"]


def test_import_contracts_hold() -> None:
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("lint-imports")),
            "--config",
            str(ROOT / "pyproject.toml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout
