"""How long the partner may dispute a payment, and what the till says about it.

"Toute contestation quant au montant des remboursements devra être formulée par lettre
recommandée avec accusé de réception, au plus tard 30 jours après réception du remboursement.
En cas de non-respect de ce délai, la demande sera jugée irrecevable." (seeds 000 and 001
§4.3.2). The day of receipt is the partner's to confirm (the transfer reaches its bank a day or
two after the Region orders it); until it does, the Region's payment date stands in for it,
which can only make the deadline earlier, never later than the rule allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from pos_app.domain.text import Text

WARN_DAYS = 7
"""The till warns a week before the deadline."""


class DisputeState(StrEnum):
    OPEN = "open"  # the letter can be sent
    CLOSING = "closing"  # a week or less left
    CLOSED = "closed"  # past the deadline: no longer admissible
    NO_DEADLINE = "no_deadline"  # the regulation sets none


@dataclass(frozen=True, slots=True)
class DisputeWindow:
    received_on: date
    confirmed: bool
    """Whether the partner confirmed the day of receipt (else it is the Region's payment date)."""
    deadline: date | None
    state: DisputeState
    days_left: int | None

    @property
    def message(self) -> Text:
        if self.state is DisputeState.NO_DEADLINE:
            return Text("Le règlement du dispositif ne fixe pas de délai de contestation.")
        assert self.deadline is not None and self.days_left is not None
        if self.state is DisputeState.CLOSED:
            return Text(
                "Délai de contestation dépassé depuis le {deadline} : la Région jugerait la "
                "réclamation irrecevable.",
                deadline=self.deadline,
            )
        if self.days_left == 0:
            return Text(
                "Dernier jour pour contester : envoyez la lettre recommandée aujourd'hui "
                "({deadline}).",
                deadline=self.deadline,
            )
        return Text(
            "À contester par lettre recommandée avec accusé de réception au plus tard le "
            "{deadline} (encore {days} jour(s)).",
            deadline=self.deadline,
            days=self.days_left,
        )


def dispute_window(
    delay_days: int | None, paid_on: date, received_on: date | None, today: date
) -> DisputeWindow:
    """The dispute deadline of a payment the Region made on `paid_on`, received on
    `received_on` (None: not confirmed by the partner), seen on the local day `today`."""
    received = received_on or paid_on
    if delay_days is None:
        return DisputeWindow(
            received, received_on is not None, None, DisputeState.NO_DEADLINE, None
        )
    deadline = received + timedelta(days=delay_days)
    days_left = (deadline - today).days
    if days_left < 0:
        state = DisputeState.CLOSED
    elif days_left <= WARN_DAYS:
        state = DisputeState.CLOSING
    else:
        state = DisputeState.OPEN
    return DisputeWindow(received, received_on is not None, deadline, state, days_left)
