"""`atouts-pos region-sim ...`: run and inspect the reference Region server (never production)."""

from __future__ import annotations

import argparse
import json
import re
import secrets
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pos_app.clock import for_data_dir, parse_instant
from pos_app.domain.manual_codes import display
from pos_app.domain.model import SupportKind
from pos_app.domain.money import format_euros, parse_amount
from pos_app.enrollment_links import enrollment_uri
from pos_app.logs import setup_logging
from sync.region_sim.faults import Faults
from sync.region_sim.keys import UnknownKey
from sync.region_sim.memberships import IssuanceRefused, Request
from sync.region_sim.reimbursements import ReimbursementError
from sync.region_sim.runner import open_state, serve_forever
from sync.region_sim.state import APP, DEFAULT_REGION, RegionState
from sync.region_sim.vouchers import ExtensionRefused


def add_region_sim_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    sim = commands.add_parser(
        "region-sim", parents=[common], help="serveur de référence de la Région (démo, tests)"
    )
    actions = sim.add_subparsers(dest="sim_command", metavar="ACTION", required=True)

    serve = actions.add_parser("serve", parents=[common], help="démarrer le serveur")
    serve.add_argument("--seed", type=Path, help="fichier de données (docs/region-seed.md)")
    serve.add_argument("--port", type=int, required=True)
    _add_fault_options(serve)

    qr = actions.add_parser("qr", parents=[common], help="QR code d'un bénéficiaire")
    qr.add_argument("beneficiary_id")
    qr.add_argument("--png", type=Path, help="écrire aussi l'image PNG du QR code")
    qr.add_argument("--support", choices=[s.value for s in SupportKind])
    qr.add_argument(
        "--static",
        action="store_true",
        help="code figé de l'application (ce qu'une capture d'écran montrerait)",
    )

    enrollment = actions.add_parser(
        "enrollment-code", parents=[common], help="code d'activation à usage unique (et son QR)"
    )
    enrollment.add_argument("partner_id")
    enrollment.add_argument("--server", help="adresse du serveur, pour le QR d'activation")
    enrollment.add_argument("--png", type=Path, help="écrire le QR d'activation en PNG")
    revoke_device = actions.add_parser(
        "revoke-device", parents=[common], help="désactiver une caisse (volée, perdue)"
    )
    revoke_device.add_argument("device_id")

    voucher = actions.add_parser(
        "voucher",
        parents=[common],
        help="bon papier d'un bénéficiaire ; « voucher extend N°_DU_BON » : le proroger",
        usage="%(prog)s BÉNÉFICIAIRE --category CATÉGORIE [--number N] [--png FICHIER]\n"
        "       %(prog)s extend N°_DU_BON --until AAAA-MM-JJ [--reason MOTIF]",
    )
    voucher.add_argument(
        "beneficiary_id", metavar="BÉNÉFICIAIRE", help="bénéficiaire (B005…), ou « extend »"
    )
    voucher.add_argument("serial", nargs="?", metavar="N°_DU_BON", help="avec extend : le bon")
    voucher.add_argument("--category", help="numerisak, sport_bon, secourisme")
    voucher.add_argument("--number", type=int, default=1, help="n-ième bon (2017 : 2 bons sport)")
    voucher.add_argument("--png", type=Path, help="écrire aussi l'image PNG du QR code")
    voucher.add_argument(
        "--until", type=_day, metavar="AAAA-MM-JJ", help="avec extend : nouveau dernier jour"
    )
    voucher.add_argument(
        "--reason", default="", metavar="MOTIF",
        help="avec extend : motif de la prorogation (demande instruite par la DEVL…)",
    )  # fmt: skip

    coupon = actions.add_parser("coupon", parents=[common], help="coupon de prépaiement")
    coupon.add_argument("beneficiary_id")
    coupon.add_argument("--partner", required=True)
    coupon.add_argument("--category", required=True)
    coupon.add_argument("--amount", required=True, help="montant réservé en euros, ex. 25")
    coupon.add_argument("--png", type=Path, help="écrire aussi l'image PNG du QR code")

    bon_plan = actions.add_parser("bon-plan", parents=[common], help="créer une liste bon plan")
    bon_plan.add_argument("bon_plan_id")
    bon_plan.add_argument("--partner", required=True, help="partenaire organisateur")
    bon_plan.add_argument("--title", required=True)
    bon_plan.add_argument("--starts", required=True, help="ISO 8601 avec fuseau")
    bon_plan.add_argument("--entries", required=True, help="gagnants/inscrits : B001,B002")

    attendance = actions.add_parser("attendance", parents=[common], help="présences d'un bon plan")
    attendance.add_argument("bon_plan_id")

    typed = actions.add_parser("manual-code", parents=[common], help="code à saisir à la main")
    typed.add_argument("beneficiary_id")

    revoke = actions.add_parser("revoke", parents=[common], help="support perdu ou volé")
    revoke.add_argument("serial")
    revoke.add_argument("--reason", choices=["lost", "stolen"], required=True)
    replace = actions.add_parser("replace", parents=[common], help="nouveau support")
    replace.add_argument("beneficiary_id")
    suspend = actions.add_parser("suspend", parents=[common], help="suspendre les droits")
    suspend.add_argument("beneficiary_id")
    reinstate = actions.add_parser("reinstate", parents=[common], help="rétablir les droits")
    reinstate.add_argument("beneficiary_id")
    rotate = actions.add_parser("rotate-key", parents=[common], help="annoncer une nouvelle clé")
    rotate.add_argument("--starts", required=True, help="début de signature, ISO 8601 avec fuseau")
    retire = actions.add_parser("retire-key", parents=[common], help="retirer une clé compromise")
    retire.add_argument("kid")

    balance = actions.add_parser("balance", parents=[common], help="soldes d'un bénéficiaire")
    balance.add_argument("beneficiary_id")

    _add_reimbursement_parser(actions, common)
    _add_issuance_parsers(actions, common)


