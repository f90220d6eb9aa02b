#!/usr/bin/env bash
# Installs what Atouts POS needs on Debian/Ubuntu: system libraries (zbar for QR decoding, Qt's
# runtime libraries), then a virtual environment in .venv with the pinned Python packages of
# requirements.lock. Safe to run again: it only installs what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  python3 python3-venv python3-pip
  libzbar0
  libusb-1.0-0
  libpulse0 libatomic1
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1
)

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v python3 >/dev/null && python3 -m venv --help >/dev/null 2>&1; then
    # A Python from elsewhere (pyenv, a CI image) already has venv: keep it, skip Debian's.
    filtered=()
    for package in "${missing[@]}"; do
      case "$package" in python3|python3-venv|python3-pip) ;; *) filtered+=("$package") ;; esac
    done
    missing=("${filtered[@]+"${filtered[@]}"}")
  fi
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "Atouts POS needs Python 3.11 or newer ($("$PYTHON" --version))." >&2; exit 1; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv

stamp=".venv/.atouts-lock-$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing Python packages (requirements.lock)…"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  rm -f .venv/.atouts-lock-*
  touch "$stamp"
fi
