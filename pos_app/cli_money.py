"""`atouts-pos reimbursements …` and `atouts-pos export …`: the partner's money, for a person
or an accountant's script (`--json`: one object; exit 0 success, 1 refusal, 2 input error)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pos_app.back_office.exports import export_csv
from pos_app.back_office.reimbursements import (
    BATCH_WORDS,
    PeriodView,
    Reimbursements,
    difference_text,
    payment_gap_text,
)
from pos_app.domain.money import format_euros
from pos_app.services import INPUT_ERROR, Till, TillError

OK = 0


def add_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    money = commands.add_parser(
        "reimbursements",
        parents=[common],
        help="remboursements de la Région : périodes, écarts, échéances",
        description="Chaque période : ce que la caisse a enregistré, ce que la Région a compté "
        "et payé, et chaque transaction qui diffère.",
    )
    money.add_argument(
        "action",
        nargs="?",
        default="list",
        metavar="ACTION",
        choices=["list", "show", "differences", "received", "letter"],
        help="list (défaut), show PÉRIODE, differences, received LOT --date JJ/MM/AAAA, "
        "letter PÉRIODE -o FICHIER.pdf (lettre de contestation)",
    )
    money.add_argument(
        "target", nargs="?", metavar="PÉRIODE_OU_LOT", help="période (2026-03, 2026-W14) ou lot"
    )
    money.add_argument(
        "--scheme", metavar="DISPOSITIF", help="dispositif, si la période est ambiguë"
    )
    money.add_argument(
        "--date", metavar="JJ/MM/AAAA", help="date de réception du virement (received)"
    )
    money.add_argument("--operator", default="", metavar="NOM", help="qui le note")
    money.add_argument("-o", "--output", type=Path, help="fichier PDF de la lettre (letter)")

    export = commands.add_parser(
        "export", parents=[common], help="exporter les transactions (CSV pour la comptabilité)"
    )
    export.add_argument(
        "format",
        choices=["csv", "pdf"],
        metavar="FORMAT",
        help="csv (une ligne par transaction) ou pdf (relevé)",
    )
    export.add_argument("--period", metavar="PÉRIODE", help="une seule période (2026-03, 2026-W14)")
    export.add_argument(
        "-o", "--output", type=Path, required=True, help="fichier à écrire (ex. mars.csv)"
    )


def run_reimbursements(till: Till, args: argparse.Namespace) -> int:
    service = Reimbursements(till)
    if args.action == "received":
        return _received(service, args)
    if args.action == "letter":
        return _letter(till, args)
    if args.action == "show":
        if not args.target:
            raise TillError("period_missing", "Précisez la période, ex. 2026-03.", INPUT_ERROR)
        view = service.period(args.target, args.scheme)
        return _emit(args, {"ok": True, "period": period_json(view)}, _details(till, view))
    views = service.periods()
    if args.action == "differences":
        views = [view for view in views if view.check.differences or view.check.gap_cents]
        text = "\n\n".join(_details(till, view) for view in views) or "Aucun écart."
        return _emit(args, {"ok": True, "periods": [period_json(v) for v in views]}, text)
    return _emit(args, {"ok": True, "periods": [period_json(v) for v in views]}, _table(views))


def run_export(till: Till, args: argparse.Namespace) -> int:
    if args.format == "pdf":
        from pos_app.back_office.statement_pdf import write_statement_pdf

        path = write_statement_pdf(till, args.output, args.period)
        return _emit(args, {"ok": True, "path": str(path)}, f"Relevé écrit dans {path}.")
    done = export_csv(till, args.output, args.period)
    return _emit(
        args,
        {"ok": True, "path": str(done.path), "rows": done.rows},
        f"{done.rows} transaction(s) exportée(s) dans {done.path}.",
    )


def _letter(till: Till, args: argparse.Namespace) -> int:
    if not args.target or not args.output:
        raise TillError(
            "letter_missing",
            "Précisez la période et le fichier : letter 2026-03 -o contestation.pdf.",
            INPUT_ERROR,
        )
    from pos_app.back_office.dispute_letter import write_dispute_letter

    path = write_dispute_letter(till, args.output, args.target, args.scheme)
    return _emit(
        args,
        {"ok": True, "path": str(path)},
        f"Lettre de contestation écrite dans {path} : à envoyer en recommandé avec accusé "
        "de réception.",
    )


def _received(service: Reimbursements, args: argparse.Namespace) -> int:
    if not args.target or not args.date:
        raise TillError(
            "received_missing",
            "Précisez le lot et la date : received LOT --date JJ/MM/AAAA.",
            INPUT_ERROR,
        )
    day = _parse_day(args.date)
    service.confirm_receipt(args.target, day, args.operator)
    return _emit(
        args,
        {"ok": True, "batch_id": args.target, "received_on": day.isoformat()},
        f"Réception du paiement {args.target} notée au {day:%d/%m/%Y}.",
    )


def _parse_day(text: str) -> date:
    for parse in (date.fromisoformat, _french_day):
        try:
            return parse(text)
        except ValueError:
            continue
    raise TillError("date_invalid", f"Date illisible : {text!r} (attendu JJ/MM/AAAA).", INPUT_ERROR)


def _french_day(text: str) -> date:
    day, month, year = text.split("/")
    return date(int(year), int(month), int(day))


def period_json(view: PeriodView) -> dict[str, Any]:
    check = view.check
    batch = check.batch
    return {
        "scheme_id": check.scheme_id,
        "period": check.period.key,
        "start": check.period.start.isoformat(),
        "end": check.period.end.isoformat(),
        "state": check.state.value,
        "till_cents": check.till_cents,
        "region_counted_cents": check.region_cents,
        "paid_cents": check.paid_cents,
        "gap_cents": check.gap_cents,
        "refused_cents": check.refused_cents,
        "batch": None
        if batch is None
        else {
            "id": batch.id,
            "status": batch.status.value,
            "counted_cents": batch.counted_cents,
            "rejected_cents": batch.rejected_cents,
            "due_by": batch.due_by.isoformat() if batch.due_by else None,
            "paid_on": batch.paid_on.isoformat() if batch.paid_on else None,
            "transfer_ref": batch.transfer_ref,
        },
        "differences": [
            {
                "id": line.txn_id,
                "kind": line.kind,
                "created_at": line.created_at.isoformat(),
                "difference": line.difference.value,
                "reason": line.reason,
                "till_cents": line.till_cents,
                "region_cents": line.region_cents,
                "gap_cents": line.gap_cents,
                "message": difference_text(line),
            }
            for line in check.differences
        ],
        "dispute": None
        if view.dispute is None
        else {
            "state": view.dispute.state.value,
            "received_on": view.dispute.received_on.isoformat(),
            "received_confirmed": view.dispute.confirmed,
            "deadline": view.dispute.deadline.isoformat() if view.dispute.deadline else None,
            "days_left": view.dispute.days_left,
            "message": view.dispute.message,
        },
    }


def _money(cents: int | None) -> str:
    return "—" if cents is None else format_euros(cents)


def _table(views: list[PeriodView]) -> str:
    if not views:
        return "Aucune période : la caisse n'a rien enregistré et la Région n'a rien compté."
    header = (
        f"{'Période':<10} {'Statut':<11} {'Caisse':>12} {'Compté':>12} {'Payé':>12} "
        f"{'Refusé':>12} Écart"
    )
    rows = [header]
    for view in views:
        check = view.check
        gap = format_euros(check.gap_cents) if check.gap_cents else ""
        rows.append(
            f"{check.period.key:<10} {view.state_text:<11} {_money(check.till_cents):>12} "
            f"{_money(check.region_cents):>12} {_money(check.paid_cents):>12} "
            f"{_money(check.refused_cents) if check.refused_cents else '':>12} {gap}"
        )
        if view.dispute is not None:
            rows.append(f"           {view.dispute.message}")
    return "\n".join(rows)


def _details(till: Till, view: PeriodView) -> str:
    check = view.check
    zone = till.schemes[check.scheme_id].zone
    batch = check.batch
    lines = [
        f"{check.period.label} ({check.scheme_id}) : {view.state_text}",
        f"  Enregistré par la caisse : {_money(check.till_cents)}",
        f"  Compté par la Région     : {_money(check.region_cents)}",
    ]
    if batch is not None:
        lines.append(
            f"  Lot {batch.id} : {BATCH_WORDS[batch.status]}, compté {_money(batch.counted_cents)}"
            + (
                f", payé {_money(batch.paid_cents)} le {batch.paid_on:%d/%m/%Y}"
                if batch.paid_on
                else ""
            )
            + (f", virement {batch.transfer_ref}" if batch.transfer_ref else "")
        )
        if batch.due_by and batch.paid_on is None:
            lines.append(f"  Paiement attendu au plus tard le {batch.due_by:%d/%m/%Y}")
    if check.payment_gap_cents:
        lines.append(f"  {payment_gap_text(check.payment_gap_cents)}")
    for line in check.differences:
        gap = f" (écart {format_euros(line.gap_cents)})" if line.gap_cents else ""
        lines.append(
            f"  • {line.txn_id} du {line.created_at.astimezone(zone):%d/%m/%Y %H:%M} : "
            f"{difference_text(line)}{gap}"
        )
    if view.dispute is not None:
        lines.append(f"  {view.dispute.message}")
    return "\n".join(lines)


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> int:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(text, file=sys.stdout)
    return OK