def _add_issuance_parsers(actions: Any, common: argparse.ArgumentParser) -> None:
    """`region-sim membership request|show` and `region-sim grant` (docs/region-seed.md,
    "Adhésions et attributions"): what the Region grants, under the rules of issuance."""
    parser = actions.add_parser(
        "membership", parents=[common], help="adhésions (Culture et Sport) : demande, historique"
    )
    steps = parser.add_subparsers(dest="membership_command", metavar="ACTION", required=True)
    request = steps.add_parser(
        "request", parents=[common], help="demande d'adhésion : enregistrée et créditée si les "
        "règles le permettent",
    )  # fmt: skip
    _add_applicant_options(request)
    paid = request.add_mutually_exclusive_group()
    paid.add_argument(
        "--fee-paid", action="store_true", help="cotisation encaissée (carte bancaire, chèque)"
    )
    paid.add_argument(
        "--free", metavar="MOTIF", default="",
        help="adhésion offerte par la Région (projet, action de médiation) : motif",
    )  # fmt: skip
    show = steps.add_parser(
        "show", parents=[common], help="adhésions et avantages « une fois dans la scolarité »"
    )
    show.add_argument("beneficiary_id")

    grant = actions.add_parser(
        "grant", parents=[common], help="attribuer un avantage (Livres, EP, NUMÉRISAK…)"
    )
    _add_applicant_options(grant)
    grant.add_argument("--category", required=True, help="livres, equipement_pro, numerisak…")
    grant.add_argument(
        "--profile", metavar="PROFIL", help="profil de montant (general, vocational…)"
    )
    grant.add_argument(
        "--exception", metavar="MOTIF", default="",
        help="dérogation de la Région après étude (réorientation…) : attribuer à nouveau un "
        "avantage « une fois dans la scolarité »",
    )  # fmt: skip


