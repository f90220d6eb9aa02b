"""The reference Region's issuance: memberships, career grants, and the facts its rules need.

What the Region may grant is decided by the pure rules of `pos_app.domain.issuance`; this
module keeps the Region's records of what it granted (the tables below) and gathers, in one
query, the facts a decision needs. It is used by `region-sim membership request`,
`region-sim grant` (`RegionState.request_membership`, `grant_category`) and by the seed loader,
so that a seed cannot grant what a request could not (docs/region-seed.md).

- `memberships`: one row per beneficiary and scheme (season), recorded only with the fee
  collected (`fee_paid_cents`) or the membership offered by the Region (`free_reason`);
  `lyceen_waiver` when the seed 001 §3.1 waiver admitted someone under the minimum age.
- `career_grants`: every grant of a once-per-school-career category, with its `career_key`
  (scheme family / category id, `issuance.career_key`), kept across season files, and the
  reason of an exception the Region granted after review.

`origin` says where a row came from: `request` (a command), `seed`, or `migration` (a version
11 Region, whose wallets are taken as granted by the rules: the memberships' fee as paid).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from pos_app.domain import issuance
from pos_app.domain.schemes import Scheme

SCHEMA = """
CREATE TABLE IF NOT EXISTS memberships (
    beneficiary_id TEXT NOT NULL REFERENCES beneficiaries (id), scheme_id TEXT NOT NULL,
    requested_on TEXT, fee_paid_cents INTEGER NOT NULL CHECK (fee_paid_cents >= 0),
    free_reason TEXT NOT NULL DEFAULT '', lyceen_waiver INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL CHECK (origin IN ('request', 'seed', 'migration')),
    recorded_at TEXT,
    PRIMARY KEY (beneficiary_id, scheme_id));
CREATE TABLE IF NOT EXISTS career_grants (
    beneficiary_id TEXT NOT NULL REFERENCES beneficiaries (id), career_key TEXT NOT NULL,
    scheme_id TEXT NOT NULL, category_id TEXT NOT NULL, granted_on TEXT,
    exception_reason TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL CHECK (origin IN ('request', 'seed', 'migration')),
    PRIMARY KEY (beneficiary_id, scheme_id, category_id));
