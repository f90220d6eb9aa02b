"""The enrollment QR code the Region's partner space shows: server address, partner and a
one-time code in one URI, so activating a till is one scan instead of three fields to type."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from pos_app.domain.text import Text

SCHEME = "atouts-enroll"


@dataclass(frozen=True, slots=True)
class EnrollmentLink:
    server: str
    partner: str
    code: str


class EnrollmentLinkError(ValueError):
    pass


def enrollment_uri(server: str, partner: str, code: str) -> str:
    return f"{SCHEME}:?" + urlencode({"server": server, "partner": partner, "code": code})


def parse_enrollment_uri(text: str) -> EnrollmentLink:
    parts = urlsplit(text.strip())
    if parts.scheme != SCHEME:
        raise EnrollmentLinkError(
            Text(
                "Ce QR code n'est pas un code d'activation de caisse Atouts : affichez le code "
                "d'activation de votre espace partenaire."
            )
        )
    fields = parse_qs(parts.query)
    try:
        server, partner, code = (fields[name][0] for name in ("server", "partner", "code"))
    except (KeyError, IndexError) as exc:
        raise EnrollmentLinkError(
            Text("QR code d'activation incomplet : demandez-en un nouveau.")
        ) from exc
    if urlsplit(server).scheme not in ("http", "https"):
        raise EnrollmentLinkError(Text("Adresse de serveur invalide dans le QR code d'activation."))
    return EnrollmentLink(server, partner, code)