def _add_applicant_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--beneficiary", required=True, metavar="BÉNÉFICIAIRE", help="identifiant (B010…)")
    add("--scheme", required=True, metavar="DISPOSITIF", help="atouts-culture-sport-2025-26…")
    add("--name", help="nom du nouveau demandeur (obligatoire s'il est inconnu)")
    add("--birth-date", type=_day, metavar="AAAA-MM-JJ", help="date de naissance (idem)")
    add("--lyceen", action="store_true",
        help="lycéen éligible à Atouts Livres et EP (dérogation des moins de 15 ans)")  # fmt: skip
    add("--support", choices=[s.value for s in (SupportKind.PAPER, SupportKind.CARD, APP)],
        default="paper",
        help="support du nouveau demandeur (défaut : paper)")  # fmt: skip
    add(
        "--serial",
        metavar="N°_DE_SUPPORT",
        help="numéro du support du nouveau demandeur (défaut : tiré au hasard)",
    )
    add(
        "--region",
        metavar="RÉGION",
        help="code de région du nouveau demandeur (défaut : celle du dispositif)",
    )
    add("--guardian", metavar="NOM", help="représentant légal (bénéficiaire mineur)")


def _add_reimbursement_parser(actions: Any, common: argparse.ArgumentParser) -> None:
    """`region-sim reimbursements list|count|order|pay` (docs/region-api.md, Remboursements)."""
    parser = actions.add_parser(
        "reimbursements", parents=[common], help="lots de remboursement des partenaires"
    )
    steps = parser.add_subparsers(dest="reimbursement_command", metavar="ACTION", required=True)
    listing = steps.add_parser("list", parents=[common], help="lister les lots")
    listing.add_argument("--partner", help="un seul partenaire (P-CINE-LUX...)")
    count = steps.add_parser(
        "count", parents=[common], help="comptabiliser maintenant les périodes terminées"
    )
    count.add_argument("--partner", help="un seul partenaire")
    order = steps.add_parser("order", parents=[common], help="mettre un lot en paiement")
    order.add_argument("batch_id")
    order.add_argument("--date", type=_day, help="jour de la mise en paiement (AAAA-MM-JJ)")
    pay = steps.add_parser("pay", parents=[common], help="marquer un lot payé (virement)")
    pay.add_argument("batch_id")
    pay.add_argument("--date", type=_day, help="jour du virement (AAAA-MM-JJ ; défaut : ce jour)")
    pay.add_argument("--ref", default="", help="référence du virement (défaut : VIR-…)")
    pay.add_argument(
        "--amount", type=_amount, help="montant viré, ex. 123,45 (défaut : le total compté)"
    )
    pay.add_argument(
        "--omit", action="append", default=[], metavar="TXN_ID",
        help="laisser cette transaction hors du paiement (démonstration ; répétable)",
    )  # fmt: skip
    pay.add_argument(
        "--twice", action="append", default=[], metavar="TXN_ID",
        help="payer encore une vente déjà payée dans un autre lot (démonstration ; répétable)",
    )  # fmt: skip


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide : {text!r} (ex. 2026-04-02)") from None


def _amount(text: str) -> int:
    try:
        return parse_amount(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"montant invalide : {text!r} ({exc})") from None


def _add_fault_options(serve: argparse.ArgumentParser) -> None:
    """A server that misbehaves from start to stop (`faults.py`), for tests and training in
    separate processes. All off unless asked for."""
    group = serve.add_argument_group("pannes simulées (tests ; aucune par défaut)")
    add = group.add_argument
    add("--latency", type=float, default=0.0, metavar="S", help="attendre avant de répondre")
    add("--fail-status", type=int, metavar="CODE", help="répondre cette erreur (500, 503, 429)")
    add("--retry-after", type=int, metavar="S", help="avec --fail-status : Retry-After")
    add("--truncate", action="store_true", help="traiter, puis couper la réponse à moitié")
    add("--drop", action="store_true", help="couper la connexion avant de traiter")
    add("--handle-twice", action="store_true", help="traiter chaque requête deux fois")
    add("--clock-offset", type=parse_offset, default=timedelta(0), metavar="DÉCALAGE",
        help="horloge du serveur décalée : +3d, 90s, =-2h")  # fmt: skip
    add("--paths", action="append", default=[], metavar="CHEMIN",
        help="pannes sur ce chemin seulement, ex. /v1/transactions (répétable)")  # fmt: skip


