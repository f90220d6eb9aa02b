"""Is there a screen for the window? Asked before Qt starts: without one, Qt aborts the process
(exit 134) with an English message about xcb libraries that would send a partner reinstalling.

Without a screen, `atouts-pos` and `atouts-pos demo` say in French what to do and exit with
`NO_DISPLAY` (3; docs/cli.md). `QT_QPA_PLATFORM` set (offscreen, vnc…) means the caller chose
a platform: then Qt is left to decide.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

NO_DISPLAY = 3
"""Exit code of the window (and of the demo with its window) started without a screen."""

_LOCAL_X = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")


def no_display_message(*, demo: bool) -> str:
    """The French message to print when no screen can show the window, else ""."""
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return ""
    if _wayland_ok() or _x11_ok():
        return ""
    me = program()
    if demo:
        advice = (
            f"Lancez la démonstration sans fenêtre : {program()} demo --no-gui "
            "(le serveur et la caisse tournent, les commandes à essayer sont affichées)."
        )
    else:
        advice = (
            "Pour utiliser la caisse sans fenêtre, passez par les commandes "
            f"({me} --help, par exemple {me} status) ; pour essayer : {me} demo --no-gui."
        )
    return (
        "Pas d'écran disponible : la fenêtre de la caisse ne peut pas s'ouvrir "
        "(ni DISPLAY ni WAYLAND_DISPLAY ne désignent un écran joignable).\n"
        f"{advice}\n"
        "Sur un poste avec écran, ouvrez une session graphique, ou lancez la caisse depuis "
        "son terminal ; à distance, utilisez ssh -X."
    )


def program() -> str:
    """The command that runs this program, as a person can type it: the installed script
    next to this Python (`.venv/bin/atouts-pos`), else `python -m pos_app`."""
    script = Path(sys.executable).parent / "atouts-pos"
    if script.exists():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m pos_app"


def _wayland_ok() -> bool:
    name = os.environ.get("WAYLAND_DISPLAY", "")
    if not name:
        return False
    if os.path.isabs(name):
        return Path(name).exists()
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return bool(runtime) and (Path(runtime) / name).exists()


def _x11_ok() -> bool:
    display = os.environ.get("DISPLAY", "")
    if not display:
        return False
    local = _LOCAL_X.match(display)
    if local is None:
        return True  # host:0 (ssh -X, a remote X server): only Qt can tell
    return Path(f"/tmp/.X11-unix/X{local.group(1)}").exists()
