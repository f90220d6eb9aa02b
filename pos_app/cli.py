"""`atouts-pos`: the window, the demo, and the commands a partner's own till software can call.

Contract for scripts: `--json` prints exactly one JSON object on stdout; the exit code is 0 for
accepted / success, 1 for a refusal (a code refused, the Region unreachable...), 2 for a usage
or input error. Without `--json`, messages are in French for a person.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pos_app import __version__
from pos_app.cli_french import FrenchParser
from pos_app.cli_french import install as install_french
from pos_app.display import NO_DISPLAY
from pos_app.domain.conflicts import conflict_message
from pos_app.domain.model import Transaction, Verdict
from pos_app.domain.money import format_euros
from pos_app.enrollment_links import (
    EnrollmentLink,
    EnrollmentLinkError,
    parse_enrollment_uri,
)
from pos_app.logs import setup_logging
from pos_app.paths import DataDirError, resolve_data_dir
from pos_app.services import INPUT_ERROR, REFUSAL, Till, TillError

log = logging.getLogger(__name__)

OK = 0
NOT_ENROLLED = (
    "Activez-la avec le code fourni par la Région : "
    "atouts-pos enroll --server ADRESSE --partner PARTENAIRE --code CODE "
    "(ou --qr / --image avec le QR code d'activation de l'espace partenaire)."
)
REFERENCE_HELP = "référence de la transaction : ses 8 premiers caractères (ou plus) suffisent"
LANG_HELP = "langue de la fenêtre, fr ou en (sinon ATOUTS_POS_LANG, sinon les réglages)"


def build_parser() -> argparse.ArgumentParser:
    install_french()
    parser = FrenchParser(
        prog="atouts-pos",
        description=(
            "Atouts POS : la caisse des partenaires des dispositifs jeunesse régionaux. "
            "Sans commande : la fenêtre de la caisse. --json : un objet JSON (docs/cli.md)."
        ),
        parents=[_common_options(top_level=True)],
    )
    common = _common_options(top_level=False)
    parser.add_argument(
        "--version",
        action="version",
        version=f"atouts-pos {__version__}",
        help="afficher la version et quitter",
    )
    parser.add_argument("--lang", help=LANG_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE")

    demo = commands.add_parser("demo", parents=[common], help="démonstration complète")
    demo.add_argument("--no-gui", action="store_true", help="serveur et caisse, sans fenêtre")
    demo.add_argument("--port", type=int, default=0, help="port du serveur de démonstration")
    demo.add_argument(
        "--setup-only", action="store_true", help="prépare la démo puis s'arrête (scripts)"
    )
    demo.add_argument(
        "--reset",
        action="store_true",
        help="repartir de zéro : efface les ventes, le serveur et les codes de la démo",
    )
    demo.add_argument("--lang", default=argparse.SUPPRESS, help=LANG_HELP)

    enroll = commands.add_parser("enroll", parents=[common], help="activer la caisse")
    enroll.add_argument("--server", help="adresse du serveur de la Région")
    enroll.add_argument("--partner", help="identifiant du partenaire")
    enroll.add_argument("--code", help="code d'activation fourni par la Région")
    enroll.add_argument("--qr", help="contenu du QR code d'activation de l'espace partenaire")
    enroll.add_argument("--image", type=Path, help="image du QR code d'activation")

    sync = commands.add_parser("sync", parents=[common], help="synchroniser avec la Région")
    sync.add_argument(
        "--watch", action="store_true", help="synchroniser en continu (Ctrl+C pour arrêter)"
    )
    sync.add_argument("--interval", type=float, default=60.0, help="secondes entre deux synchros")
    commands.add_parser("status", parents=[common], help="état de la caisse")

    check = commands.add_parser("check", parents=[common], help="vérifier un code")
    _payload_arguments(check)

    charge = commands.add_parser("charge", parents=[common], help="encaisser avec un avantage")
    _payload_arguments(charge)
    charge.add_argument("--category", required=True, help="avantage : cinema, livres...")
    charge.add_argument("--amount", required=True, help="prix public en euros, ex. 12,50")
    charge.add_argument("--item", help="nature de l'article (ex. place_cinema)")
    charge.add_argument("--operator", default="", help="caissier ou caissière")
    charge.add_argument("--label", help="numéro de l'étiquette antivol (bon NUMÉRISAK)")
    charge.add_argument("--equipment-serial", help="numéro de série du matériel remis")
    charge.add_argument(
        "--id-checked",
        action="store_true",
        help="pièce d'identité vérifiée (obligatoire pour un support papier ou une carte)",
    )
    charge.add_argument(
        "--guardian-checked",
        action="store_true",
        help="autorisation (RolloN) ou présence (NUMÉRISAK) du représentant légal vérifiée, "
        "obligatoire pour un mineur",
    )

    void = commands.add_parser("void", parents=[common], help="annuler une erreur de saisie")
    void.add_argument("txn_id", metavar="REFERENCE", help=REFERENCE_HELP)
    void.add_argument("--reason", required=True, help="motif de l'annulation")
    void.add_argument("--operator", default="")

    checkin = commands.add_parser(
        "checkin", parents=[common], help="bon plan : enregistrer la venue d'un gagnant/inscrit"
    )
    checkin.add_argument("bon_plan_id", metavar="BON_PLAN", help="identifiant du bon plan")
    _payload_arguments(checkin)
    checkin.add_argument("--id-checked", action="store_true", help="pièce d'identité vérifiée")
    commands.add_parser("bons-plans", parents=[common], help="bons plans : qui est venu")

    purge = commands.add_parser(
        "purge", parents=[common], help="fin de partenariat : détruire les données personnelles"
    )
    purge.add_argument(
        "--force", action="store_true", help="même si des transactions n'ont pas été envoyées"
    )

    operator = commands.add_parser(
        "operator", parents=[common], help="caissiers : ajouter, réinitialiser, retirer, lister"
    )
    operator.add_argument("action", choices=["add", "reset", "remove", "list"])
    operator.add_argument("name", nargs="?", help="nom du caissier ou de la caissière")
    operator.add_argument(
        "--pin", help="code personnel de 4 à 8 chiffres (demandé sans écho si absent)"
    )

    history = commands.add_parser("history", parents=[common], help="transactions enregistrées")
    history.add_argument("--limit", type=int, default=None, help="les N plus récentes seulement")
    history.add_argument("--today", action="store_true", help="aujourd'hui seulement")
    history.add_argument(
        "--search",
        help="mots à trouver (référence, nom, opérateur, avantage, montant « 12,50 »)",
    )

    from pos_app.cli_money import add_parsers as add_money_parsers

    add_money_parsers(commands, common)
    from pos_app.cli_claims import add_parsers as add_claims_parsers

    add_claims_parsers(commands, common, _HANDLERS)
    from pos_app.cli_api import add_parsers as add_api_parsers  # serve-api

    add_api_parsers(commands, common, _HANDLERS)
    receipt = commands.add_parser(
        "receipt", parents=[common], help="reçus : imprimer ou enregistrer en PDF"
    )
    receipt_actions = receipt.add_subparsers(dest="receipt_action", metavar="ACTION")
    receipt_print = receipt_actions.add_parser(
        "print", parents=[common], help="imprimer sur l'imprimante de tickets des réglages"
    )
    receipt_pdf = receipt_actions.add_parser("pdf", parents=[common], help="enregistrer en PDF")
    receipt_pdf.add_argument("-o", "--output", type=Path, help="fichier PDF à écrire")
    for action in (receipt_print, receipt_pdf):
        action.add_argument("txn_id", metavar="REFERENCE", help=REFERENCE_HELP)
        action.add_argument(
            "--duplicate",
            action="store_true",
            help="marquer DUPLICATA (automatique si un reçu a déjà été remis)",
        )
        action.add_argument("--operator", default="", help="qui remet le reçu")
    close = commands.add_parser(
        "close",
        parents=[common],
        help="clôture journalière (ticket Z), liste, détail, clôtures mensuelles et annuelles",
        description=(
            "Sans action : clôture la journée (aujourd'hui, ou --date), après les journées "
            "précédentes restées ouvertes. list : toutes les clôtures. show N : la clôture "
            "journalière n° N. month AAAA-MM, year AAAA : la clôture mensuelle ou annuelle "
            "(provisoire tant que la période n'est pas close)."
        ),
    )
    close.add_argument("action", nargs="?", choices=["list", "show", "month", "year"])
    close.add_argument("which", nargs="?", help="n° de clôture, mois AAAA-MM ou année AAAA")
    close.add_argument(
        "--date", metavar="AAAA-MM-JJ", help="journée à clôturer (par défaut : aujourd'hui)"
    )
    close.add_argument("--pdf", type=Path, help="écrire aussi la clôture en PDF dans ce fichier")
    close.add_argument(
        "--print",
        action="store_true",
        dest="print_ticket",
        help="imprimer aussi la clôture sur l'imprimante de tickets des réglages",
    )
    close.add_argument(
        "--width", type=int, default=40, help="caractères par ligne du ticket (32 à 48)"
    )

    # Hidden (no help=): a support tool, see pos_app/self_check.py.
    commands.add_parser("self-check", parents=[common])

    from sync.region_sim.cli import add_region_sim_parser

    add_region_sim_parser(commands, common)
    return parser


def _payload_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "payload", nargs="?", metavar="CODE", help="contenu du QR code, ou - pour l'entrée standard"
    )
    command.add_argument(
        "--image", type=Path, help="lire le QR code dans une image (capture d'écran, photo)"
    )


def _common_options(top_level: bool) -> argparse.ArgumentParser:
    """Options accepted before and after the command; after it, they only override."""
    common = argparse.ArgumentParser(add_help=False)
    defaults: dict[str, Any] = {} if top_level else {"default": argparse.SUPPRESS}
    common.add_argument(
        "--data-dir",
        type=Path,
        metavar="DOSSIER",
        help="dossier des données de la caisse",
        **defaults,
    )
    common.add_argument(
        "--json", action="store_true", help="un objet JSON sur la sortie", **defaults
    )
    common.add_argument(
        "-v", "--verbose", action="store_true", help="journal sur la console", **defaults
    )
    return common


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "region-sim":
        from sync.region_sim.cli import run_region_sim

        return run_region_sim(args)
    if args.command == "self-check":
        return _self_check(args)
    if args.command == "demo":
        from pos_app.demo import run_demo

        return run_demo(args)
    if args.command is None:
        from pos_app.display import no_display_message

        missing = no_display_message(demo=False)
        if missing:
            print(missing, file=sys.stderr)
            return NO_DISPLAY
    try:
        data_dir = resolve_data_dir(args.data_dir)
        setup_logging(data_dir, verbose=args.verbose)
    except DataDirError as exc:
        return _emit(args, {"ok": False, "error": exc.code, "message": exc.message}, INPUT_ERROR)
    if args.command is None:
        from pos_app.ui.app import run_window

        return run_window(data_dir, language=args.lang)
    try:
        with Till(data_dir) as till:
            return _HANDLERS[args.command](till, args)
    except TillError as exc:
        log.info("%s refused: %s", args.command, exc.code)
        return _emit(args, {"ok": False, "error": exc.code, "message": exc.message}, exc.exit_code)


def _self_check(args: argparse.Namespace) -> int:
    """Before the data dir: it checks the install, not a till."""
    from pos_app.self_check import report_json, report_text, run_checks

    results = run_checks()
    code = OK if all(result.ok for result in results) else REFUSAL
    return _emit(args, report_json(results), code, report_text(results))


def _read_payload(args: argparse.Namespace) -> str:
    """The code from the argument, standard input or an image; exactly one source."""
    if (args.payload is None) == (args.image is None):
        raise TillError(
            "payload_missing", "Donnez le code, ou une image avec --image (pas les deux)."
        )
    if args.image is None:
        return sys.stdin.read().strip() if args.payload == "-" else args.payload
    from scanner.decoders import DecoderUnavailable
    from scanner.images import ScanImageError, decode_image_file

    try:
        found = decode_image_file(args.image)
    except (ScanImageError, DecoderUnavailable) as exc:
        raise TillError("image_unreadable", str(exc)) from exc
    if len(found) != 1:
        raise TillError(
            "image_codes",
            f"L'image contient {len(found)} QR codes lisibles : il en faut exactement un.",
        )
    return found[0]


def _enrollment_link(args: argparse.Namespace) -> EnrollmentLink:
    """Three typed fields, or one scanned enrollment QR code (text or image)."""
    if args.qr or args.image:
        text = args.qr or _read_payload(argparse.Namespace(payload=None, image=args.image))
        try:
            return parse_enrollment_uri(text)
        except EnrollmentLinkError as exc:
            raise TillError("enrollment_qr_invalid", str(exc)) from exc
    if not (args.server and args.partner and args.code):
        raise TillError(
            "enrollment_incomplete",
            "Donnez --server, --partner et --code, ou le QR code d'activation (--qr ou --image).",
        )
    return EnrollmentLink(args.server, args.partner, args.code)


def _enroll(till: Till, args: argparse.Namespace) -> int:
    link = _enrollment_link(args)
    device = till.enroll(link.server, link.partner, link.code)
    report = till.sync()
    data = {
        "ok": True,
        "device_id": device.device_id,
        "partner": {"id": device.partner.id, "name": device.partner.name},
        "snapshot_version": report.snapshot_version,
        "token_location": till.status().token_location,
    }
    text = (
        f"Caisse activée pour {device.partner.name} (appareil {device.device_id}).\n"
        f"Jeton rangé dans : {data['token_location']}."
    )
    return _emit(args, data, OK, text)


def _watch(till: Till, args: argparse.Namespace) -> int:
    from pos_app.sync_loop import Backoff, SyncLoop, SyncOutcome

    def show(outcome: SyncOutcome) -> None:
        if outcome.error is not None:
            line = f"{outcome.error.message} Nouvel essai dans {outcome.next_in:.0f} s."
        else:
            line = f"Synchronisé : {outcome.report.accepted} envoyée(s)."  # type: ignore[union-attr]
        print(line, flush=True)

    loop = SyncLoop(till, show, Backoff(interval=args.interval)).start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        loop.stop()
    return OK


_PROGRESS_STAGES = {
    "download": "Téléchargement des données de la Région",
    "apply": "Enregistrement",
}


class _ProgressLine:
    """A snapshot of a whole region takes seconds: say how far it is, on one terminal line."""

    def __init__(self) -> None:
        self._last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.2:
            return
        self._last = now
        share = f"{100 * done // total} %" if total else f"{done // 1024} Ko"
        end = "\n" if stage == "apply" and done >= total else ""
        print(f"\r{_PROGRESS_STAGES.get(stage, stage)} : {share}   ", end=end, file=sys.stderr)


def _sync(till: Till, args: argparse.Namespace) -> int:
    if args.watch:
        return _watch(till, args)
    report = till.sync(progress=_ProgressLine() if sys.stderr.isatty() else None)
    refused_now = {r.txn_id for r in report.rejected}
    rejected = [
        {
            "id": entry.transaction.id,
            "reason": entry.server_reason,
            "amount_cents": entry.transaction.amount_cents,
            "message": message,
        }
        for entry, message in till.conflicts()
        if entry.transaction.id in refused_now
    ]
    data = {
        "ok": True,
        "uploaded": report.uploaded,
        "accepted": report.accepted,
        "duplicates": report.duplicates,
        "rejected": rejected,
        "snapshot_version": report.snapshot_version,
        "statements": report.statements,
        "statement_error": report.statement_error or None,
    }
    text = (
        f"Synchronisé : {report.accepted} transaction(s) acceptée(s), "
        f"{report.duplicates} déjà reçue(s), {len(rejected)} refusée(s) ; "
        f"données de la Région version {report.snapshot_version}."
    )
    for item in rejected:
        text += f"\n  {item['id']} : {item['message']}"
    if report.statements:
        text += f"\nRemboursements : {report.statements} lot(s) de la Région mis à jour."
    if report.statement_error:
        text += f"\n{report.statement_error}"
    return _emit(args, data, OK, text)


def _status(till: Till, args: argparse.Namespace) -> int:
    status = till.status()
    data = {
        "ok": status.enrolled,
        "enrolled": status.enrolled,
        "partner": status.partner.name if status.partner else None,
        "server_url": status.server_url,
        "device_id": status.device_id,
        "pending": status.pending,
        "last_sync": status.last_sync.isoformat() if status.last_sync else None,
        "snapshot_version": status.snapshot_version,
        "wallets_known": status.wallet_count,
        "token_location": status.token_location,
        "warnings": list(status.warnings),
    }
    if not status.enrolled:
        data.update(error="not_enrolled", message=NOT_ENROLLED)
        return _emit(args, data, REFUSAL, f"Caisse : non activée.\n{NOT_ENROLLED}")
    when = till.now().tzinfo

    def moment(value: Any) -> str:
        return f"{value.astimezone(when):%d/%m/%Y %H:%M}" if value else "jamais"

    lines = [
        "Caisse : activée",
        f"Partenaire : {data['partner'] or '—'}",
        f"Serveur de la Région : {status.server_url}",
        f"Identifiant de la caisse : {status.device_id}",
        f"En attente d'envoi : {status.pending} transaction(s)",
        f"Dernière synchronisation réussie : {moment(status.last_sync)}",
    ]
    if status.last_sync_failed and (
        status.last_sync is None or status.last_sync_failed > status.last_sync
    ):
        lines.append(f"Dernier échec de synchronisation : {moment(status.last_sync_failed)}")
    lines += [
        "Données de la Région : "
        + (
            f"version {status.snapshot_version}, {status.wallet_count} solde(s) connu(s)"
            if status.snapshot_version is not None
            else "pas encore reçues (lancez atouts-pos sync)"
        ),
        f"Jeton de la caisse : {status.token_location or '—'}",
    ]
    if till.training_date() is not None:
        lines.append("Mode formation : horloge de la caisse fixée (ATOUTS_POS_NOW ou démo)")
    lines += [f"À faire : {warning}" for warning in status.warnings] or ["Rien à signaler."]
    return _emit(args, data, OK, "\n".join(lines))


def _check(till: Till, args: argparse.Namespace) -> int:
    verdict = till.check(_read_payload(args))
    return _emit(args, verdict_json(verdict), OK if verdict.accepted else REFUSAL, verdict.message)


ID_CHECK_HINT = "En ligne de commande : vérifiez la pièce, puis relancez avec --id-checked."
GUARDIAN_HINT = (
    "En ligne de commande : vérifiez l'autorisation, puis relancez avec --guardian-checked."
)


def _charge(till: Till, args: argparse.Namespace) -> int:
    payload = _read_payload(args)
    try:
        transaction = till.charge(
            payload,
            args.category,
            args.amount,
            args.item,
            args.operator,
            id_checked=args.id_checked,
            label_number=args.label,
            equipment_serial=args.equipment_serial,
            guardian_checked=args.guardian_checked,
        )
    except TillError as exc:
        hint = {"id_check_required": ID_CHECK_HINT, "guardian_consent_missing": GUARDIAN_HINT}
        if exc.code not in hint:
            raise
        raise TillError(exc.code, f"{exc.message} {hint[exc.code]}", exc.exit_code) from exc
    benefit = _benefit_label(till, transaction)
    left = _balance_left(till, payload, transaction)
    receipt = till.receipt(transaction.id)
    data = {
        "ok": True,
        "transaction": transaction_json(transaction),
        "reference": transaction.id[:8],
        "benefit": benefit,
        "balance_left_cents": left,
        "receipt": receipt,
    }
    text = (
        f"Encaissé : Atouts {format_euros(transaction.amount_cents)} ({benefit}) — reste à "
        f"payer : {format_euros(transaction.complement_cents)}.\n"
        f"Référence : {transaction.id[:8]} (transaction {transaction.id})."
    )
    if left is not None:
        text += f"\nSolde restant ({benefit}) : {format_euros(left)}."
    if transaction.forfeited_cents:
        text += (
            f"\nPart du bon non utilisée (perdue) : {format_euros(transaction.forfeited_cents)}."
        )
    return _emit(args, data, OK, text)


def _balance_left(till: Till, payload: str, transaction: Transaction) -> int | None:
    """What is left on the wallet just debited (None: the till cannot tell any more)."""
    try:
        verdict = till.check(payload)
    except TillError:
        return None
    for wallet in verdict.wallets:
        if (wallet.scheme_id, wallet.category_id) == (
            transaction.scheme_id,
            transaction.category_id,
        ):
            return 0 if wallet.single_payment or wallet.voucher else wallet.balance_cents
    return 0 if verdict.credential is not None else None


def _benefit_label(till: Till, transaction: Transaction) -> str:
    scheme = till.schemes.get(transaction.scheme_id)
    category = scheme.category(transaction.category_id) if scheme else None
    return category.label if category else transaction.category_id


def _void(till: Till, args: argparse.Namespace) -> int:
    transaction = till.void(args.txn_id, args.reason, args.operator)
    voided = transaction.voids or args.txn_id
    text = (
        f"Transaction {voided[:8]} annulée : {format_euros(transaction.amount_cents)} rendus "
        f"à l'avantage {_benefit_label(till, transaction)} (annulation {transaction.id[:8]}, "
        f"transaction {transaction.id})."
    )
    data = {"ok": True, "transaction": transaction_json(transaction), "voids": transaction.voids}
    return _emit(args, data, OK, text)


def _state_label(entry: Any) -> str:
    """The words of the window's history page (pos_app/ui/history_page.py)."""
    if entry.state == "rejected":
        return "Refusée par la Région (vu)" if entry.acknowledged_at else "Refusée par la Région"
    if entry.voided_by is not None:
        return "Annulée"
    return "En attente d'envoi" if entry.state == "pending" else "Envoyée"


