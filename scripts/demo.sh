#!/usr/bin/env bash
# The demo command of the README: installs what it needs, then starts the reference Region
# server with fictional beneficiaries, a demo till enrolled to it, and the window.
# On a machine without a screen it runs without the window (server and till only).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = "Linux" ]; then
  echo "Pas d'écran détecté : démonstration sans fenêtre (--no-gui)."
  exec .venv/bin/atouts-pos demo --no-gui "$@"
fi
exec .venv/bin/atouts-pos demo "$@"