CREATE INDEX IF NOT EXISTS career_grants_key ON career_grants (beneficiary_id, career_key);
"""

Grant = Callable[[dict[str, Any]], tuple[int, int]]
"""`RegionState._grant`: a seed-style wallet `{"scheme", "category", "profile"}` → (granted
cents, units), checking the names."""


class IssuanceRefused(Exception):
    """The rules forbid this issuance; nothing was recorded. `refusals` in rule order."""

    def __init__(self, refusals: tuple[issuance.Refusal, ...]) -> None:
        super().__init__(" ; ".join(f"{r.code}: {r.message}" for r in refusals))
        self.refusals = refusals


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """A membership request or a category grant, as `region-sim` takes it."""

    beneficiary_id: str
    scheme_id: str
    lyceen: bool = False
    fee_paid: bool = False
    free_reason: str = ""
    category_id: str = ""
    """For a grant: the category; its `profile` ("" for the category's first)."""
    profile: str = ""
    career_exception: str = ""


def gather(
    conn: sqlite3.Connection,
    scheme: Scheme,
    beneficiary_id: str,
    day: date,
    *,
    lyceen: bool = False,
    fee_paid: bool = False,
    free_reason: str = "",
    career_exception: str = "",
) -> issuance.Facts:
    """The facts of one request, in one query: the birth date, a membership of this scheme,
    the categories of this scheme already held, the career grants of other seasons."""
    row = conn.execute(
        "SELECT b.birth_date, "
        "EXISTS (SELECT 1 FROM memberships m WHERE m.beneficiary_id = b.id "
        "AND m.scheme_id = :scheme), "
        "(SELECT json_group_array(w.category_id) FROM wallets w WHERE w.beneficiary_id = b.id "
        "AND w.scheme_id = :scheme), "
        "(SELECT json_group_array(c.career_key) FROM career_grants c "
        "WHERE c.beneficiary_id = b.id AND c.scheme_id != :scheme) "
        "FROM beneficiaries b WHERE b.id = :id",
        {"scheme": scheme.id, "id": beneficiary_id},
    ).fetchone()
    if row is None:
        raise KeyError(beneficiary_id)
    birth_date, member, granted, careers = row
    return issuance.Facts(
        scheme=scheme,
        day=day,
        birth_date=date.fromisoformat(birth_date),
        lyceen=lyceen,
        member=bool(member),
        fee_paid=fee_paid,
        free_reason=free_reason,
        granted=frozenset(json.loads(granted)),
        career_received=frozenset(json.loads(careers)),
        career_exception=career_exception,
    )


def request_membership(
    conn: sqlite3.Connection,
    schemes: Mapping[str, Scheme],
    request: Request,
    now: datetime,
    grant: Grant,
) -> dict[str, Any]:
    """Record the membership and credit every category of the scheme the rules allow (seed
    001 §3.1: "Le compte personnel du jeune sera alors crédité de ses atouts"); raises
    `IssuanceRefused` when the membership may not be recorded."""
    scheme = _scheme(schemes, request.scheme_id)
    day = issuance.request_day(scheme, now)
    facts = gather(
        conn, scheme, request.beneficiary_id, day, lyceen=request.lyceen,
        fee_paid=request.fee_paid, free_reason=request.free_reason,
    )  # fmt: skip
    decision = issuance.decide_membership(facts)
    if not decision.allowed:
        raise IssuanceRefused(decision.refusals)
    _record_membership(conn, request.beneficiary_id, facts, decision, "request", now)
    facts = replace(facts, member=True)
    wallets, skipped = [], []
    for category in scheme.categories:
        granted = issuance.decide_grant(facts, category.id)
        if not granted.allowed:
            skipped.append(_refusals_json(granted.refusals, category.id))
            continue
        wallets.append(
            _insert_wallet(conn, request.beneficiary_id, facts, category.id, "", "", "request",
                           grant)
        )  # fmt: skip
        facts = replace(facts, granted=facts.granted | {category.id})
    return {
        "status": "recorded",
        "beneficiary": request.beneficiary_id,
        "scheme": scheme.id,
        "day": day.isoformat(),
        "fee_paid_cents": 0 if facts.free_reason.strip() else scheme.membership_fee_cents,
        "free_reason": facts.free_reason.strip(),
        "notes": list(decision.notes),
        "wallets": wallets,
        "not_granted": skipped,
    }


def grant_category(
    conn: sqlite3.Connection,
    schemes: Mapping[str, Scheme],
    request: Request,
    now: datetime,
    grant: Grant,
) -> dict[str, Any]:
    """Grant one category (Livres, EP, NUMÉRISAK...); raises `IssuanceRefused`."""
    scheme = _scheme(schemes, request.scheme_id)
    day = issuance.request_day(scheme, now)
    facts = gather(
        conn, scheme, request.beneficiary_id, day, lyceen=request.lyceen,
        career_exception=request.career_exception,
    )  # fmt: skip
    decision = issuance.decide_grant(facts, request.category_id)
    if not decision.allowed:
        raise IssuanceRefused(decision.refusals)
    wallet = _insert_wallet(
        conn, request.beneficiary_id, facts, request.category_id, request.profile,
        request.career_exception.strip(), "request", grant,
    )  # fmt: skip
    return {
        "status": "granted",
        "beneficiary": request.beneficiary_id,
        "scheme": scheme.id,
        "day": day.isoformat(),
        "notes": list(decision.notes),
        "wallets": [wallet],
    }


def admit_seed_person(
    conn: sqlite3.Connection, schemes: Mapping[str, Scheme], person: dict[str, Any], grant: Grant
) -> None:
    """The rules on one seed beneficiary, already inserted, before its wallets are: records
    its memberships and career grants, or raises `ValueError` naming the person and the rule.

    A seed describes what the Region already granted. For each scheme of a fee among the
    person's wallets (or named in `memberships`), the membership is taken as recorded with the
    fee paid, unless the seed says otherwise; the day of a request the seed does not give
    (`requested_on`) is the first day of the request window on which the person was eligible."""
    for wallet in person["wallets"]:
        grant(wallet)  # an unknown scheme, category or profile is named first, as before
    who = f"seed: bénéficiaire {person['id']} ({person['name']})"
    entries = {entry["scheme"]: entry for entry in person.get("memberships", [])}
    for scheme_id in entries:
        _scheme(schemes, scheme_id, who)
    by_scheme: dict[str, list[dict[str, Any]]] = {}
    for wallet in person["wallets"]:
        by_scheme.setdefault(wallet["scheme"], []).append(wallet)
    for scheme_id in dict.fromkeys([*entries, *by_scheme]):
        scheme = _scheme(schemes, scheme_id, who)
        entry = entries.get(scheme_id, {})
        lyceen = bool(entry.get("lyceen", False))
        day = _seed_day(scheme, person, entry, lyceen)
        facts = gather(
            conn, scheme, person["id"], day, lyceen=lyceen,
            fee_paid=bool(entry.get("fee_paid", True)),
            free_reason=str(entry.get("free_reason", "")),
        )  # fmt: skip
        if issuance.is_membership_scheme(scheme):
            decision = issuance.decide_membership(facts)
            _raise_for(who, scheme, decision)
            _record_membership(conn, person["id"], facts, decision, "seed", None)
            facts = replace(facts, member=True)
        elif entry:
            raise ValueError(f"{who} : {scheme.name} ne fonctionne pas par adhésion")
        for wallet in by_scheme.get(scheme_id, []):
            exception = str(wallet.get("career_exception", ""))
            decision = issuance.decide_grant(
                replace(facts, career_exception=exception), wallet["category"]
            )
            _raise_for(who, scheme, decision)
            _record_career(conn, person["id"], scheme, wallet["category"], day, exception, "seed")
            facts = replace(facts, granted=facts.granted | {wallet["category"]})


def backfill(conn: sqlite3.Connection, schemes: Mapping[str, Scheme]) -> None:
    """Version 11 → 12: the records a version 11 Region would have kept. Its wallets were
    granted before the Region applied these rules: each wallet of a fee scheme gets its
    membership (fee taken as paid, day unknown), each once-per-career wallet its career grant."""
    for beneficiary_id, scheme_id, category_id in conn.execute(
        "SELECT beneficiary_id, scheme_id, category_id FROM wallets ORDER BY rowid"
    ).fetchall():
        scheme = schemes.get(scheme_id)
        category = scheme.category(category_id) if scheme else None
        if scheme is None or category is None:
            continue
        if issuance.is_membership_scheme(scheme):
            conn.execute(
                "INSERT OR IGNORE INTO memberships (beneficiary_id, scheme_id, fee_paid_cents, "
                "origin) VALUES (?, ?, ?, 'migration')",
                (beneficiary_id, scheme_id, scheme.membership_fee_cents),
            )
        if category.once_per_school_career:
            conn.execute(
                "INSERT OR IGNORE INTO career_grants (beneficiary_id, career_key, scheme_id, "
                "category_id, origin) VALUES (?, ?, ?, ?, 'migration')",
                (beneficiary_id, issuance.career_key(scheme_id, category_id), scheme_id,
                 category_id),
            )  # fmt: skip


def records(conn: sqlite3.Connection, beneficiary_id: str) -> dict[str, Any]:
    """A beneficiary's memberships and career grants (`region-sim membership show`)."""
    if not conn.execute("SELECT 1 FROM beneficiaries WHERE id = ?", (beneficiary_id,)).fetchone():
        raise KeyError(beneficiary_id)
    memberships = [
        {
            "scheme": scheme_id,
            "requested_on": requested_on,
            "fee_paid_cents": fee,
            "free_reason": free,
            "lyceen_waiver": bool(waiver),
            "origin": origin,
        }
        for scheme_id, requested_on, fee, free, waiver, origin in conn.execute(
            "SELECT scheme_id, requested_on, fee_paid_cents, free_reason, lyceen_waiver, origin "
            "FROM memberships WHERE beneficiary_id = ? ORDER BY scheme_id",
            (beneficiary_id,),
        )
    ]
    careers = [
        {
            "career_key": key,
            "scheme": scheme_id,
            "category": category_id,
            "granted_on": granted_on,
            "exception_reason": reason,
            "origin": origin,
        }
        for key, scheme_id, category_id, granted_on, reason, origin in conn.execute(
            "SELECT career_key, scheme_id, category_id, granted_on, exception_reason, origin "
            "FROM career_grants WHERE beneficiary_id = ? ORDER BY career_key, scheme_id",
            (beneficiary_id,),
        )
    ]
    return {"beneficiary": beneficiary_id, "memberships": memberships, "career_grants": careers}


def _scheme(schemes: Mapping[str, Scheme], scheme_id: str, who: str = "") -> Scheme:
    scheme = schemes.get(scheme_id)
    if scheme is None:
        raise ValueError(f"{who + ' : ' if who else ''}unknown scheme {scheme_id!r}")
    return scheme


def _seed_day(scheme: Scheme, person: dict[str, Any], entry: dict[str, Any], lyceen: bool) -> date:
    if "requested_on" in entry:
        return date.fromisoformat(entry["requested_on"])
    birth_date = date.fromisoformat(person["birth_date"])
    day = issuance.first_eligible_day(scheme, birth_date, lyceen)
    if day is not None:
        return day
    # Eligible on no day of the window: decide on the day that says why.
    low = scheme.eligible_ages[0] if scheme.eligible_ages else 0
    too_young = issuance.birthday(birth_date, low) > scheme.season.request_deadline
    return scheme.season.request_deadline if too_young else scheme.season.start


def _raise_for(who: str, scheme: Scheme, decision: issuance.Decision) -> None:
    if not decision.allowed:
        reasons = " ; ".join(f"{r.message} [{r.code}]" for r in decision.refusals)
        raise ValueError(f"{who}, {scheme.id} : {reasons}")


def _record_membership(
    conn: sqlite3.Connection,
    beneficiary_id: str,
    facts: issuance.Facts,
    decision: issuance.Decision,
    origin: str,
    now: datetime | None,
) -> None:
    free = facts.free_reason.strip()
    conn.execute(
        "INSERT INTO memberships VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            beneficiary_id,
            facts.scheme.id,
            facts.day.isoformat(),
            0 if free else facts.scheme.membership_fee_cents,
            free,
            int(issuance.LYCEEN_WAIVER in decision.notes),
            origin,
            now.isoformat() if now else None,
        ),
    )


