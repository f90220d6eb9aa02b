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
import shlex
import shutil
import sys
import threading
from datetime import datetime
from importlib import resources
from pathlib import Path

import base45
import cbor2

from pos_app import clock
from pos_app.display import NO_DISPLAY, no_display_message, program
from pos_app.domain.credentials import NAME_FIELD, PREFIX
from pos_app.domain.manual_codes import display
from pos_app.logs import setup_logging
from pos_app.paths import DataDirError, default_data_dir, resolve_data_dir
from pos_app.services import INPUT_ERROR, Till, TillError
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


DEMO_CODES = {
    "B001": "support papier : tout est utilisable au cinéma ; vérifiez la pièce d'identité "
    "(--id-checked)",
    "B002": "application : il reste 6,00 € au cinéma, le jeune paie le complément",
    "B003": "carte Livres & Équipement : rien d'utilisable dans un cinéma (refus voulu)",
    "B004": "support papier : avantage cinéma déjà épuisé (refus voulu) ; inscrit au bon plan",
    "B005": "bon NUMÉRISAK de La Réunion : une autre région, refusé ici (voulu)",
    "B006": "bon NUMÉRISAK de La Réunion : une autre région, refusé ici (voulu)",
}
"""What each demo code is meant to show at the demo's cinema till."""
FORGED_CODE = (
    "faux code : le nom de B001 a été modifié, la signature ne correspond plus (refus voulu)"
)
DEMO_FOLDERS = ("region", "till", "codes")


def reset_demo(base: Path) -> None:
    """Forget the demo's sales, server and codes (only the demo's own folders in `base`)."""
    till_dir = base / "till"
    if till_dir.exists():
        Till(till_dir).close()  # refuses (TillError) while a window has this till open
    for name in DEMO_FOLDERS:
        shutil.rmtree(base / name, ignore_errors=True)


def run_demo(args: argparse.Namespace) -> int:
    with_window = not (args.no_gui or args.setup_only)
    missing = no_display_message(demo=True) if with_window else ""
    if missing:  # before the server starts: Qt would abort in English
        print(missing, file=sys.stderr)
        return NO_DISPLAY
    try:
        base = resolve_data_dir(args.data_dir or default_data_dir() / "demo")
    except DataDirError as exc:
        print(f"Démonstration impossible : {exc.message}", file=sys.stderr)
        return INPUT_ERROR
    setup_logging(base, verbose=args.verbose)
    try:
        if getattr(args, "reset", False):
            reset_demo(base)
            print("Démonstration remise à zéro : ventes, serveur et codes recréés.")
        server, till_dir, images, manual_codes = prepare_demo(base, args.port)
    except TillError as exc:
        print(f"Démonstration impossible : {exc.message}", file=sys.stderr)
        return exc.exit_code
    training = clock.training_date(till_dir)
    print(f"Serveur de référence de la Région : {server.url}")
    print(f"Caisse de démonstration (Cinéma Lux, Caen) : {till_dir}")
    if training and not os.environ.get(clock.ENV_NOW):
        print(f"Mode formation : horloge fixée au {training:%d/%m/%Y %H:%M} (saison 2025-26).")
    print(f"QR codes de démonstration ({len(images)}) dans : {images[0].parent}")
    for image, typed in zip(images, manual_codes, strict=False):
        meant = DEMO_CODES.get(image.stem, "")
        print(f"  {image.name}  (code à saisir : {typed}){' — ' + meant if meant else ''}")
    print(f"  {images[-1].name}  — {FORGED_CODE}")
    print(f"Pour repartir de zéro (ventes effacées) : {program()} demo --reset")
    if args.setup_only:
        server.stop()
        return 0
    if args.no_gui:
        me = program()
        till_arg, region_arg = shlex.quote(str(till_dir)), shlex.quote(str(base / "region"))
        print("\nEssayez, dans un autre terminal :")
        code = f'"$({me} region-sim qr --data-dir {region_arg} B002)"'
        print(f"  {me} --data-dir {till_arg} check {code}")
        print(f"  {me} --data-dir {till_arg} charge {code} --category cinema --amount 8,50")
        print(f"  {me} --data-dir {till_arg} history --today")
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
