"""`atouts-pos region-sim ...`: run and inspect the reference Region server (never production)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pos_app.clock import for_data_dir
from pos_app.domain.model import SupportKind
from pos_app.logs import setup_logging
from sync.region_sim.runner import open_state, serve_forever


def add_region_sim_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    sim = commands.add_parser(
        "region-sim", parents=[common], help="serveur de référence de la Région (démo, tests)"
    )
    actions = sim.add_subparsers(dest="sim_command", metavar="ACTION", required=True)

    serve = actions.add_parser("serve", parents=[common], help="démarrer le serveur")
    serve.add_argument("--seed", type=Path, help="fichier de données (docs/region-seed.md)")
    serve.add_argument("--port", type=int, required=True)

    qr = actions.add_parser("qr", parents=[common], help="QR code d'un bénéficiaire")
    qr.add_argument("beneficiary_id")
    qr.add_argument("--png", type=Path, help="écrire aussi l'image PNG du QR code")
    qr.add_argument("--support", choices=[s.value for s in SupportKind])

    balance = actions.add_parser("balance", parents=[common], help="soldes d'un bénéficiaire")
    balance.add_argument("beneficiary_id")


def run_region_sim(args: argparse.Namespace) -> int:
    if args.data_dir is None:
        print("--data-dir est obligatoire pour region-sim.", file=sys.stderr)
        return 2
    data_dir: Path = args.data_dir.expanduser().resolve()
    setup_logging(data_dir, verbose=args.verbose)
    if args.sim_command == "serve":
        if args.seed is not None and not args.seed.is_file():
            print(f"Fichier de données introuvable : {args.seed}", file=sys.stderr)
            return 2
        state = open_state(data_dir, args.seed)
        print(f"Serveur de référence sur http://127.0.0.1:{args.port}", flush=True)
        serve_forever(state, args.port, for_data_dir(data_dir))
        return 0
    state = open_state(data_dir)
    try:
        if args.sim_command == "qr":
            support = SupportKind(args.support) if args.support else None
            payload = state.qr_payload(args.beneficiary_id, for_data_dir(data_dir)(), support)
            if args.png:
                write_qr_png(payload, args.png)
            print(json.dumps({"payload": payload}) if args.json else payload)
            return 0
        balances = state.balances(args.beneficiary_id)
        if args.json:
            print(json.dumps(balances))
        else:
            for wallet in balances["wallets"]:
                print(f"{wallet['scheme']} {wallet['category']}: {wallet['balance_cents']} c")
        return 0
    except KeyError:
        print(f"Bénéficiaire inconnu : {args.beneficiary_id}", file=sys.stderr)
        return 2
    finally:
        state.close()


def write_qr_png(payload: str, path: Path) -> None:
    import segno

    path.parent.mkdir(parents=True, exist_ok=True)
    segno.make_qr(payload, error="m").save(str(path), scale=6, border=4)