def _history(till: Till, args: argparse.Namespace) -> int:
    entries = till.history(args.limit, today_only=args.today, search=args.search or "")
    rows = []
    for e in entries:
        t = e.transaction
        is_void = t.kind.value == "void"
        rows.append(
            {
                **transaction_json(t),
                "reference": t.id[:8],
                "benefit": _benefit_label(till, t),
                "signed_amount_cents": -t.amount_cents if is_void else t.amount_cents,
                "sync_state": e.state,
                "sync_state_label": _state_label(e),
                "server_reason": e.server_reason,
                "server_reason_text": (
                    str(conflict_message(e.server_reason, t.amount_cents))
                    if e.state == "rejected"
                    else ""
                ),
                "voided_by": e.voided_by,
            }
        )
    # Refused by the Region: not counted (the partner is not reimbursed for it).
    counted = [r for r in rows if r["sync_state"] != "rejected"]
    totals = {
        "sales": sum(1 for r in counted if r["kind"] != "void"),
        "voids": sum(1 for r in counted if r["kind"] == "void"),
        "benefit_cents": sum(r["signed_amount_cents"] for r in counted),
        "price_cents": sum(
            -r["price_cents"] if r["kind"] == "void" else r["price_cents"] for r in counted
        ),
        "complement_cents": sum(
            -r["complement_cents"] if r["kind"] == "void" else r["complement_cents"]
            for r in counted
        ),
        "rejected": len(rows) - len(counted),
    }
    data = {"ok": True, "transactions": rows, "totals": totals}
    if not rows:
        return _emit(args, data, OK, "Aucune transaction." if not (args.today or args.search)
                     else "Aucune transaction ne correspond.")  # fmt: skip
    now = till.now()
    lines = []
    for r, e in zip(rows, entries, strict=True):
        t = e.transaction
        when = t.created_at.astimezone(now.tzinfo)
        kind = "Annulation" if r["kind"] == "void" else "Vente"
        lines.append(
            f"{when:%d/%m %H:%M}  {r['reference']}  {kind:10}  {r['benefit'][:22]:22} "
            f"{format_euros(r['signed_amount_cents']):>11}  "
            f"prix {format_euros(-t.price_cents if r['kind'] == 'void' else t.price_cents):>10}  "
            f"{r['sync_state_label']:22}  {t.holder_name or '—'}"
        )
    lines.append(
        f"Total : {totals['sales']} vente(s), {totals['voids']} annulation(s) ; "
        f"avantages {format_euros(totals['benefit_cents'])}, "
        f"payé en complément {format_euros(totals['complement_cents'])}, "
        f"prix publics {format_euros(totals['price_cents'])}"
        + (
            f" ({totals['rejected']} refusée(s) par la Région, non comptée(s))"
            if totals["rejected"]
            else ""
        )
        + "."
    )
    lines += [
        f"  {r['reference']} : {r['server_reason_text']}" for r in rows if r["server_reason_text"]
    ]
    return _emit(args, data, OK, "\n".join(lines))