_OFFSET = re.compile(r"([+-]?\d+(?:\.\d+)?)([smhd]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_offset(text: str) -> timedelta:
    """`+3d`, `-2h`, `90s`, `-30m` or plain seconds."""
    match = _OFFSET.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"décalage invalide : {text!r} (ex. +3d, -2h, 90s)")
    return timedelta(seconds=float(match[1]) * _UNITS[match[2]])


def _faults(args: argparse.Namespace) -> Faults | str:
    """The faults asked for on the command line, or why they make no sense."""
    if args.fail_status is not None and not 400 <= args.fail_status <= 599:
        return f"--fail-status {args.fail_status} : un code d'erreur HTTP (400 à 599) est attendu."
    if args.retry_after is not None and args.fail_status is None:
        return "--retry-after ne va qu'avec --fail-status."
    if args.latency < 0:
        return "--latency doit être positif."
    return Faults(
        latency_seconds=args.latency,
        status=args.fail_status,
        retry_after_seconds=args.retry_after,
        truncate_body=args.truncate,
        drop_before_handling=args.drop,
        handle_twice=args.handle_twice,
        clock_offset=args.clock_offset,
        paths=tuple(args.paths),
    )


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
        faults = _faults(args)
        if isinstance(faults, str):
            print(faults, file=sys.stderr)
            return 2
        state = open_state(data_dir, args.seed)
        print(f"Serveur de référence sur http://127.0.0.1:{args.port}", flush=True)
        if active := faults.active():
            print(f"PANNES SIMULÉES : {' ; '.join(active)}", file=sys.stderr, flush=True)
        serve_forever(state, args.port, for_data_dir(data_dir), faults)
        return 0
    state = open_state(data_dir)
    now = for_data_dir(data_dir)()
    try:
        return _administer(state, args, now)
    except (KeyError, UnknownKey) as exc:
        print(f"Introuvable : {exc.args[0]}", file=sys.stderr)
        return 2
    except ReimbursementError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except IssuanceRefused as exc:
        return _refused(args, exc)
    except ValueError as exc:
        print(f"Donnée invalide : {exc}", file=sys.stderr)
        return 2
    finally:
        state.close()


