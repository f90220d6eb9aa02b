#!/usr/bin/env bash
# The test command of the README and of CI: installs what it needs, then lint, layering, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== pytest"
.venv/bin/pytest "$@"
