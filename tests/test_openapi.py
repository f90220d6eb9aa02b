"""The committed Region API document (`sync/openapi.json`) is the reference server's, and it
describes every call the till's client makes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "export_openapi.py"
OPENAPI = ROOT / "sync" / "openapi.json"
REGENERATE = "run `.venv/bin/python scripts/export_openapi.py` and commit sync/openapi.json"

# Every request `sync/client.py` (RegionClient) sends: method, path.
CLIENT_CALLS = [
    ("post", "/v1/enrollments"),
    ("get", "/v1/snapshot"),
    ("post", "/v1/transactions"),
    ("get", "/v1/reimbursements"),
    ("post", "/v1/claims"),
]


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("export_openapi", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated() -> str:
    return load_script().render()


@pytest.fixture(scope="module")
def committed() -> dict:
    return json.loads(OPENAPI.read_text(encoding="utf-8"))


def test_committed_document_is_up_to_date(generated: str) -> None:
    assert OPENAPI.is_file(), f"sync/openapi.json is missing: {REGENERATE}"
    assert OPENAPI.read_text(encoding="utf-8") == generated, (
        f"sync/openapi.json differs from the reference server's API: {REGENERATE}"
    )


def test_document_is_stable_json(generated: str) -> None:
    assert generated.endswith("}\n")
    assert json.dumps(json.loads(generated), indent=2, sort_keys=True) + "\n" == generated


@pytest.mark.parametrize(("method", "path"), CLIENT_CALLS)
def test_every_client_call_is_in_the_document(committed: dict, method: str, path: str) -> None:
    operations = committed["paths"].get(path, {})
    assert method in operations, f"{method.upper()} {path} is used by sync/client.py"


def test_refusals_are_documented_with_the_error_body(committed: dict) -> None:
    error = committed["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"error", "message"}
    assert "403" in committed["paths"]["/v1/enrollments"]["post"]["responses"]
    for method, path in [("get", "/v1/snapshot"), ("post", "/v1/transactions")]:
        assert {"401", "403"} <= set(committed["paths"][path][method]["responses"])


def test_snapshot_format_and_delta_parameter_are_documented(committed: dict) -> None:
    operation = committed["paths"]["/v1/snapshot"]["get"]
    ok = operation["responses"]["200"]
    assert "format 2" in ok["description"] and "signature" in ok["description"]
    assert "application/x-atouts-snapshot" in ok["content"]
    assert "since" in [p["name"] for p in operation["parameters"]]


def test_check_mode_detects_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = load_script()
    target = tmp_path / "openapi.json"
    assert script.main(["--check", "--output", str(target)]) == 1  # missing
    assert script.main(["--output", str(target)]) == 0
    assert script.main(["--check", "--output", str(target)]) == 0
    target.write_text(target.read_text(encoding="utf-8").replace("/v1/snapshot", "/v1/snap"))
    assert script.main(["--check", "--output", str(target)]) == 1
    assert "export_openapi.py" in capsys.readouterr().err