def _administer(state: RegionState, args: argparse.Namespace, now: datetime) -> int:
    command = args.sim_command
    if command == "qr":
        support = SupportKind(args.support) if args.support else None
        payload = state.qr_payload(args.beneficiary_id, now, support, static=args.static)
        if args.png:
            write_qr_png(payload, args.png)
        print(json.dumps({"payload": payload}) if args.json else payload)
    elif command == "balance":
        balances = state.balances(args.beneficiary_id)
        if args.json:
            print(json.dumps(balances))
        else:
            print(f"Soldes de {args.beneficiary_id} à la Région :")
            for wallet in balances["wallets"]:
                scheme = state.schemes.get(wallet["scheme"])
                category = scheme.category(wallet["category"]) if scheme else None
                name = f"{scheme.name if scheme else wallet['scheme']} — " + (
                    category.label if category else wallet["category"]
                )
                left = format_euros(wallet["balance_cents"])
                granted = wallet["granted_cents"]
                of = f" sur {format_euros(granted)}" if granted else ""
                print(f"  {name} : {left}{of} ({wallet['scheme']}:{wallet['category']})")
    elif command == "enrollment-code":
        code = state.issue_enrollment_code(args.partner_id, now)
        qr = enrollment_uri(args.server, args.partner_id, code) if args.server else None
        if args.png and qr:
            write_qr_png(qr, args.png)
        print(json.dumps({"code": code, "qr": qr}) if args.json else (qr or code))
    elif command == "revoke-device":
        state.revoke_device(args.device_id)
        print(f"Caisse {args.device_id} désactivée.")
    elif command == "voucher" and args.beneficiary_id == "extend":
        return _extend_voucher(state, args, now)
    elif command == "voucher":
        if args.category is None or args.serial is not None:
            print(
                "utilisation : region-sim voucher BÉNÉFICIAIRE --category CATÉGORIE, ou "
                "region-sim voucher extend N°_DU_BON --until AAAA-MM-JJ",
                file=sys.stderr,
            )
            return 2
        payload = state.voucher_payload(args.beneficiary_id, args.category, args.number, now)
        if args.png:
            write_qr_png(payload, args.png)
        print(json.dumps({"payload": payload}) if args.json else payload)
    elif command == "coupon":
        payload = state.issue_coupon(
            args.beneficiary_id, args.partner, args.category, parse_amount(args.amount), now
        )
        if args.png:
            write_qr_png(payload, args.png)
        print(json.dumps({"payload": payload}) if args.json else payload)
    elif command == "bon-plan":
        entries = [entry.strip() for entry in args.entries.split(",") if entry.strip()]
        state.create_bon_plan(
            args.bon_plan_id, args.partner, args.title, parse_instant(args.starts), entries
        )
        print(f"Bon plan {args.bon_plan_id} : {len(entries)} inscrit(s).")
    elif command == "attendance":
        print(json.dumps(state.attendance(args.bon_plan_id), ensure_ascii=False))
    elif command == "manual-code":
        print(display(state.manual_code(args.beneficiary_id)))
    elif command == "revoke":
        state.revoke(args.serial, args.reason, now)
        print(f"Support {args.serial} révoqué ({args.reason}).")
    elif command == "replace":
        print(state.replace_support(args.beneficiary_id, now))
    elif command in ("suspend", "reinstate"):
        state.set_suspended(args.beneficiary_id, command == "suspend")
        print(f"{args.beneficiary_id} : {'suspendu' if command == 'suspend' else 'rétabli'}.")
    elif command == "rotate-key":
        print(state.rotate_key(parse_instant(args.starts)))
    elif command == "retire-key":
        state.retire_key(args.kid)
        print(f"Clé {args.kid} retirée.")
    elif command == "reimbursements":
        _reimbursements(state, args, now)
    elif command == "membership" and args.membership_command == "show":
        _show_issuance(state, args)
    elif command in ("membership", "grant"):
        return _issue(state, args, now)
    return 0


def _extend_voucher(state: RegionState, args: argparse.Namespace, now: datetime) -> int:
    """`voucher extend`: 0 recorded, 1 refused (a day before the one written), 2 bad input or
    a serial the Region never printed."""
    if args.serial is None or args.until is None:
        print(
            "utilisation : region-sim voucher extend N°_DU_BON --until AAAA-MM-JJ [--reason MOTIF]",
            file=sys.stderr,
        )
        return 2
    try:
        record = state.extend_voucher(args.serial, args.until, args.reason, now)
    except KeyError:
        print(f"Bon inconnu de la Région (jamais imprimé) : {args.serial}", file=sys.stderr)
        return 2
    except ExtensionRefused as exc:
        if args.json:
            refusal = {"code": exc.code, "message": exc.message}
            print(json.dumps({"status": "refused", "refusals": [refusal]}, ensure_ascii=False))
        print(f"{exc.message} [{exc.code}]", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"status": "recorded", **record}, ensure_ascii=False))
        return 0
    until = date.fromisoformat(record["valid_until"])
    written = date.fromisoformat(record["written_valid_until"])
    print(
        f"Bon {args.serial} prorogé jusqu'au {until:%d/%m/%Y} inclus (date écrite sur le bon : "
        f"{written:%d/%m/%Y})."
    )
    if args.reason.strip():
        print(f"  Motif : {args.reason.strip()}")
    if until == written:
        print("  La date écrite sur le bon s'applique de nouveau.")
    print("  Les caisses l'apprennent à leur prochaine synchronisation.")
    return 0