def _checkin(till: Till, args: argparse.Namespace) -> int:
    verdict = till.check_in(args.bon_plan_id, _read_payload(args), id_checked=args.id_checked)
    message = verdict.message
    if verdict.reason == "id_check_required":
        message = f"{message} {ID_CHECK_HINT}"
    data = {**verdict_json(verdict), "message": message}
    return _emit(args, data, OK if verdict.accepted else REFUSAL, message)


def _bons_plans(till: Till, args: argparse.Namespace) -> int:
    plans = [
        {
            "id": plan.id,
            "title": plan.title,
            "starts_at": plan.starts_at.isoformat(),
            "came": sorted(label for who, label in plan.entries.items() if who in came),
            "not_yet": sorted(label for who, label in plan.entries.items() if who not in came),
        }
        for plan, came in till.bons_plans()
    ]
    text = "\n".join(
        f"{p['title']} ({p['id']}) : {len(p['came'])} venu(s) sur "
        f"{len(p['came']) + len(p['not_yet'])}. Pas encore venus : "
        f"{', '.join(p['not_yet']) or 'personne'}"
        for p in plans
    )
    return _emit(args, {"ok": True, "bons_plans": plans}, OK, text or "Aucun bon plan.")


def _operator(till: Till, args: argparse.Namespace) -> int:
    if args.action == "list":
        names = till.operators()
        return _emit(args, {"ok": True, "operators": names}, OK, "\n".join(names) or "Aucun.")
    if not args.name:
        raise TillError("operator_name", "Indiquez le nom du caissier ou de la caissière.")
    if args.action == "remove":
        till.remove_operator(args.name)
        return _emit(args, {"ok": True}, OK, f"Opérateur {args.name} retiré.")
    pin = args.pin or getpass.getpass("Code personnel (4 à 8 chiffres) : ")
    name = till.add_operator(args.name, pin, replace=args.action == "reset")
    done = "code réinitialisé" if args.action == "reset" else "ajouté"
    return _emit(args, {"ok": True, "operator": name}, OK, f"Opérateur {name} {done}.")


