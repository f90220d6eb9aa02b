"""argparse in French: its own words ("usage", "options", "invalid choice"…) for the CLI.

argparse looks every one of its sentences up through gettext (the module's `_` and
`ngettext`, read at call time). `install()` points them at the French catalogue below, so
help, usage and error messages read French; a sentence the catalogue does not know is left
as it is. `FrenchParser` also names Python's types in French ("nombre entier", not "int")
and never lists a hidden command (one added without `help=`) among the possible choices.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "optional arguments": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "l'un de ces arguments est obligatoire : %s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "valeur %r inattendue (cette option n'en prend pas)",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "unexpected option string: %s": "option inattendue : %s",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s attendu) : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (possibles : %(choices)s)"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "commande inconnue : %(parser_name)r (possibles : %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "cannot have multiple subparser arguments": "une seule commande à la fois",
}
_FRENCH_PLURALS = {
    ("expected %s argument", "expected %s arguments"): (
        "%s valeur attendue",
        "%s valeurs attendues",
    ),
}


def french(message: str) -> str:
    return FRENCH.get(message, message)


def french_plural(singular: str, plural: str, n: int) -> str:
    one, many = _FRENCH_PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def install() -> None:
    """Make argparse speak French (idempotent; the whole process, as gettext would)."""
    argparse._ = french  # type: ignore[attr-defined]
    argparse.ngettext = french_plural  # type: ignore[attr-defined]


_TYPE_NAMES = {int: "nombre entier", float: "nombre"}
METAVARS = {
    "action": "ACTION",
    "amount": "MONTANT",
    "beneficiary_id": "BÉNÉFICIAIRE",
    "category": "AVANTAGE",
    "code": "CODE",
    "date": "DATE",
    "equipment_serial": "N°_DE_SÉRIE",
    "image": "IMAGE",
    "interval": "SECONDES",
    "item": "ARTICLE",
    "label": "N°_ÉTIQUETTE",
    "lang": "LANGUE",
    "limit": "NOMBRE",
    "name": "NOM",
    "operator": "NOM",
    "output": "FICHIER",
    "partner": "PARTENAIRE",
    "pdf": "FICHIER",
    "period": "PÉRIODE",
    "pin": "CODE_PERSONNEL",
    "port": "PORT",
    "qr": "TEXTE_DU_QR",
    "reason": "MOTIF",
    "search": "MOTS",
    "server": "ADRESSE",
    "which": "QUOI",
    "width": "CARACTÈRES",
}
"""The placeholders of usage lines, in French (argparse would write the option's name)."""


class FrenchFormatter(argparse.HelpFormatter):
    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return METAVARS.get(action.dest, action.dest.upper())

    def _get_default_metavar_for_positional(self, action: argparse.Action) -> str:
        return METAVARS.get(action.dest, action.dest.upper())


def _path(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("chemin vide")
    return Path(text)


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser whose type names and choices read French (with `install()`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchFormatter)
        super().__init__(*args, **kwargs)
        self.register("type", Path, _path)

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError:
            if action.type not in _TYPE_NAMES:
                raise
            raise argparse.ArgumentError(
                action, french("invalid %(type)s value: %(value)r")
                % {"type": _TYPE_NAMES[action.type], "value": arg_string},
            ) from None  # fmt: skip

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is None or value in action.choices:
            return
        if isinstance(action, argparse._SubParsersAction):
            shown: Iterable[Any] = [choice.dest for choice in action._choices_actions]
        else:
            shown = action.choices
        choices = ", ".join(map(str, shown))
        error = argparse.ArgumentError(
            action, french("invalid choice: %(value)r (choose from %(choices)s)")
            % {"value": value, "choices": choices},
        )  # fmt: skip
        if error.argument_name == action.dest:  # a positional named by its Python name
            error.argument_name = METAVARS.get(action.dest, action.dest.upper())
        raise error
