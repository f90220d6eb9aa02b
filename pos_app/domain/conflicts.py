"""What the partner is told when the Region refuses a transaction the till already recorded.

The sale happened at the counter; the Region will not pay for it. The till keeps it, marks it
and says why in French with the amount at stake, so the partner can settle it with the young
person or the Region — never silently dropped, never retried forever.
"""

from __future__ import annotations

from pos_app.domain.rulebook import REASONS as RULE_REASONS
from pos_app.domain.text import Euros, Text, template

_REASONS = {
    **RULE_REASONS,
    "wallet_empty": template(
        "le solde était déjà épuisé : il a été dépensé ailleurs pendant que la caisse était "
        "hors ligne"
    ),
    "wallet_used": template(
        "cet avantage à usage unique avait déjà été utilisé ailleurs pendant que la caisse "
        "était hors ligne"
    ),
    "insufficient_balance": template(
        "le solde ne suffisait plus : il a été dépensé ailleurs pendant que la caisse était "
        "hors ligne"
    ),
    "voucher_used": template("ce bon avait déjà été utilisé chez un autre partenaire"),
    "coupon_used": template("ce coupon avait déjà été utilisé"),
    "coupon_invalid": template("ce coupon ne correspond pas à cette vente"),
    "not_accredited": template("votre structure n'est plus agréée pour cet avantage"),
    "wrong_partner": template("la transaction appartient à un autre partenaire"),
    "unknown_wallet": template("la Région ne connaît pas cet avantage pour ce jeune"),
    "void_invalid": template("l'annulation ne correspond à aucun encaissement accepté"),
    "malformed": template("la transaction est incomplète"),
}


def conflict_message(reason: str, amount_cents: int) -> Text:
    why = Text(_REASONS[reason]) if reason in _REASONS else Text("motif « {code} »", code=reason)
    return Text(
        "Refusé par la Région ({amount} non remboursés) : {why}. Voyez avec le jeune ou "
        "contactez la Région.",
        amount=Euros(amount_cents),
        why=why,
    )
