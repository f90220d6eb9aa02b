"""Sentences for the cashier that stay translatable after they leave the domain.

The rules speak French: the regulations are French, the CLI and the logs read French, and the
tests compare French. But the window may run in English, and a sentence such as "Plafond hors
ligne atteint pour ce jeune (350,00 €)" cannot be translated once its amount is baked in.

So a message is a `Text`: a `str` whose value is the French sentence (everything that reads a
`str` keeps working), which also remembers its French template and the values that filled it.
The window looks the template up in Qt's translation files (context `domain`) and fills it
again, formatting amounts and dates the way its language writes them. Templates are written
out in the code, `str.format` style: `scripts/translations.py` collects every
`Text("…", …)` and `template("…")` literal for the translators.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

CONTEXT = "domain"
"""The Qt translation context of every domain template."""


class Euros(int):
    """An amount in cents that a sentence shows as money, in the reader's own way."""

    __slots__ = ()


def template(text: str) -> str:
    """Mark a French template kept in a table (not written inside `Text(…)`), so that the
    translation script finds it; returns it unchanged."""
    return text


class Text(str):
    """A French sentence that remembers how it was made, so it can be said in another language.

    `Text("Plafond atteint ({limit}).", limit=Euros(35_000))` is the `str`
    "Plafond atteint (350,00 €)." with `.template` and `.params` kept for the window.
    Parameters may be plain values, `Euros`, `date`s, or other `Text`s (translated too).
    """

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, /, **params: object) -> Text:
        made = super().__new__(cls, template.format(**{k: french(v) for k, v in params.items()}))
        made.template = template
        made.params = params
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep the template across pickling (a Text crossing a process or a Qt queued signal).
        return (_rebuild, (self.template, dict(self.params)))

    @classmethod
    def joined(cls, separator: str, parts: Iterable[object]) -> Text:
        """`separator.join(parts)` that keeps each part translatable. The separator is
        punctuation (" ; ", "\\n"), the same in every language."""
        values = {f"part{index}": part for index, part in enumerate(parts)}
        escaped = separator.replace("{", "{{").replace("}", "}}")
        return cls(escaped.join("{" + name + "}" for name in values), **values)

    def render(self, translate: Callable[[str], str], fill: Callable[[object], str]) -> str:
        """This sentence in another language: `translate` maps a French template to its
        translation (or returns it unchanged), `fill` writes one plain value (an amount, a
        date). A translation that lost or misspelt a placeholder falls back to the French
        template rather than showing a broken sentence."""
        values = {
            name: value.render(translate, fill) if isinstance(value, Text) else fill(value)
            for name, value in self.params.items()
        }
        try:
            return translate(self.template).format(**values)
        except (KeyError, IndexError, ValueError):
            return self.template.format(**values)


def _rebuild(template: str, params: dict[str, object]) -> Text:
    return Text(template, **params)


def french(value: object) -> str:
    """How a parameter reads in French: amounts "12,50 €", days "24/11/2026"."""
    if isinstance(value, Euros):
        from pos_app.domain.money import format_euros  # money's own messages are Texts

        return format_euros(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)
