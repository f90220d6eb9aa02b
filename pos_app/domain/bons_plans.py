"""Bons plans (seed 001 §3.2.2 and §4.4): free or discounted places and prizes a partner
organises. Winners or registrants collect them by showing their QR code and ID; the organiser
tracks who actually came, and the Region gets that attendance back.

No money moves: a check-in is not a transaction. The list reaches the till with the snapshot,
each entry as a pseudonymous key and a short label (first name and initial) so the organiser
can see who has not come yet without the till holding a directory.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from pos_app.domain.model import BeneficiaryKey, Credential, Partner, Policy, Verdict
from pos_app.domain.rules import DEFAULT_POLICY, GOOD_STANDING, Standing, code_refusal
from pos_app.domain.text import Text


@dataclass(frozen=True, slots=True)
class BonPlan:
    id: str
    title: str
    starts_at: datetime
    entries: Mapping[BeneficiaryKey, str]
    """Registered winners or participants: pseudonymous key → short label ("Léa M.")."""


def check_in(
    credential: Credential,
    bon_plan: BonPlan,
    partner: Partner,
    already_checked_in: bool,
    id_checked: bool,
    now: datetime,
    policy: Policy = DEFAULT_POLICY,
    last_presented_at: datetime | None = None,
    standing: Standing = GOOD_STANDING,
) -> Verdict:
    """May this code collect this bon plan, now? The same code checks as at the till apply."""
    refusal = code_refusal(credential, partner, now, policy, last_presented_at, standing)
    if refusal is not None:
        return refusal
    if credential.beneficiary not in bon_plan.entries:
        return Verdict(
            accepted=False,
            reason="not_registered",
            message=Text(
                "{name} n'est pas sur la liste de « {title} ». Seuls les gagnants ou inscrits "
                "peuvent en profiter.",
                name=credential.holder_name or Text("Ce jeune"),
                title=bon_plan.title,
            ),
            credential=credential,
        )
    if already_checked_in:
        return Verdict(
            accepted=False,
            reason="already_checked_in",
            message=Text(
                "Présence déjà enregistrée pour « {title} » : ne remettez rien.",
                title=bon_plan.title,
            ),
            credential=credential,
        )
    must_confirm = not credential.proves_freshness
    if must_confirm and not id_checked:
        return Verdict(
            accepted=False,
            reason="id_check_required",
            message=Text(
                "Inscrit(e) à « {title} » : vérifiez la pièce d'identité ({identity}) puis "
                "confirmez pour enregistrer la présence.",
                title=bon_plan.title,
                identity=credential.identity,
            ),
            credential=credential,
            confirm_identity=True,
        )
    return Verdict(
        accepted=True,
        reason="checked_in",
        message=Text(
            "Présence enregistrée pour « {title} » : {identity}. Remettez la place ou le lot.",
            title=bon_plan.title,
            identity=credential.identity,
        ),
        credential=credential,
        confirm_identity=must_confirm,
    )