_REGION_CODES = {"Normandie": "NOR", "La Réunion": "REU"}
"""The code a new applicant's supports carry, from the scheme's region (`--region` otherwise)."""


def _issue(state: RegionState, args: argparse.Namespace, now: datetime) -> int:
    """`membership request` or `grant`: 0 issued, 1 refused by the rules, 2 bad input."""
    scheme = state.schemes.get(args.scheme)
    if scheme is None:
        print(f"Dispositif inconnu : {args.scheme}", file=sys.stderr)
        return 2
    known = state.birth_date(args.beneficiary)
    person = None
    if known is None:
        if not args.name or args.birth_date is None:
            print(
                f"Bénéficiaire inconnu de la Région : {args.beneficiary}. Pour un nouveau "
                "demandeur, --name et --birth-date sont obligatoires.",
                file=sys.stderr,
            )
            return 2
        person = {
            "id": args.beneficiary,
            "name": args.name,
            "birth_date": args.birth_date.isoformat(),
            "serial": args.serial or f"{args.beneficiary}-{secrets.token_hex(3).upper()}",
            "support": args.support,
            "region": args.region or _REGION_CODES.get(scheme.region, DEFAULT_REGION),
            "guardian": args.guardian,
        }
    elif args.birth_date is not None and args.birth_date != known:
        print(
            f"{args.beneficiary} : la Région a une autre date de naissance "
            f"({known:%d/%m/%Y}) ; vérifiez la pièce d'identité.",
            file=sys.stderr,
        )
        return 2
    if args.sim_command == "membership":
        request = Request(
            beneficiary_id=args.beneficiary, scheme_id=scheme.id, lyceen=args.lyceen,
            fee_paid=args.fee_paid, free_reason=args.free,
        )  # fmt: skip
        result = state.request_membership(request, now, person)
    else:
        request = Request(
            beneficiary_id=args.beneficiary, scheme_id=scheme.id, lyceen=args.lyceen,
            category_id=args.category, profile=args.profile or "",
            career_exception=args.exception,
        )  # fmt: skip
        result = state.grant_category(request, now, person)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    day = date.fromisoformat(result["day"])
    if result["status"] == "recorded":
        paid = (
            f"adhésion offerte par la Région ({result['free_reason']})"
            if result["free_reason"]
            else f"cotisation de {format_euros(result['fee_paid_cents'])} encaissée"
        )
        print(
            f"Adhésion enregistrée le {day:%d/%m/%Y} : {args.beneficiary}, {scheme.name} ({paid})."
        )
    else:
        print(f"Avantage attribué le {day:%d/%m/%Y} : {args.beneficiary}, {scheme.name}.")
    if "lyceen_waiver" in result["notes"]:
        print("  Dérogation : lycéen de moins de 15 ans éligible à Atouts Livres et EP.")
    if "career_exception" in result["notes"]:
        print(f"  Dérogation de la Région : {args.exception.strip()}.")
    for wallet in result["wallets"]:
        category = scheme.category(wallet["category"])
        label = category.label if category else wallet["category"]
        print(f"  Crédité : {label} {format_euros(wallet['granted_cents'])}")
    for skipped in result.get("not_granted", []):
        for refusal in skipped["refusals"]:
            print(f"  Non crédité : {refusal['message']} [{refusal['code']}]")
    return 0


def _refused(args: argparse.Namespace, exc: IssuanceRefused) -> int:
    refusals = [{"code": r.code, "message": r.message} for r in exc.refusals]
    if args.json:
        print(json.dumps({"status": "refused", "refusals": refusals}, ensure_ascii=False))
    what = "Adhésion refusée" if args.sim_command == "membership" else "Attribution refusée"
    print(f"{what} :", file=sys.stderr)
    for refusal in refusals:
        print(f"  {refusal['message']} [{refusal['code']}]", file=sys.stderr)
    return 1


