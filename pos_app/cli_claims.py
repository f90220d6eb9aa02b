"""`atouts-pos claims …`: NUMÉRISAK deposit slips (bordereaux de dépôt, seed 003 §3.4), for a
retailer or its till software (`--json`: one object; exit 0 success, 1 refusal, 2 input error).

    atouts-pos claims                                  vouchers to deposit, slips and their status
    atouts-pos claims deposit [--txn ID …] [--date JJ/MM/AAAA] [-o bordereau.pdf]
    atouts-pos claims show DEP-…                       a slip and the Region's acknowledgements
    atouts-pos claims pdf DEP-… -o FICHIER.pdf
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

from pos_app.back_office.claims import Claims, parse_handed_in
from pos_app.domain.batches import rejection_text
from pos_app.domain.claims import Slip, SlipLine, VoucherSale
from pos_app.domain.money import format_euros
from pos_app.domain.periods import local_day
from pos_app.services import INPUT_ERROR, Till, TillError

OK = 0
Handler = Callable[[Till, argparse.Namespace], int]


def add_parsers(
    commands: Any, common: argparse.ArgumentParser, handlers: MutableMapping[str, Handler]
) -> None:
    claims = commands.add_parser(
        "claims",
        parents=[common],
        help="NUMÉRISAK : bordereaux de dépôt des bons et accusés de la Région",
        description="Sans action : les bons NUMÉRISAK vendus à déposer et les bordereaux faits, "
        "avec l'accusé de réception de la Région. deposit : faire un bordereau (tous les bons "
        "à déposer, ou --txn), l'envoyer à la Région (tout de suite si elle répond, sinon à la "
        "prochaine synchronisation). show DEP-… : un bordereau. pdf DEP-… -o FICHIER : son PDF.",
    )
    claims.add_argument(
        "action",
        nargs="?",
        default="list",
        choices=["list", "deposit", "show", "pdf"],
        metavar="ACTION",
        help="list (défaut), deposit, show BORDEREAU, pdf BORDEREAU",
    )
    claims.add_argument(
        "deposit_id",
        nargs="?",
        metavar="BORDEREAU",
        help="n° du bordereau (DEP-…), pour show et pdf",
    )
    claims.add_argument(
        "--txn",
        action="append",
        metavar="RÉFÉRENCE",
        help="une vente à déposer (identifiant ou ses 8 premiers caractères) ; répétable",
    )
    claims.add_argument(
        "--date",
        metavar="JJ/MM/AAAA",
        help="jour de remise des bons à la Région (défaut : aujourd'hui)",
    )
    claims.add_argument("-o", "--output", type=Path, help="fichier PDF du bordereau")
    claims.add_argument("--operator", default="", help="qui fait le bordereau")
    handlers["claims"] = run_claims


def run_claims(till: Till, args: argparse.Namespace) -> int:
    service = Claims(till)
    if args.action in ("list", "deposit") and args.deposit_id:
        raise TillError("claims_usage", f"Argument inattendu : « {args.deposit_id} ».", INPUT_ERROR)
    if args.action != "deposit" and (args.txn or args.date):
        raise TillError("claims_usage", "--txn et --date ne servent qu'à deposit.", INPUT_ERROR)
    if args.action == "list":
        if args.output:
            raise TillError("claims_usage", "-o sert à deposit et pdf.", INPUT_ERROR)
        return _list(service, args)
    if args.action == "deposit":
        return _deposit(service, args)
    if not args.deposit_id:
        raise TillError(
            "deposit_id_missing", "Indiquez le numéro du bordereau, ex. DEP-…-0001.", INPUT_ERROR
        )
    slip = service.slip(args.deposit_id)
    if args.action == "pdf":
        if args.output is None:
            raise TillError("output_missing", "Indiquez le fichier PDF à écrire : -o FICHIER.")
        path = service.write_pdf(slip, args.output)
        return _emit(
            args, {"ok": True, "slip": slip_json(slip), "pdf": str(path)}, f"PDF écrit : {path}"
        )
    text = _details(slip, till)
    if args.output:
        path = service.write_pdf(slip, args.output)
        text += f"\nPDF écrit : {path}"
    return _emit(args, {"ok": True, "slip": slip_json(slip)}, text)


def _list(service: Claims, args: argparse.Namespace) -> int:
    sales = service.claimable()
    slips = service.slips()
    data = {
        "ok": True,
        "claimable": [sale_json(sale) for sale in sales],
        "slips": [slip_json(slip) for slip in slips],
    }
    text = ["Bons NUMÉRISAK à déposer :"]
    text += [f"  {_sale_line(sale, service.till)}" for sale in sales] or ["  aucun"]
    text.append("Bordereaux :")
    text += [f"  {_slip_summary(slip)}" for slip in slips] or ["  aucun"]
    return _emit(args, data, "\n".join(text))


def _deposit(service: Claims, args: argparse.Namespace) -> int:
    handed_in = parse_handed_in(args.date) if args.date else None
    slip = service.deposit(args.txn, handed_in, args.operator)
    slip, sending = service.send(slip)
    data: dict[str, Any] = {
        "ok": True,
        "slip": slip_json(slip),
        "sent": sending.sent,
        "message": sending.message,
    }
    text = [
        f"Bordereau {slip.deposit_id} fait : {len(slip.lines)} bon(s), "
        f"{format_euros(slip.totals.total_cents)}, remis le {slip.handed_in:%d/%m/%Y}.",
        sending.message,
    ]
    if slip.state.value == "acknowledged":
        text.append(_acknowledgement_summary(slip))
    if args.output:
        try:
            path = service.write_pdf(slip, args.output)
        except TillError as exc:  # the slip is made all the same: say both
            data.update(ok=False, error=exc.code, message=exc.message)
            text.append(f"Le bordereau est fait, mais le PDF n'a pas pu être écrit. {exc.message}")
            return _emit(args, data, "\n".join(text), exc.exit_code)
        data["pdf"] = str(path)
        text.append(f"PDF écrit : {path} (à remettre à la Région avec les bons).")
    return _emit(args, data, "\n".join(text))


# --- text -------------------------------------------------------------------------------------


def _sold_day(sale: VoucherSale, till: Till) -> str:
    scheme = till.schemes.get(sale.scheme_id)
    day = local_day(scheme, sale.sold_at) if scheme else sale.sold_at.date()
    return f"{day:%d/%m/%Y}"


def _sale_line(sale: VoucherSale, till: Till) -> str:
    refused = (
        f"  (refusée par la Région à l'envoi : {rejection_text(sale.region_reason)})"
        if sale.region_state == "rejected"
        else ""
    )
    return (
        f"{sale.txn_id[:8]}  bon {sale.voucher_serial}  étiquette {sale.label}  "
        f"PC {sale.equipment_serial or '—'}  {format_euros(sale.amount_cents):>10}  "
        f"vendu le {_sold_day(sale, till)}{refused}"
    )


def _slip_summary(slip: Slip) -> str:
    totals = slip.totals
    text = (
        f"{slip.deposit_id}  remis le {slip.handed_in:%d/%m/%Y}  {totals.vouchers} bon(s)  "
        f"{format_euros(totals.total_cents):>10}  {slip.state_text}"
    )
    if slip.state.value == "acknowledged":
        text += f" : {totals.accepted} accepté(s), {totals.refused} refusé(s)"
    if slip.error:
        text += f"\n    {slip.error}"
    return text


def _acknowledgement_summary(slip: Slip) -> str:
    totals = slip.totals
    text = (
        f"Accusé de la Région : {totals.accepted} bon(s) accepté(s) "
        f"({format_euros(totals.accepted_cents)}), {totals.refused} refusé(s)"
    )
    if slip.batch_ids:
        text += f" ; lot {', '.join(slip.batch_ids)}"
    return text + "."


def _details(slip: Slip, till: Till) -> str:
    totals = slip.totals
    lines = [
        f"Bordereau {slip.deposit_id} (n° {slip.number} de cette caisse) : {slip.state_text}",
        f"  Remis à la Région le {slip.handed_in:%d/%m/%Y}, {totals.vouchers} bon(s), "
        f"{format_euros(totals.total_cents)}",
    ]
    for line in slip.lines:
        lines.append(f"  • {_sale_line(line.sale, till)}")
        lines.append(f"      Accusé de la Région : {line.status_text}")
    if slip.state.value == "acknowledged":
        lines.append("  " + _acknowledgement_summary(slip))
    if slip.error:
        lines.append(f"  {slip.error}")
    return "\n".join(lines)


# --- JSON -------------------------------------------------------------------------------------


def sale_json(sale: VoucherSale) -> dict[str, Any]:
    return {
        "id": sale.txn_id,
        "sold_at": sale.sold_at.isoformat(),
        "scheme_id": sale.scheme_id,
        "voucher_serial": sale.voucher_serial,
        "label": sale.label,
        "equipment_serial": sale.equipment_serial,
        "amount_cents": sale.amount_cents,
        "price_cents": sale.price_cents,
        "region_state": sale.region_state,
        "region_reason": sale.region_reason,
    }


def line_json(line: SlipLine) -> dict[str, Any]:
    return {
        **sale_json(line.sale),
        "acknowledgement": line.status.value,
        "reason": line.reason,
        "message": line.status_text,
    }


def slip_json(slip: Slip) -> dict[str, Any]:
    totals = slip.totals
    return {
        "deposit_id": slip.deposit_id,
        "number": slip.number,
        "handed_in": slip.handed_in.isoformat(),
        "made_at": slip.made_at.isoformat(),
        "operator": slip.operator,
        "state": slip.state.value,
        "state_text": slip.state_text,
        "answered_at": slip.answered_at.isoformat() if slip.answered_at else None,
        "batch_ids": list(slip.batch_ids),
        "error": slip.error or None,
        "vouchers": totals.vouchers,
        "total_cents": totals.total_cents,
        "accepted": totals.accepted,
        "accepted_cents": totals.accepted_cents,
        "refused": totals.refused,
        "refused_cents": totals.refused_cents,
        "lines": [line_json(line) for line in slip.lines],
    }


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str, code: int = OK) -> int:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(text, file=sys.stdout if code == OK else sys.stderr)
    return code
