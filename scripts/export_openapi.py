"""Write the reference Region server's OpenAPI document to `sync/openapi.json`.

    .venv/bin/python scripts/export_openapi.py          # regenerate the committed document
    .venv/bin/python scripts/export_openapi.py --check  # exit 1 if it is out of date (CI)

The document is generated from `sync/region_sim/app.py` (FastAPI), so it describes exactly what
the reference server answers; `tests/test_openapi.py` fails when the committed copy drifts.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sync.region_sim.app import create_app
from sync.region_sim.state import RegionState

ROOT = Path(__file__).resolve().parent.parent
OPENAPI_PATH = ROOT / "sync" / "openapi.json"


def render() -> str:
    """The OpenAPI document as committed: JSON, indent 2, sorted keys, trailing newline."""
    with tempfile.TemporaryDirectory(prefix="atouts-openapi-") as folder:
        # The document does not depend on the state; an empty throwaway one builds the app.
        state = RegionState(Path(folder), {})
        try:
            document = create_app(state, lambda: datetime.now(UTC)).openapi()
        finally:
            state.close()
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the file is out of date"
    )
    parser.add_argument("--output", type=Path, default=OPENAPI_PATH, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        try:
            committed = args.output.read_text(encoding="utf-8")
        except FileNotFoundError:
            committed = None
        if committed != text:
            print(
                f"{args.output} is out of date: run .venv/bin/python scripts/export_openapi.py",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output} is up to date.")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"Wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
