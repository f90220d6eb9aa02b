"""The reimbursements' notice outside their page: a badge on the page's button and, a week before a
dispute deadline, a line in the status strip (never a dialog).
"""

from __future__ import annotations

import logging
from datetime import date

from pos_app.back_office.reimbursements import (
    PeriodView,
    Reimbursements,
)
from pos_app.domain.disputes import DisputeState
from pos_app.domain.reconciliation import PeriodState
from pos_app.services import Till, TillError
from pos_app.ui.jobs import run_in_background
from pos_app.ui.period_chart import period_label
from pos_app.ui.qt import (
    QObject,
    Signal,
    Slot,
)
from pos_app.ui.wording import day, money

log = logging.getLogger(__name__)


def needs_attention(view: PeriodView) -> bool:
    """A payment that differs (while it can still be disputed) or a deadline a week away."""
    dispute = view.dispute
    if dispute is not None and dispute.state is DisputeState.CLOSED:
        return False
    if view.check.state is PeriodState.WRONG:
        return True
    return dispute is not None and dispute.state is DisputeState.CLOSING


def closing(view: PeriodView) -> bool:
    return view.dispute is not None and view.dispute.state is DisputeState.CLOSING


class MoneyNotice(QObject):
    """What the window says outside the page: a badge on the page's button for every period
    to look at, and a line in the status strip when a dispute deadline is a week away or less
    (seeds 000/001 §4.3.2: 30 days; issue 14: warn a week before). Never a dialog."""

    changed = Signal(int, str)
    """(periods to look at, the status strip's line or "")."""

    def __init__(self, till: Till, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.count = 0
        self.text = ""
        self.checked_on: date | None = None
        self._running = False
        self._again = False

    def check(self) -> None:
        """Read the periods again, off the GUI thread (after a sync, on a new day)."""
        if self._running:
            self._again = True
            return
        self._running = True
        run_in_background(lambda: Reimbursements(self.till).periods(), self.show, self._failed)

    @Slot(object)
    def show(self, views: list[PeriodView]) -> None:
        """The periods as read (by `check` or by the page, which shares its reading)."""
        self._finished()
        try:
            self.checked_on = self.till.now().date()
        except TillError:
            self.checked_on = None
        shown = [view for view in views if needs_attention(view)]
        urgent = sorted(
            (view for view in shown if closing(view)),
            key=lambda view: view.dispute.deadline,  # type: ignore[union-attr]
        )
        text = ""
        if urgent:
            first = urgent[0]
            text = (
                self.tr(
                    "Remboursements : contestation de %1 possible jusqu'au %2 seulement "
                    "(écart %3). Voir Remboursements (F8)."
                )
                .replace("%1", period_label(first.check.period))
                .replace("%2", day(first.dispute.deadline))  # type: ignore[union-attr, arg-type]
                .replace("%3", money(first.check.gap_cents or first.check.refused_cents))
            )
            if len(urgent) > 1:
                text += " " + self.tr("%1 autre(s) délai(s) proche(s).").replace(
                    "%1", str(len(urgent) - 1)
                )
        if (len(shown), text) != (self.count, self.text):
            self.count, self.text = len(shown), text
            self.changed.emit(self.count, self.text)

    @Slot(object)
    def _failed(self, error: Exception) -> None:
        self._finished()
        if not isinstance(error, TillError):
            log.error("reimbursements could not be read", exc_info=error)
        if (self.count, self.text) != (0, ""):
            self.count, self.text = 0, ""
            self.changed.emit(0, "")

    def _finished(self) -> None:
        self._running = False
        if self._again:
            self._again = False
            self.check()

    def new_day(self) -> bool:
        """Whether the local day changed since the last reading (days left move)."""
        try:
            return self.checked_on is not None and self.till.now().date() != self.checked_on
        except TillError:
            return False
