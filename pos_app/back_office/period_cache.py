"""Each period's check of the ledger, kept in the till's file between questions: a busy
cinema's season is 100 000 entries, and reading them all back at every question takes a second.

What is kept is `PeriodLines` (the check of a period's entries, without its state: the state
depends on the batch's payment and on the day, both read again at every question, like the
receipts' dates), with what it was computed from. A kept period is checked again when:

- an entry is recorded in it, or a void of one of its entries (in whatever period the void is);
- the outbox row of one of its entries changes (an upload's answer, noted by a trigger);
- a batch whose lines it read changes its lines (digest) or its period, or a batch that changes
  lists one of its entries, or a batch of the period appears, changes or goes;
- it has an entry in no batch and the scheme's latest batch is another, or was counted another
  day (`PeriodLines.reads_latest`);
- its kept row is missing, unreadable, or not the one the kept list names (digest).

Anything else — another program version, other schemes' rules or time zones, another device,
an unreadable list — and every period is checked again. The checks of a per-claim scheme
(NUMÉRISAK: a period per deposit) are not kept: they are few, and always checked again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from pos_app import __version__
from pos_app.domain.batches import Batch
from pos_app.domain.periods import Period, PeriodError, parse_period, period_of, utc_spans
from pos_app.domain.reconciliation import (
    Agreed,
    Difference,
    LineCheck,
    PeriodLines,
    TillLine,
    check_lines,
    latest_batches,
)
from pos_app.domain.schemes import ReimbursementRhythm, Scheme
from pos_app.store.period_cache_store import Bucket, KeptChecks, Span
from pos_app.store.statements_store import StoredBatch
from pos_app.store.till_store import TillStore

FORMAT = 1
"""Raised when `PeriodLines` or the rules of `check_lines` change: every kept check is then
checked again (the program's version is in the fingerprint too)."""
Key = tuple[str, str]
MARGIN = timedelta(days=2)
"""An entry's ISO text starts with its day at the offset it was recorded with, at most a day
from the scheme's local day: the entries of a period are read from a span this much wider."""


@dataclass
class Plan:
    """What one question reads (in one read transaction), then computes and keeps."""

    device_id: str
    stored: list[StoredBatch]
    generation: int
    seq: int
    change: int
    clean: dict[Key, PeriodLines] = field(default_factory=dict)
    dirty: set[Key] | None = None
    """None: every period."""
    whole: frozenset[str] = frozenset()
    """The per-claim schemes: always checked again, never kept."""
    ledger: list[TillLine] = field(default_factory=list)
    batches: list[Batch] = field(default_factory=list)
    voided: set[str] | None = None
    agreed: list[Agreed] = field(default_factory=list)
    """Entries counted per period in SQL (`agrees`), left out of `ledger`."""

    @property
    def checked_again(self) -> int | None:
        """How many kept periods are checked again (None: every period)."""
        return None if self.dirty is None else len(self.dirty)


def fingerprint(schemes: Mapping[str, Scheme], device_id: str) -> str:
    rules = sorted((s.id, s.time_zone, s.reimbursement.value) for s in schemes.values())
    text = json.dumps([FORMAT, __version__, device_id, rules])
    return hashlib.sha256(text.encode()).hexdigest()


def prepare(store: TillStore) -> None:
    """Before the read transaction of a question: the outbox's changes are noted from now on,
    if they were not yet (so that none made while the first checks are computed is missed)."""
    if not store.period_checks.noting():
        store.period_checks.start_noting()


def read(store: TillStore, schemes: Mapping[str, Scheme], device_id: str) -> Plan:
    """After `prepare`, inside `store.period_checks.reading()`: what changed since the kept
    checks, and the entries and batch lines of the periods to check again (all, if need be)."""
    tables = store.period_checks
    stored = store.statements.headers(schemes)
    kept = tables.kept()
    seq, change = tables.high_water()
    plan = Plan(device_id, stored, kept.generation if kept else -1, seq, change)
    per_claim = {s.id for s in schemes.values() if s.reimbursement is ReimbursementRhythm.PER_CLAIM}
    meta = _meta(kept, schemes, device_id)
    if kept is not None and meta is not None:
        plan.clean, plan.dirty = _changes(store, schemes, plan, kept, meta)
    if plan.dirty is not None:
        # The per-claim schemes with entries (kept: the ledger is append-only) or batches.
        plan.whole = frozenset(plan.whole | {s.batch.scheme_id for s in stored}) & per_claim
    if plan.dirty is None or len(plan.dirty) * 2 > len(plan.clean) + len(plan.dirty):
        plan.dirty, plan.clean, plan.whole = None, {}, frozenset()
        _read_everything(store, schemes, plan)
        return plan
    try:
        spans = [
            Span(scheme_id, (p.start - MARGIN).isoformat(), (p.end + MARGIN).isoformat())
            for scheme_id, p in _periods(schemes, plan.dirty)
        ]
    except PeriodError:  # a kept key that names no period: check everything again
        plan.dirty, plan.clean = None, {}
        _read_everything(store, schemes, plan)
        return plan
    whole = sorted(plan.whole)
    if not spans and not whole:  # nothing changed: nothing to read
        plan.voided = set()
        return plan
    plan.ledger = tables.ledger_lines(spans, whole)
    lines = tables.batch_lines(spans, whole, device_id)
    plan.batches = [replace(s.batch, lines=tuple(lines.get(s.batch.id, ()))) for s in stored]
    plan.voided = tables.voided_ids()
    return plan


def _read_everything(store: TillStore, schemes: Mapping[str, Scheme], plan: Plan) -> None:
    """Every entry, for every period to be checked again: the entries that agree with the
    Region's line (`agrees`: a season's 100 000 are mostly these) counted per period in SQL,
    only the others read into `plan.ledger`, with their batch lines. The periods' instants
    are the domain's (`utc_spans`); a scheme whose periods are not intervals of time, and
    every entry whose time SQLite cannot read exactly, are read whole."""
    tables = store.period_checks
    own = {(s.batch.scheme_id, s.batch.period.key): s.batch.id for s in plan.stored}
    days: dict[str, list[date]] = {}
    for s in plan.stored:
        days.setdefault(s.batch.scheme_id, []).extend((s.batch.period.start, s.batch.period.end))
    buckets: list[Bucket] = []
    periods: list[tuple[str, Period]] = []
    for scheme_id, ends in sorted(days.items()):
        # Only the periods of a batch: an entry of a period without one never agrees.
        for span in utc_spans(schemes[scheme_id], min(ends), max(ends)) or ():
            own_batch = own.get((scheme_id, span.period.key))
            if own_batch is not None:
                buckets.append(Bucket(scheme_id, span.start, span.end, own_batch))
                periods.append((scheme_id, span.period))
    found = tables.agreed_read(plan.device_id, buckets, sorted(schemes))
    plan.agreed = [
        Agreed(scheme_id, period, found.cents[index])
        for index, (scheme_id, period) in enumerate(periods)
        if index in found.cents
    ]
    plan.ledger = found.rest
    plan.batches = [
        replace(s.batch, lines=tuple(found.lines.get(s.batch.id, ()))) for s in plan.stored
    ]
    plan.voided = tables.voided_ids()


def compute(plan: Plan, schemes: Mapping[str, Scheme]) -> dict[Key, PeriodLines]:
    """Every period's `PeriodLines`: the kept ones still true, the others checked again."""
    found = check_lines(
        schemes,
        plan.ledger,
        plan.batches,
        device_id=plan.device_id,
        voided=plan.voided,
        agreed=plan.agreed,
    )
    if plan.dirty is None:
        return found
    fresh = {key: part for key, part in found.items() if key in plan.dirty or key[0] in plan.whole}
    return {**plan.clean, **fresh}


def keep(
    store: TillStore, schemes: Mapping[str, Scheme], plan: Plan, lines: Mapping[Key, PeriodLines]
) -> bool:
    """Keep the checks computed from what `plan` read (refused if another question kept newer
    ones meanwhile)."""
    kept = {key: part for key, part in lines.items() if key[0] not in plan.whole}
    bodies = {key: json.dumps(_to_json(part), ensure_ascii=False) for key, part in kept.items()}
    meta = {
        "fingerprint": fingerprint(schemes, plan.device_id),
        "seq": plan.seq,
        "change": plan.change,
        "batches": {s.batch.id: _lines_key(s) for s in plan.stored},
        "latest": _latest(plan.stored),
        "claim_schemes": sorted(_claim_schemes(schemes, plan, lines)),
        "periods": [[*key, _digest(body)] for key, body in sorted(bodies.items())],
    }
    if plan.dirty is None:
        rows, gone = bodies, []
    else:
        rows = {key: bodies[key] for key in plan.dirty if key in bodies}
        gone = [key for key in plan.dirty if key not in bodies]
    return store.period_checks.keep(
        plan.generation,
        json.dumps(meta, ensure_ascii=False),
        rows,
        gone,
        everything=plan.dirty is None,
        change=plan.change,
    )


def _claim_schemes(
    schemes: Mapping[str, Scheme], plan: Plan, lines: Mapping[Key, PeriodLines]
) -> set[str]:
    """The per-claim schemes the ledger has entries of (even none yet in a period)."""
    per_claim = {s.id for s in schemes.values() if s.reimbursement is ReimbursementRhythm.PER_CLAIM}
    if plan.dirty is None:
        return {line.scheme_id for line in plan.ledger} & per_claim
    return set(plan.whole) | ({key[0] for key in lines} & per_claim)


def _meta(kept: KeptChecks | None, schemes: Mapping[str, Scheme], device: str) -> Any:
    if kept is None or not kept.body:
        return None
    try:
        meta = json.loads(kept.body)
    except ValueError:
        return None
    if not isinstance(meta, dict) or meta.get("fingerprint") != fingerprint(schemes, device):
        return None
    return meta


def _changes(
    store: TillStore,
    schemes: Mapping[str, Scheme],
    plan: Plan,
    kept: KeptChecks,
    meta: dict[str, Any],
) -> tuple[dict[Key, PeriodLines], set[Key] | None]:
    """The kept checks still true, and the periods to check again (None: every one)."""
    try:
        listed = {(scheme, key): digest for scheme, key, digest in meta["periods"]}
        seq, change = int(meta["seq"]), int(meta["change"])
        old_batches = dict(meta["batches"])
        old_latest = dict(meta["latest"])
        claim_schemes = [str(scheme_id) for scheme_id in meta["claim_schemes"]]
    except (KeyError, TypeError, ValueError):
        return {}, None
    clean: dict[Key, PeriodLines] = {}
    dirty: set[Key] = set()
    for key, digest in listed.items():
        body = kept.rows.get(key)
        part = _from_json(body) if body is not None and _digest(body) == digest else None
        if part is None or (part.scheme_id, part.period.key) != key:
            dirty.add(key)
        else:
            clean[key] = part
    tables = store.period_checks

    def touch(entries: Iterable[tuple[str, datetime]]) -> None:
        for scheme_id, created_at in entries:
            scheme = schemes.get(scheme_id)
            period = period_of(scheme, created_at) if scheme is not None else None
            if period is not None:
                dirty.add((scheme_id, period.key))

    new_entries = tables.entries_after(seq, change)
    touch(new_entries)
    per_claim = {s.id for s in schemes.values() if s.reimbursement is ReimbursementRhythm.PER_CLAIM}
    plan.whole = frozenset(claim_schemes).union(scheme for scheme, _ in new_entries) & per_claim
    now_batches = {s.batch.id: (s, _lines_key(s)) for s in plan.stored}
    changed = {
        batch_id
        for batch_id in old_batches.keys() | now_batches.keys()
        if old_batches.get(batch_id)
        != (now_batches[batch_id][1] if batch_id in now_batches else None)
    }
    for batch_id in changed:
        dirty.update(key for key, part in clean.items() if batch_id in part.batch_ids)
        if batch_id in now_batches:
            batch = now_batches[batch_id][0].batch
            dirty.add((batch.scheme_id, batch.period.key))
            touch(tables.entries_in_batch(batch_id, plan.device_id))
    latest = _latest(plan.stored)
    for scheme_id in old_latest.keys() | latest.keys():
        if old_latest.get(scheme_id) != latest.get(scheme_id):
            dirty.update(
                key for key, part in clean.items() if key[0] == scheme_id and part.reads_latest
            )
    dirty = {key for key in dirty if key[0] not in per_claim}
    return {key: part for key, part in clean.items() if key not in dirty}, dirty


def _periods(schemes: Mapping[str, Scheme], keys: Iterable[Key]) -> list[tuple[str, Period]]:
    found = []
    for scheme_id, key in sorted(keys):
        scheme = schemes.get(scheme_id)
        if scheme is not None:  # a scheme no longer known: its entries are not checked
            found.append((scheme_id, parse_period(scheme.reimbursement, key)))
    return found


def _lines_key(stored: StoredBatch) -> str:
    """What the checks read of a batch: its period and its lines (a new revision that only
    moves the payment on changes neither)."""
    lines = stored.lines_digest or f"revision {stored.revision}"
    return f"{stored.batch.period.key} {stored.batch.period.start} {lines}"


def _latest(stored: Iterable[StoredBatch]) -> dict[str, list[str]]:
    """What a check reads of each scheme's latest batch (`check_lines`)."""
    return {
        scheme_id: [batch.id, batch.counted_on.isoformat(), batch.period.end.isoformat()]
        for scheme_id, batch in latest_batches(s.batch for s in stored).items()
    }


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def _to_json(part: PeriodLines) -> dict[str, Any]:
    period = part.period
    return {
        "scheme_id": part.scheme_id,
        "period": [period.key, period.start.isoformat(), period.end.isoformat(), period.rhythm],
        "till_cents": part.till_cents,
        "region_cents": part.region_cents,
        "batch_ids": sorted(part.batch_ids),
        "reads_latest": part.reads_latest,
        "differences": [
            [
                line.txn_id,
                line.kind,
                line.created_at.isoformat(),
                line.difference.value,
                line.till_cents,
                line.region_cents,
                line.reason,
                line.batch_id,
            ]
            for line in part.differences
        ],
    }


def _from_json(body: str) -> PeriodLines | None:
    """A kept check, or None if it is not one."""
    try:
        data = json.loads(body)
        key, start, end, rhythm = data["period"]
        period = Period(
            date.fromisoformat(start), date.fromisoformat(end), ReimbursementRhythm(rhythm), key
        )
        differences = tuple(
            LineCheck(
                txn_id=str(txn_id),
                kind=str(kind),
                created_at=datetime.fromisoformat(created_at),
                difference=Difference(difference),
                till_cents=_int(till),
                region_cents=_int(region),
                reason=str(reason),
                batch_id=str(batch_id),
            )
            for txn_id, kind, created_at, difference, till, region, reason, batch_id in data[
                "differences"
            ]
        )
        return PeriodLines(
            scheme_id=str(data["scheme_id"]),
            period=period,
            till_cents=_int(data["till_cents"]),
            region_cents=_int(data["region_cents"]),
            differences=differences,
            batch_ids=frozenset(str(batch_id) for batch_id in data["batch_ids"]),
            reads_latest=data["reads_latest"] is True,
        )
    except (KeyError, TypeError, ValueError):
        return None


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"not an integer: {value!r}")
    return value
