"""NUMÉRISAK deposit slips as the till keeps them (migration 15): the slip, its lines (one voucher
sale each, on one slip at most) and the Region's acknowledgement written once on each line.

Works on the connection of a `TillStore` (the counter's, under the till's operation lock, or
the sync round's companion); triggers refuse a gap in the numbers, a changed slip, a second
answer.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime

from pos_app.domain.claims import LineStatus, Slip, SlipLine, SlipState, VoucherSale
from pos_app.domain.text import Text
from pos_app.store.db import StoreError, write_transaction

log = logging.getLogger(__name__)

_SALES = (
    "SELECT l.txn_id, l.created_at, l.scheme_id, l.voucher_serial, l.equipment_serial, "
    "l.amount_cents, l.price_cents, "
    "EXISTS (SELECT 1 FROM ledger v WHERE v.voids = l.txn_id), o.state, o.reason "
    "FROM ledger l JOIN outbox o ON o.txn_id = l.txn_id "
    "WHERE l.kind = 'debit' AND l.voucher_serial != ''"
)


class ClaimTables:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _transaction(self) -> AbstractContextManager[None]:
        return write_transaction(self.conn)

    # --- reading ----------------------------------------------------------------------------

    def voucher_sales(self, scheme_ids: set[str]) -> list[VoucherSale]:
        """Every voucher sale of the ledger of these schemes, in ledger order."""
        if not scheme_ids:
            return []
        marks = ", ".join("?" * len(scheme_ids))
        rows = self.conn.execute(
            f"{_SALES} AND l.scheme_id IN ({marks}) ORDER BY l.seq", sorted(scheme_ids)
        )
        return [_sale(row) for row in rows]

    def claimed_ids(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT txn_id FROM claim_lines")}

    def slips(self) -> list[Slip]:
        """Every slip, oldest first, with its lines in the order they were listed."""
        lines: dict[int, list[SlipLine]] = {}
        for number, status, reason, *sale in self.conn.execute(
            "SELECT c.number, c.status, c.reason, l.txn_id, l.created_at, l.scheme_id, "
            "l.voucher_serial, l.equipment_serial, l.amount_cents, l.price_cents, "
            "EXISTS (SELECT 1 FROM ledger v WHERE v.voids = l.txn_id), o.state, o.reason "
            "FROM claim_lines c JOIN ledger l ON l.txn_id = c.txn_id "
            "JOIN outbox o ON o.txn_id = l.txn_id ORDER BY c.number, c.position"
        ):
            lines.setdefault(number, []).append(SlipLine(_sale(sale), LineStatus(status), reason))
        slips = []
        for row in self.conn.execute(
            "SELECT number, deposit_id, handed_in, made_at, operator, state, answered_at, "
            "batch_ids, error FROM claim_slips ORDER BY number"
        ):
            number, deposit_id, handed_in, made_at, operator, state, answered_at, batch_ids = row[
                :8
            ]
            slips.append(
                Slip(
                    number=number,
                    deposit_id=deposit_id,
                    handed_in=date.fromisoformat(handed_in),
                    made_at=datetime.fromisoformat(made_at),
                    lines=tuple(lines.get(number, ())),
                    operator=operator,
                    state=SlipState(state),
                    answered_at=datetime.fromisoformat(answered_at) if answered_at else None,
                    batch_ids=tuple(json.loads(batch_ids)),
                    error=row[8],
                )
            )
        return slips

    def waiting(self) -> list[Slip]:
        """The slips the Region has not answered yet, oldest first."""
        return [slip for slip in self.slips() if slip.state is SlipState.WAITING]

    # --- writing ----------------------------------------------------------------------------

    def make(
        self,
        device_id: str,
        deposit_id_of: Callable[[str, int], str],
        handed_in: date,
        sales: Sequence[VoucherSale],
        at: datetime,
        operator: str = "",
    ) -> int:
        """Record a new slip of `sales` under the next number; returns the number. The
        number is taken inside the write transaction: two slips never share one."""
        try:
            with self._transaction():
                number = int(
                    self.conn.execute(
                        "SELECT coalesce(max(number), 0) + 1 FROM claim_slips"
                    ).fetchone()[0]
                )
                self.conn.execute(
                    "INSERT INTO claim_slips (number, deposit_id, handed_in, made_at, operator) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (number, deposit_id_of(device_id, number), handed_in.isoformat(),
                     at.isoformat(), operator),
                )  # fmt: skip
                self.conn.executemany(
                    "INSERT INTO claim_lines (number, position, txn_id) VALUES (?, ?, ?)",
                    [(number, position, sale.txn_id) for position, sale in enumerate(sales)],
                )
        except sqlite3.IntegrityError as exc:
            log.error("deposit slip refused by the database: %s", exc)
            raise StoreError(
                "claim_conflict_local",
                Text(
                    "Un de ces bons est déjà sur un bordereau (fait à l'instant ailleurs ?) : "
                    "rien n'a été enregistré, recommencez."
                ),
            ) from exc
        except sqlite3.OperationalError as exc:
            log.error("could not record a deposit slip: %s", exc)
            raise StoreError(
                "claim_write_failed",
                Text(
                    "Impossible d'enregistrer le bordereau (disque plein ou protégé ?) : rien "
                    "n'a été enregistré. Libérez de l'espace puis recommencez."
                ),
            ) from exc
        return number

    def acknowledge(
        self,
        number: int,
        batch_ids: Sequence[str],
        acknowledgements: Mapping[str, tuple[LineStatus, str]],
        at: datetime,
    ) -> None:
        """The Region's answer to slip `number`: every line's acknowledgement, at once."""
        with self._transaction():
            self.conn.executemany(
                "UPDATE claim_lines SET status = ?, reason = ? WHERE number = ? AND txn_id = ?",
                [
                    (status.value, reason, number, txn_id)
                    for txn_id, (status, reason) in acknowledgements.items()
                ],
            )
            self.conn.execute(
                "UPDATE claim_slips SET state = 'acknowledged', answered_at = ?, batch_ids = ?, "
                "error = '', attempts = attempts + 1 WHERE number = ?",
                (at.isoformat(), json.dumps(list(batch_ids)), number),
            )

    def refuse(self, number: int, code: str, message: str, at: datetime) -> None:
        """The Region refused the whole slip: its lines are refused with `code`."""
        with self._transaction():
            self.conn.execute(
                "UPDATE claim_lines SET status = 'refused', reason = ? "
                "WHERE number = ? AND status = 'pending'",
                (code, number),
            )
            self.conn.execute(
                "UPDATE claim_slips SET state = 'refused', answered_at = ?, error = ?, "
                "attempts = attempts + 1 WHERE number = ?",
                (at.isoformat(), message, number),
            )

    def note_failure(self, number: int, message: str) -> None:
        """The slip still waits: say why the last sending did not get through."""
        with self._transaction():
            self.conn.execute(
                "UPDATE claim_slips SET error = ?, attempts = attempts + 1 WHERE number = ?",
                (message, number),
            )


def _sale(row: Sequence[object]) -> VoucherSale:
    txn_id, created, scheme, voucher, equipment, amount, price, voided, state, reason = row
    return VoucherSale(
        txn_id=str(txn_id),
        sold_at=datetime.fromisoformat(str(created)),
        scheme_id=str(scheme),
        voucher_serial=str(voucher),
        equipment_serial=str(equipment),
        amount_cents=int(amount),  # type: ignore[call-overload]
        price_cents=int(price),  # type: ignore[call-overload]
        voided=bool(voided),
        region_state=str(state),
        region_reason=str(reason or ""),
    )