def _record_career(
    conn: sqlite3.Connection,
    beneficiary_id: str,
    scheme: Scheme,
    category_id: str,
    day: date,
    exception: str,
    origin: str,
) -> None:
    category = scheme.category(category_id)
    if category is None or not category.once_per_school_career:
        return
    conn.execute(
        "INSERT INTO career_grants VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            beneficiary_id,
            issuance.career_key(scheme.id, category_id),
            scheme.id,
            category_id,
            day.isoformat(),
            exception.strip(),
            origin,
        ),
    )


def _insert_wallet(
    conn: sqlite3.Connection,
    beneficiary_id: str,
    facts: issuance.Facts,
    category_id: str,
    profile: str,
    exception: str,
    origin: str,
    grant: Grant,
) -> dict[str, Any]:
    scheme = facts.scheme
    wallet: dict[str, Any] = {"scheme": scheme.id, "category": category_id}
    if profile:
        wallet["profile"] = profile
    granted, units = grant(wallet)
    conn.execute(
        "INSERT INTO wallets VALUES (?, ?, ?, ?, ?, ?)",
        (beneficiary_id, scheme.id, category_id, granted, granted, units),
    )
    _record_career(conn, beneficiary_id, scheme, category_id, facts.day, exception, origin)
    return {"category": category_id, "granted_cents": granted, "units": units}


def _refusals_json(refusals: tuple[issuance.Refusal, ...], category_id: str) -> dict[str, Any]:
    return {
        "category": category_id,
        "refusals": [{"code": r.code, "message": r.message} for r in refusals],
    }
