"""`atouts-pos demo`: a reference Region server with fictional beneficiaries, a till enrolled to
it and synced, printable QR codes, then the window — so the product works out of the box.

The demo's seasons are real data (2025-26), so the demo till and server run on a training date
inside that season, kept in their data folders (the window says so), unless `ATOUTS_POS_NOW`
says otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import threading
from datetime import datetime
from importlib import resources
from pathlib import Path

import base45
import cbor2

from pos_app import clock
from pos_app.domain.credentials import NAME_FIELD, PREFIX
from pos_app.domain.manual_codes import display
from pos_app.logs import setup_logging
from pos_app.paths import default_data_dir
from pos_app.services import Till, TillError
from sync.region_sim.cli import write_qr_png
from sync.region_sim.runner import BackgroundServer, open_state

DEMO_PARTNER = "P-CINE-LUX"
DEMO_TRAINING_DATE = datetime.fromisoformat("2026-03-14T20:30:00+01:00")
"""A Saturday evening at the cinema, inside the 2025-26 season of the demo's schemes."""


def demo_seed_path() -> Path:
    return Path(str(resources.files("resources") / "demo" / "region-seed.json"))


def prepare_demo(base: Path, port: int = 0) -> tuple[BackgroundServer, Path, list[Path], list[str]]:
    """Start the server, enroll and sync the demo till, write the QR images. Idempotent."""
    region_dir, till_dir, codes_dir = base / "region", base / "till", base / "codes"
    for folder in (region_dir, till_dir, codes_dir):
        folder.mkdir(parents=True, exist_ok=True)
    for folder in (region_dir, till_dir):
        if not os.environ.get(clock.ENV_NOW) and clock.training_date(folder) is None:
            clock.set_training_date(folder, DEMO_TRAINING_DATE)
    seed = demo_seed_path()
    state = open_state(region_dir, seed)
    server = BackgroundServer(state, port, clock.for_data_dir(region_dir)).start()
    partner = next(
        p
        for p in json.loads(seed.read_text(encoding="utf-8"))["partners"]
        if p["id"] == DEMO_PARTNER
    )
    with Till(till_dir) as till:
        if not till.status().enrolled:
            till.enroll(server.url, DEMO_PARTNER, partner["enrollment_code"])
        else:
            till.relocate_server(server.url)
        till.sync()
    now = clock.for_data_dir(region_dir)()
    images, manual_codes = [], []
    for beneficiary_id in state.beneficiary_ids():
        path = codes_dir / f"{beneficiary_id}.png"
        write_qr_png(state.qr_payload(beneficiary_id, now), path)
        images.append(path)
        manual_codes.append(display(state.manual_code(beneficiary_id)))
    forged = forge_identity(state.qr_payload("B001", now), "Léo Martin-Lefèvre")
    write_qr_png(forged, codes_dir / "faux-code.png")
    images.append(codes_dir / "faux-code.png")
    return server, till_dir, images, manual_codes


def forge_identity(payload: str, name: str) -> str:
    """A genuine code whose name was changed, signature kept: what a forger would try."""
    parts = cbor2.loads(base45.b45decode(payload[len(PREFIX) :]))
    fields = cbor2.loads(parts[0])
    fields[NAME_FIELD] = name
    parts[0] = cbor2.dumps(fields)
    return PREFIX + base45.b45encode(cbor2.dumps(parts)).decode("ascii")


def run_demo(args: argparse.Namespace) -> int:
    base = (args.data_dir or default_data_dir() / "demo").expanduser().resolve()
    base.mkdir(parents=True, exist_ok=True)
    setup_logging(base, verbose=args.verbose)
    try:
        server, till_dir, images, manual_codes = prepare_demo(base, args.port)
    except TillError as exc:
        print(f"Démonstration impossible : {exc.message}")
        return exc.exit_code
    training = clock.training_date(till_dir)
    print(f"Serveur de référence de la Région : {server.url}")
    print(f"Caisse de démonstration (Cinéma Lux, Caen) : {till_dir}")
    if training and not os.environ.get(clock.ENV_NOW):
        print(f"Mode formation : horloge fixée au {training:%d/%m/%Y %H:%M} (saison 2025-26).")
    print(f"QR codes de démonstration ({len(images)}) dans : {images[0].parent}")
    for image, typed in zip(images, manual_codes, strict=False):
        print(f"  {image.name}  (code à saisir : {typed})")
    print(f"  {images[-1].name}  (faux code : doit être refusé)")
    if args.setup_only:
        server.stop()
        return 0
    if args.no_gui:
        print("\nEssayez, dans un autre terminal :")
        print(
            f'  atouts-pos --data-dir {till_dir} check "$(atouts-pos region-sim qr '
            f'--data-dir {base / "region"} B001)"'
        )
        print("Ctrl+C pour arrêter le serveur.")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
        server.stop()
        return 0
    from pos_app.ui.app import run_window

    try:
        return run_window(
            till_dir, codes_dir=images[0].parent, language=getattr(args, "lang", None)
        )
    finally:
        server.stop()