def _purge(till: Till, args: argparse.Namespace) -> int:
    report = till.purge(force=args.force)
    data = {
        "ok": True,
        "transactions_destroyed": report.transactions,
        "unsent_destroyed": report.unsent,
        "removed": [str(path) for path in report.removed],
    }
    text = (
        f"Données de la caisse détruites : {report.transactions} transaction(s), "
        f"dont {report.unsent} non envoyée(s). Le jeton de la caisse est effacé."
    )
    return _emit(args, data, OK, text)


def _reimbursements(till: Till, args: argparse.Namespace) -> int:
    from pos_app.cli_money import run_reimbursements

    return run_reimbursements(till, args)


def _export(till: Till, args: argparse.Namespace) -> int:
    from pos_app.cli_money import run_export

    return run_export(till, args)


def _receipt(till: Till, args: argparse.Namespace) -> int:
    from pos_app.counter_settings import load_settings
    from pos_app.printing.service import ReceiptService

    service = ReceiptService(till)
    if args.receipt_action == "print":
        issued = service.print_receipt(
            args.txn_id, load_settings(till.data_dir), operator=args.operator,
            duplicate=args.duplicate,
        )  # fmt: skip
        where = f"imprimé sur {issued.where}"
    elif args.receipt_action == "pdf":
        if args.output is None:
            raise TillError("output_missing", "Indiquez le fichier PDF à écrire : -o FICHIER.")
        issued = service.save_pdf(
            args.txn_id, args.output, operator=args.operator, duplicate=args.duplicate
        )
        where = f"enregistré dans {issued.where}"
    else:
        raise TillError("receipt_action_missing", "Précisez : receipt print ou receipt pdf.")
    data = {
        "ok": True,
        "transaction": issued.txn_id,
        "ticket": issued.ticket,
        "duplicate": issued.duplicate,
        "output": issued.output,
        "printer" if issued.output != "pdf" else "file": issued.where,
    }
    if issued.warning:
        data["warning"] = issued.warning
    kind = "DUPLICATA du reçu" if issued.duplicate else "Reçu"
    text = f"{kind} du ticket n° {issued.ticket:06d} {where}."
    if issued.warning:
        text += "\n" + issued.warning
    return _emit(args, data, OK, text)