def _show_issuance(state: RegionState, args: argparse.Namespace) -> None:
    records = state.issuance_records(args.beneficiary_id)
    if args.json:
        print(json.dumps(records, ensure_ascii=False))
        return
    print(f"Adhésions et attributions de {args.beneficiary_id} à la Région :")
    for member in records["memberships"]:
        on = member["requested_on"]
        when = f" le {date.fromisoformat(on):%d/%m/%Y}" if on else " (date inconnue)"
        paid = (
            f"offerte ({member['free_reason']})"
            if member["free_reason"]
            else f"cotisation {format_euros(member['fee_paid_cents'])}"
        )
        waiver = ", dérogation lycéen" if member["lyceen_waiver"] else ""
        print(f"  Adhésion {member['scheme']}{when} : {paid}{waiver}")
    for grant in records["career_grants"]:
        on = grant["granted_on"]
        when = f" le {date.fromisoformat(on):%d/%m/%Y}" if on else " (date inconnue)"
        exception = (
            f", dérogation : {grant['exception_reason']}" if grant["exception_reason"] else ""
        )
        print(
            f"  Une fois dans la scolarité : {grant['career_key']} ({grant['scheme']}){when}"
            f"{exception}"
        )
    if not records["memberships"] and not records["career_grants"]:
        print("  Aucune.")


_STATUS_WORDS = {"counted": "comptabilisé", "payment_ordered": "mis en paiement", "paid": "payé"}


def _reimbursements(state: RegionState, args: argparse.Namespace, now: datetime) -> None:
    step = args.reimbursement_command
    if step == "list":
        batches = state.reimbursement_batches(args.partner)
        if args.json:
            print(json.dumps({"batches": batches}, ensure_ascii=False))
        elif not batches:
            print("Aucun lot de remboursement.")
        for batch in [] if args.json else batches:
            print(_batch_line(batch))
    elif step == "count":
        built = state.count_reimbursements(now, args.partner)
        if args.json:
            print(json.dumps({"built": built}))
        else:
            print(
                f"{len(built)} lot(s) comptabilisé(s)"
                + (f" : {', '.join(built)}." if built else ".")
            )
    elif step == "order":
        state.order_payment(args.batch_id, now, args.date)
        batch = next(b for b in state.reimbursement_batches() if b["id"] == args.batch_id)
        print(json.dumps(batch, ensure_ascii=False) if args.json else _batch_line(batch))
    elif step == "pay":
        batch = state.mark_paid(
            args.batch_id, now, args.date, transfer_ref=args.ref, amount_cents=args.amount,
            omit=args.omit, twice=args.twice,
        )  # fmt: skip
        print(json.dumps(batch, ensure_ascii=False) if args.json else _batch_line(batch))


def _batch_line(batch: dict[str, Any]) -> str:
    """`RB-000001 P-CINE-LUX 2026-03 (atouts-…) payé : compté 12,00 €, refusé 0,00 €, …`"""
    text = (
        f"{batch['id']} {batch['partner_id']} {batch['period']} ({batch['scheme_id']}) "
        f"{_STATUS_WORDS[batch['status']]} : {batch['lines']} ligne(s), "
        f"compté {format_euros(batch['counted_cents'])}, "
        f"refusé {format_euros(batch['rejected_cents'])}"
    )
    if batch["due_by"]:
        text += f", à payer au plus tard le {date.fromisoformat(batch['due_by']):%d/%m/%Y}"
    if batch["status"] == "paid":
        text += (
            f", viré {format_euros(batch['paid_cents'])} le "
            f"{date.fromisoformat(batch['paid_on']):%d/%m/%Y} ({batch['transfer_ref']})"
        )
    return text


def write_qr_png(payload: str, path: Path) -> None:
    import segno

    path.parent.mkdir(parents=True, exist_ok=True)
    segno.make_qr(payload, error="m").save(str(path), scale=6, border=4)
