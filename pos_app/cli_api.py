"""`atouts-pos serve-api`: the local API without a window (docs/local-api.md).

The till is opened by this process (one process per till), the API served in the foreground on
127.0.0.1 until Ctrl+C, and the sales it makes are sent to the Region by the same background
sync as the window's (`--no-sync` to leave that to another command). `--show-secret` prints the
secret a till software sends; `--new-secret` replaces it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import MutableMapping
from typing import Any

from pos_app.counter_settings import load_settings
from pos_app.services import Till

OK = 0


def add_parsers(
    commands: Any, common: argparse.ArgumentParser, handlers: MutableMapping[str, Any]
) -> None:
    serve = commands.add_parser(
        "serve-api",
        parents=[common],
        help="API locale pour le logiciel de caisse du partenaire (sans fenêtre)",
        description="Sert l'API locale (docs/local-api.md) sur 127.0.0.1 jusqu'à Ctrl+C. "
        "Par défaut : le port et l'adresse des réglages (8780, 127.0.0.1).",
    )
    serve.add_argument("--port", type=int, help="port d'écoute (par défaut : 8780)")
    serve.add_argument(
        "--host", help="adresse d'écoute (par défaut : 127.0.0.1, cet ordinateur seulement)"
    )
    serve.add_argument(
        "--allow-network",
        action="store_true",
        help="accepter une autre adresse que 127.0.0.1 (risqué : tout le réseau y accède)",
    )
    serve.add_argument(
        "--no-sync", action="store_true", help="ne pas synchroniser avec la Région en fond"
    )
    serve.add_argument(
        "--show-secret", action="store_true", help="afficher le secret de l'API, puis quitter"
    )
    serve.add_argument(
        "--new-secret",
        action="store_true",
        help="remplacer le secret de l'API (l'ancien ne marche plus), l'afficher, puis quitter",
    )
    handlers["serve-api"] = run_serve_api


def run_serve_api(till: Till, args: argparse.Namespace) -> int:
    from pos_app.cli import _emit
    from pos_app.local_api.server import DEFAULT_PORT, LOOPBACK, LocalApiServer
    from pos_app.services.local_api import ApiSecret

    secret = ApiSecret(till)
    if args.show_secret or args.new_secret:
        value = secret.regenerate() if args.new_secret else secret.current()
        data = {"ok": True, "secret": value, "location": secret.location}
        return _emit(args, data, OK, value)
    settings = load_settings(till.data_dir)
    host = args.host or settings.api_host or LOOPBACK
    port = args.port if args.port is not None else (settings.api_port or DEFAULT_PORT)
    allow = args.allow_network or (args.host is None and settings.api_allow_network)
    loop = None
    server = LocalApiServer(
        till, host, port, allow_network=allow, on_change=lambda *_: loop and loop.nudge()
    )
    if server.warning:
        print(server.warning, file=sys.stderr, flush=True)
    if not args.no_sync:
        from pos_app.sync_loop import SyncLoop

        loop = SyncLoop(till, lambda _outcome: None).start()
    print(
        f"API locale en service sur {server.url} (Ctrl+C pour arrêter). "
        "Secret : atouts-pos serve-api --show-secret.",
        flush=True,
    )
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        if loop is not None:
            loop.stop()
    print("API locale arrêtée.", flush=True)
    return OK
