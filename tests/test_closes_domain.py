"""Daily closes and their roll-ups as pure functions, tested as tables (issue 14 items 4, 9)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pos_app.domain.close_report import close_lines
from pos_app.domain.closes import (
    GENESIS,
    Close,
    CloseEntry,
    CloseKind,
    CloseRefusal,
    Ledgers,
    Totals,
    day_bounds,
    local_day,
    plan_closes,
    preview,
    split_for_day,
    till_zone,
    unclosed_day,
    verify_chain,
)
from pos_app.domain.model import Partner, PartnerId
from pos_app.scheme_files import load_schemes

PARIS = "Europe/Paris"
REUNION = "Indian/Reunion"


def at(text: str, zone: str = PARIS) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def sale(seq: int, when: datetime, cents: int = 1000, **fields: object) -> CloseEntry:
    values: dict = {
        "seq": seq,
        "txn_id": f"T{seq}",
        "kind": "debit",
        "created_at": when,
        "scheme_id": "atouts-culture-sport-2025-26",
        "category_id": "cinema",
        "item_kind": "place_cinema",
        "amount_cents": cents,
        "price_cents": cents + 250,
        "complement_cents": 250,
        "operator": "Camille",
        "state": "accepted",
    }
    values.update(fields)
    return CloseEntry(**values)


def void_of(seq: int, when: datetime, cents: int = 1000, **fields: object) -> CloseEntry:
    return sale(seq, when, cents, kind="void", **fields)


def state_after(closes: tuple[Close, ...] | list[Close], base: Ledgers | None = None) -> Ledgers:
    """The `Ledgers` a store would read after appending `closes`."""
    base = base or Ledgers()
    last_day, months, years = base.last_day, base.last_month_number, base.last_year_number
    open_days, open_months = list(base.open_days), list(base.open_months)
    last_hash = base.last_hash
    for close in closes:
        last_hash = close.hash
        if close.kind is CloseKind.DAY:
            last_day = close
            open_days.append(close)
        elif close.kind is CloseKind.MONTH:
            months = close.number
            open_days = [d for d in open_days if d.period[:7] != close.period]
            open_months.append(close)
        else:
            years = close.number
            open_months = [m for m in open_months if m.period[:4] != close.period]
    return Ledgers(last_hash, last_day, months, years, tuple(open_days), tuple(open_months))


# --- days in the scheme's zone --------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "zone", "day"),
    [
        ("2026-03-10T23:59:00+01:00", PARIS, "2026-03-10"),  # 23:59 local
        ("2026-03-11T00:01:00+01:00", PARIS, "2026-03-11"),  # 00:01 local
        ("2026-03-10T23:30:00+00:00", PARIS, "2026-03-11"),  # 00:30 Paris, still 10 in UTC
        ("2026-03-10T20:30:00+00:00", REUNION, "2026-03-11"),  # 00:30 in Réunion (UTC+4)
        ("2026-03-10T19:59:00+00:00", REUNION, "2026-03-10"),  # 23:59 in Réunion
        ("2026-10-25T01:30:00+00:00", PARIS, "2026-10-25"),  # the repeated hour, 2nd time
        ("2026-10-25T00:30:00+00:00", PARIS, "2026-10-25"),  # the repeated hour, 1st time
    ],
)
def test_the_day_is_the_local_calendar_day(moment: str, zone: str, day: str) -> None:
    assert local_day(datetime.fromisoformat(moment), zone) == date.fromisoformat(day)


@pytest.mark.parametrize(
    ("day", "zone", "hours"),
    [
        ("2026-03-29", PARIS, 23),  # last Sunday of March: clocks go forward
        ("2026-10-25", PARIS, 25),  # last Sunday of October: clocks go back
        ("2026-03-28", PARIS, 24),
        ("2026-03-29", REUNION, 24),  # no clock change in Réunion
        ("2026-10-25", REUNION, 24),
    ],
)
def test_a_day_lasts_23_24_or_25_hours(day: str, zone: str, hours: int) -> None:
    start, end = day_bounds(date.fromisoformat(day), zone)
    assert end - start == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("moments", "day", "covered"),
    [
        # 29 March 2026, a 23-hour day: 01:59 +01:00 then 03:00 +02:00 are one hour apart.
        (["2026-03-29T01:59:00+01:00", "2026-03-29T03:00:00+02:00"], "2026-03-29", 2),
        # 25 October 2026, a 25-hour day: both 02:30 are that day; 00:10 next day is not.
        (
            [
                "2026-10-25T02:30:00+02:00",
                "2026-10-25T02:30:00+01:00",
                "2026-10-25T23:59:00+01:00",
                "2026-10-26T00:10:00+01:00",
            ],
            "2026-10-25",
            3,
        ),
        (["2026-03-10T23:59:00+01:00", "2026-03-11T00:01:00+01:00"], "2026-03-10", 1),
        (["2026-03-10T23:59:00+01:00", "2026-03-11T00:01:00+01:00"], "2026-03-11", 2),
        # The clock went back after an entry of the next day: the run stops (no gap).
        (
            [
                "2026-03-10T10:00:00+01:00",
                "2026-03-11T08:00:00+01:00",
                "2026-03-10T18:00:00+01:00",
            ],
            "2026-03-10",
            1,
        ),
    ],
)
def test_a_close_covers_a_run_of_the_ledger_up_to_its_day(
    moments: list[str], day: str, covered: int
) -> None:
    entries = [sale(i + 1, datetime.fromisoformat(m)) for i, m in enumerate(moments)]
    taken, rest = split_for_day(entries, date.fromisoformat(day), PARIS)
    assert [e.seq for e in taken] == list(range(1, covered + 1))
    assert len(taken) + len(rest) == len(entries)


def test_a_sale_at_23_59_and_one_at_00_01_are_in_two_closes() -> None:
    entries = [sale(1, at("2026-03-10T23:59")), sale(2, at("2026-03-11T00:01"), 700)]
    first = plan_closes(
        Ledgers(), entries, day=date(2026, 3, 10), zone=PARIS, closed_at=at("2026-03-11T00:30")
    )
    assert [(c.kind, c.period, c.totals.benefit_cents) for c in first] == [
        (CloseKind.DAY, "2026-03-10", 1000)
    ]
    second = plan_closes(
        state_after(first),
        entries[1:],
        day=date(2026, 3, 11),
        zone=PARIS,
        closed_at=at("2026-03-11T20:00"),
    )
    assert [(c.number, c.totals.benefit_cents, c.first_seq) for c in second] == [(2, 700, 2)]


def test_reunion_closes_in_its_own_zone() -> None:
    # 20:30 UTC on 10 March is 00:30 on 11 March in Réunion: not the 10th's sale.
    entries = [
        sale(1, datetime(2026, 3, 10, 19, 0, tzinfo=UTC), 35_000, scheme_id="numerisak-2026-27"),
        sale(2, datetime(2026, 3, 10, 20, 30, tzinfo=UTC), 35_000, scheme_id="numerisak-2026-27"),
    ]
    closes = plan_closes(
        Ledgers(),
        entries,
        day=date(2026, 3, 10),
        zone=REUNION,
        closed_at=datetime(2026, 3, 10, 21, 0, tzinfo=UTC),
    )
    assert [(c.period, c.totals.sales, c.time_zone) for c in closes] == [("2026-03-10", 1, REUNION)]


# --- totals, voids, numbering -----------------------------------------------------------------


def test_totals_by_operator_scheme_benefit_and_item_with_states() -> None:
    entries = [
        sale(1, at("2026-03-10T10:00"), 1000),
        sale(2, at("2026-03-10T11:00"), 500, operator="Noé", state="pending"),
        sale(
            3,
            at("2026-03-10T12:00"),
            3000,
            category_id="spectacle",
            item_kind="billet_spectacle",
            state="rejected",
        ),
        void_of(4, at("2026-03-10T12:05"), 1000),
    ]
    (close,) = plan_closes(
        Ledgers(), entries, day=date(2026, 3, 10), zone=PARIS, closed_at=at("2026-03-10T20:00")
    )
    assert close.totals == Totals(3, 1, 3500, 4000, 500)
    assert (close.pending, close.rejected, close.rejected_cents) == (1, 1, 3000)
    assert (close.first_seq, close.last_seq, close.first_txn, close.last_txn) == (1, 4, "T1", "T4")
    assert dict(close.by_operator()) == {
        "Camille": Totals(2, 1, 3000, 3250, 250),
        "Noé": Totals(1, 0, 500, 750, 250),
    }
    items = dict(close.by_item())
    assert items[("atouts-culture-sport-2025-26", "cinema", "place_cinema")].benefit_cents == 500
    assert close.grand_total == close.totals and close.previous_hash == GENESIS


def test_a_sale_voided_across_midnight_is_negative_in_the_next_close() -> None:
    entries = [sale(1, at("2026-03-10T23:50"), 1200)]
    first = plan_closes(
        Ledgers(), entries, day=date(2026, 3, 10), zone=PARIS, closed_at=at("2026-03-10T23:55")
    )
    # Voided at 00:05 the next day, after the close.
    nxt = [void_of(2, at("2026-03-11T00:05"), 1200)]
    second = plan_closes(
        state_after(first), nxt, day=date(2026, 3, 11), zone=PARIS, closed_at=at("2026-03-11T19:00")
    )
    assert first[0].totals.benefit_cents == 1200
    assert second[0].totals == Totals(0, 1, -1200, -1450, -250)
    assert second[0].grand_total == Totals(1, 1, 0, 0, 0)


def test_a_void_made_the_same_evening_after_the_close_goes_to_the_next_close() -> None:
    first = plan_closes(
        Ledgers(),
        [sale(1, at("2026-03-10T18:00"))],
        day=date(2026, 3, 10),
        zone=PARIS,
        closed_at=at("2026-03-10T19:00"),
    )
    late = [void_of(2, at("2026-03-10T19:30"))]
    with pytest.raises(CloseRefusal) as again:
        plan_closes(
            state_after(first),
            late,
            day=date(2026, 3, 10),
            zone=PARIS,
            closed_at=at("2026-03-10T20:00"),
        )
    assert again.value.code == "close_already_done"
    assert "déjà clôturée" in again.value.message
    second = plan_closes(
        state_after(first),
        late,
        day=date(2026, 3, 11),
        zone=PARIS,
        closed_at=at("2026-03-11T19:00"),
    )
    assert [(c.period, c.totals.voids, c.first_seq) for c in second] == [("2026-03-11", 1, 2)]


def test_a_close_made_after_midnight_leaves_the_new_day_to_the_next_close() -> None:
    entries = [sale(1, at("2026-03-10T21:00")), sale(2, at("2026-03-11T00:10"), 300)]
    (close,) = plan_closes(
        Ledgers(), entries, day=date(2026, 3, 10), zone=PARIS, closed_at=at("2026-03-11T00:20")
    )
    assert (close.period, close.last_seq, close.totals.benefit_cents) == ("2026-03-10", 1, 1000)


def test_a_day_left_unclosed_is_closed_on_its_own_before_the_next() -> None:
    entries = [
        sale(1, at("2026-03-09T10:00"), 100),
        sale(2, at("2026-03-10T10:00"), 200),
        void_of(3, at("2026-03-11T09:00"), 100),  # yesterday's-but-one sale voided today
        sale(4, at("2026-03-11T10:00"), 400),
    ]
    closes = plan_closes(
        Ledgers(), entries, day=date(2026, 3, 11), zone=PARIS, closed_at=at("2026-03-11T19:00")
    )
    assert [(c.number, c.period, c.totals.benefit_cents) for c in closes] == [
        (1, "2026-03-09", 100),
        (2, "2026-03-10", 200),
        (3, "2026-03-11", 300),
    ]
    assert [c.grand_total.benefit_cents for c in closes] == [100, 300, 600]
    assert verify_chain(closes) is None


def test_a_close_with_no_sale_is_numbered_and_zero() -> None:
    (close,) = plan_closes(
        Ledgers(), [], day=date(2026, 3, 10), zone=PARIS, closed_at=at("2026-03-10T19:00")
    )
    assert (close.number, close.totals, close.first_seq, close.lines) == (1, Totals(), None, ())
    text = "\n".join(
        close_lines(close, Partner(PartnerId("P"), "Cinéma Lux", "cinema", frozenset()), {})
    )
    assert "Aucune opération." in text and "Aucune référence couverte." in text


def test_a_day_not_begun_cannot_be_closed() -> None:
    with pytest.raises(CloseRefusal) as future:
        plan_closes(
            Ledgers(), [], day=date(2026, 3, 12), zone=PARIS, closed_at=at("2026-03-11T23:59")
        )
    assert future.value.code == "close_day_in_future"
    # 23:30 UTC on the 11th is already the 12th in Paris: allowed there.
    assert plan_closes(
        Ledgers(),
        [],
        day=date(2026, 3, 12),
        zone=PARIS,
        closed_at=datetime(2026, 3, 11, 23, 30, tzinfo=UTC),
    )


# --- monthly and yearly roll-ups -------------------------------------------------------------


def test_the_last_day_of_the_month_rolls_up_into_a_monthly_close() -> None:
    state = Ledgers()
    made: list[Close] = []
    for seq, (day, cents) in enumerate([(date(2026, 3, 30), 1000), (date(2026, 3, 31), 2000)], 1):
        when = datetime(day.year, day.month, day.day, 15, tzinfo=ZoneInfo(PARIS))
        closes = plan_closes(
            state,
            [sale(seq, when, cents)],
            day=day,
            zone=PARIS,
            closed_at=when + timedelta(hours=4),
        )
        state = state_after(closes, state)
        made += closes
    assert [(c.kind, c.number, c.period) for c in made] == [
        (CloseKind.DAY, 1, "2026-03-30"),
        (CloseKind.DAY, 2, "2026-03-31"),
        (CloseKind.MONTH, 1, "2026-03"),
    ]
    month = made[-1]
    assert (month.totals.benefit_cents, month.grand_total.benefit_cents, month.days) == (
        3000,
        3000,
        2,
    )
    assert (month.first_seq, month.last_seq) == (1, 2)
    assert state.open_days == () and verify_chain(made) is None


def test_a_month_not_closed_on_its_last_day_rolls_up_at_the_next_months_first_close() -> None:
    first = plan_closes(
        Ledgers(),
        [sale(1, at("2026-04-29T10:00"), 500)],
        day=date(2026, 4, 29),
        zone=PARIS,
        closed_at=at("2026-04-29T19:00"),
    )
    later = plan_closes(
        state_after(first),
        [sale(2, at("2026-05-02T10:00"), 700)],
        day=date(2026, 5, 2),
        zone=PARIS,
        closed_at=at("2026-05-02T19:00"),
    )
    assert [(c.kind, c.period, c.totals.benefit_cents) for c in later] == [
        (CloseKind.MONTH, "2026-04", 500),
        (CloseKind.DAY, "2026-05-02", 700),
    ]
    assert later[-1].grand_total.benefit_cents == 1200


def test_31_december_rolls_into_the_month_and_the_year_with_the_grand_total() -> None:
    history = Ledgers()
    made: list[Close] = []
    for seq, (moment, cents) in enumerate(
        [("2025-11-30T10:00", 100), ("2025-12-31T23:59", 200), ("2026-01-01T00:01", 400)],
        start=1,
    ):
        when = at(moment)
        closes = plan_closes(
            history,
            [sale(seq, when, cents)],
            day=when.date(),
            zone=PARIS,
            closed_at=when + timedelta(seconds=30),
        )
        history = state_after(closes, history)
        made += closes
    assert [
        (c.kind.value, c.period, c.totals.benefit_cents, c.grand_total.benefit_cents) for c in made
    ] == [
        ("day", "2025-11-30", 100, 100),
        ("month", "2025-11", 100, 100),
        ("day", "2025-12-31", 200, 300),
        ("month", "2025-12", 200, 300),
        ("year", "2025", 300, 300),
        ("day", "2026-01-01", 400, 700),
    ]
    year = made[4]
    assert (year.days, year.first_seq, year.last_seq) == (2, 1, 2)
    assert verify_chain(made) is None


def test_the_chain_detects_an_edit() -> None:
    closes = plan_closes(
        Ledgers(),
        [sale(1, at("2026-03-09T10:00")), sale(2, at("2026-03-10"))],
        day=date(2026, 3, 10),
        zone=PARIS,
        closed_at=at("2026-03-10T19:00"),
    )
    assert verify_chain(closes) is None
    edited = replace(closes[0], totals=Totals(1, 0, 1, 1, 0))
    assert verify_chain([edited, closes[1]]) == 0
    relinked = replace(closes[1], previous_hash=GENESIS).sealed()
    assert verify_chain([closes[0], relinked]) == 1
    again = Close.from_content(closes[1].content(), closes[1].hash)
    assert again == closes[1] and again.hash == closes[1].hash


def test_preview_shows_what_closing_would_make_and_nothing_once_closed() -> None:
    entries = [sale(1, at("2026-03-10T10:00"))]
    shown = preview(
        Ledgers(), entries, day=date(2026, 3, 10), zone=PARIS, at=at("2026-03-10T12:00")
    )
    assert shown[-1].totals.sales == 1
    state = state_after(shown)
    assert preview(state, [], day=date(2026, 3, 10), zone=PARIS, at=at("2026-03-10T13:00")) == ()


@pytest.mark.parametrize(
    ("first", "today", "named"),
    [
        (None, "2026-03-11", None),
        ("2026-03-11T00:01", "2026-03-11", None),  # today's first sale: nothing to say
        ("2026-03-10T23:59", "2026-03-11", "2026-03-10"),
        ("2026-03-08T12:00", "2026-03-11", "2026-03-08"),
    ],
)
def test_the_unclosed_day_to_name(first: str | None, today: str, named: str | None) -> None:
    moment = at(first) if first else None
    found = unclosed_day(moment, date.fromisoformat(today), PARIS)
    assert found == (date.fromisoformat(named) if named else None)


def test_a_tills_zone_comes_from_its_accreditations() -> None:
    schemes = load_schemes().values()
    assert till_zone({"numerisak"}, schemes) == REUNION
    assert till_zone({"cinema", "spectacle"}, schemes) == PARIS
    assert till_zone(set(), schemes) == PARIS


def test_close_lines_fit_the_printer_width() -> None:
    schemes = load_schemes()
    entries = [
        sale(1, at("2026-03-10T10:00"), 123_456, operator="Marie-Christine de La Tour"),
        void_of(2, at("2026-03-10T11:00"), 500, operator=""),
    ]
    (close,) = plan_closes(
        Ledgers(), entries, day=date(2026, 3, 10), zone=PARIS, closed_at=at("2026-03-10T19:00")
    )
    partner = Partner(PartnerId("P"), "Cinéma Lux (Caen)", "cinema", frozenset(), siret="123")
    for width in (32, 40, 48):
        lines = close_lines(close, partner, schemes, width)
        assert all(len(line) <= width for line in lines), [x for x in lines if len(x) > width]
    text = "\n".join(close_lines(close, partner, schemes))
    assert "Clôture journalière n° 1" in text and "Journée du 10/03/2026" in text
    assert "Cinéma" in text and "(sans caissier nommé)" in text and "GRAND TOTAL" in text
    assert "1 229,56\xa0€" in text  # net: 1 234,56 € less the 5,00 € voided