def _close(till: Till, args: argparse.Namespace) -> int:
    from pos_app.back_office.closes import DailyCloses, parse_day, parse_period
    from pos_app.domain.closes import CloseKind

    closes = DailyCloses(till)
    if not 24 <= args.width <= 64:
        raise TillError("width_invalid", "Largeur du ticket entre 24 et 64 caractères.")
    needs = {"show": "le numéro de la clôture", "month": "le mois (AAAA-MM)", "year": "l'année"}
    if args.action in needs and not args.which:
        raise TillError("close_which_missing", f"Indiquez {needs[args.action]}.")
    if args.action not in needs and args.which:
        raise TillError("close_usage", f"Argument inattendu : « {args.which} ».")
    if args.action is not None and args.date:
        raise TillError("close_usage", "--date ne sert qu'à faire une clôture.")
    if args.action == "list":
        made = closes.closes()
        data = {"ok": True, "closes": [_close_json(c) for c in made]}
        lines = [_close_summary(c) for c in made]
        return _emit(args, data, OK, "\n".join(lines) or "Aucune clôture.")
    provisional = False
    if args.action == "show":
        try:
            number = int(args.which)
        except ValueError as exc:
            raise TillError("close_number_invalid", "Le numéro de clôture est un nombre.") from exc
        shown = [closes.find(CloseKind.DAY, number)]
    elif args.action in ("month", "year"):
        kind = CloseKind.MONTH if args.action == "month" else CloseKind.YEAR
        view = closes.period(kind, parse_period(args.which, kind))
        shown, provisional = [view.close], view.provisional
    else:
        shown = list(closes.close(parse_day(args.date) if args.date else None))
    text = []
    for close in shown:
        if provisional:
            text.append("PROVISOIRE : période en cours, pas encore clôturée")
        text += [*closes.lines(close, args.width), ""]
    data: dict[str, Any] = {
        "ok": True,
        "closes": [{**_close_json(c), "provisional": provisional} for c in shown],
    }
    # The day's close when several were made (missed days, month, year): the last daily.
    days = [c for c in shown if c.kind is CloseKind.DAY]
    chosen = days[-1] if days else shown[-1]
    if args.print_ticket:
        from pos_app.counter_settings import load_settings
        from pos_app.printing.service import ReceiptService

        try:
            printer = ReceiptService(till).print_document(
                lambda columns: closes.lines(chosen, columns), load_settings(till.data_dir)
            )
        except TillError as exc:  # the close is made all the same: say both
            data.update(ok=False, error=exc.code, message=exc.message)
            text.append(f"La clôture est faite, mais elle n'a pas été imprimée. {exc.message}")
            return _emit(args, data, exc.exit_code, "\n".join(text))
        data["printed_on"] = printer
        text.append(f"Imprimée sur {printer}.")
    if args.pdf:
        try:
            written = closes.write_pdf(chosen, args.pdf)
        except TillError as exc:  # the close is made all the same: say both
            data.update(ok=False, error=exc.code, message=exc.message)
            text.append(f"La clôture est faite, mais le PDF n'a pas pu être écrit. {exc.message}")
            return _emit(args, data, exc.exit_code, "\n".join(text))
        data["pdf"] = str(written)
        text.append(f"PDF écrit : {written}")
    return _emit(args, data, OK, "\n".join(text).rstrip())


