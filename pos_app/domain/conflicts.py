"""What the partner is told when the Region refuses a transaction the till already recorded.

The sale happened at the counter; the Region will not pay for it. The till keeps it, marks it
and says why in French with the amount at stake, so the partner can settle it with the young
person or the Region — never silently dropped, never retried forever.
"""

from __future__ import annotations

from pos_app.domain.money import format_euros

_REASONS = {
    "insufficient_balance": (
        "le solde ne suffisait plus : il a été dépensé ailleurs pendant que la caisse était "
        "hors ligne"
    ),
    "voucher_used": "ce bon avait déjà été utilisé chez un autre partenaire",
    "coupon_used": "ce coupon avait déjà été utilisé",
    "coupon_invalid": "ce coupon ne correspond pas à cette vente",
    "not_accredited": "votre structure n'est plus agréée pour cet avantage",
    "wrong_partner": "la transaction appartient à un autre partenaire",
    "unknown_wallet": "la Région ne connaît pas cet avantage pour ce jeune",
    "void_invalid": "l'annulation ne correspond à aucun encaissement accepté",
    "malformed": "la transaction est incomplète",
}


def conflict_message(reason: str, amount_cents: int) -> str:
    why = _REASONS.get(reason, f"motif « {reason} »")
    return (
        f"Refusé par la Région ({format_euros(amount_cents)} non remboursés) : {why}. "
        "Voyez avec le jeune ou contactez la Région."
    )
