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


def _named(kind: Any, name: str) -> Any:
    def convert(text: str) -> Any:
        return kind(text)

    convert.__name__ = name
    return convert


def _path(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("chemin vide : indiquez un dossier ou un fichier")
    return Path(text)


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser whose type names and choices read French (with `install()`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("type", int, _named(int, "nombre entier"))
        self.register("type", float, _named(float, "nombre"))
        self.register("type", Path, _path)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is None or value in action.choices:
            return
        if isinstance(action, argparse._SubParsersAction):
            shown: Iterable[Any] = [choice.dest for choice in action._choices_actions]
        else:
            shown = action.choices
        choices = ", ".join(map(str, shown))
        raise argparse.ArgumentError(
            action, french("invalid choice: %(value)r (choose from %(choices)s)")
            % {"value": value, "choices": choices},
        )  # fmt: skip