def _close_json(close: Any) -> dict[str, Any]:
    return {**close.content(), "hash": close.hash}


def _close_summary(close: Any) -> str:
    from pos_app.domain.close_report import period_label, title

    return (
        f"{title(close):30} {period_label(close):28} {close.totals.sales:5} vente(s) "
        f"{format_euros(close.totals.benefit_cents):>12}  grand total "
        f"{format_euros(close.grand_total.benefit_cents)}"
    )


_HANDLERS = {
    "reimbursements": _reimbursements,
    "export": _export,
    "enroll": _enroll,
    "sync": _sync,
    "status": _status,
    "check": _check,
    "charge": _charge,
    "void": _void,
    "history": _history,
    "purge": _purge,
    "checkin": _checkin,
    "bons-plans": _bons_plans,
    "operator": _operator,
    "receipt": _receipt,
    "close": _close,
}


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    credential = verdict.credential
    return {
        "ok": verdict.accepted,
        "accepted": verdict.accepted,
        "reason": verdict.reason,
        "message": verdict.message,
        "holder": (
            {
                "name": credential.holder_name,
                "birth_date": credential.birth_date.isoformat() if credential.birth_date else None,
                "support": credential.support.value,
                "serial": credential.serial,
            }
            if credential
            else None
        ),
        "confirm_identity": verdict.confirm_identity,
        "cautions": list(verdict.cautions),
        "wallets": [
            {
                "scheme": w.scheme_id,
                "category": w.category_id,
                "label": w.label,
                "balance_cents": w.balance_cents,
                "single_use": w.single_payment or w.voucher,
                "whole_transfer": w.single_payment and not w.voucher,
                "item_kinds": [item for item, _ in w.item_kinds],
                "needs_guardian": w.needs_guardian,
                "notes": w.notes,
            }
            for w in verdict.wallets
        ],
    }


def transaction_json(transaction: Transaction) -> dict[str, Any]:
    data = asdict(transaction)
    data["kind"] = transaction.kind.value
    data["created_at"] = transaction.created_at.isoformat()
    return data


def _emit(args: argparse.Namespace, data: dict[str, Any], code: int, text: str = "") -> int:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False))
    else:
        stream = sys.stdout if code == OK else sys.stderr
        print(text or data.get("message", ""), file=stream)
    return code


__all__ = ["INPUT_ERROR", "main"]
