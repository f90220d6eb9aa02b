"""What the services say, amounts and dates, in the window's language.

The domain writes its sentences in French as `Text`s (see `pos_app.domain.text`): here they
are looked up in the same Qt translation files as the window's own texts (context `domain`)
and filled again with amounts and dates written the way the reader writes them: "12,50 €" and
"24/11/2026" in French, "€12.50" and "24 Nov 2026" in English (day first, month in letters:
no one can take 03/04 for 4 March).

    say(say(verdict.message))   # the refusal, in English when the window is in English
    money(1250)            # "12,50 €" / "€12.50"
    day(date(2026, 11, 24)), moment(datetime_aware)
"""

from __future__ import annotations

from datetime import date, datetime

from pos_app.domain.money import format_euros
from pos_app.domain.text import CONTEXT, Euros, Text
from pos_app.logs import log_path
from pos_app.ui.qt import QApplication, QCoreApplication, QDate, QLocale, QObject
from pos_app.ui.translations import DEFAULT_LANGUAGE, current_language

_ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def language() -> str:
    app = QApplication.instance()
    return current_language(app) if isinstance(app, QApplication) else DEFAULT_LANGUAGE


def say(text: str) -> str:
    """A sentence from the services in the window's language. Plain strings (a name, a
    serial) and French windows are returned as they are; an English window with a template
    nobody translated yet shows the French, never a blank."""
    if not isinstance(text, Text) or language() == DEFAULT_LANGUAGE:
        return str(text)
    return text.render(_translate, _fill)


def money(cents: int) -> str:
    if language() == DEFAULT_LANGUAGE:
        return format_euros(cents)
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}€{euros:,}.{rest:02d}"


def day(value: date) -> str:
    if language() == DEFAULT_LANGUAGE:
        return value.strftime("%d/%m/%Y")
    return _ENGLISH.toString(QDate(value.year, value.month, value.day), "d MMM yyyy")


def short_day(value: date) -> str:
    """The day without the year, for today's and yesterday's sales."""
    if language() == DEFAULT_LANGUAGE:
        return value.strftime("%d/%m")
    return _ENGLISH.toString(QDate(value.year, value.month, value.day), "d MMM")


def moment(value: datetime, *, with_year: bool = True) -> str:
    """A day and time ("24/11/2026 14:05", "24 Nov 2026 14:05"), in the time it carries."""
    when = day(value) if with_year else short_day(value)
    return f"{when} {value:%H:%M}"


def _translate(template: str) -> str:
    return QCoreApplication.translate(CONTEXT, template)


def _fill(value: object) -> str:
    if isinstance(value, Euros):
        return money(value)
    if isinstance(value, date):
        return day(value)
    return str(value)


class _Journal(QObject):
    def noted(self) -> str:
        path = log_path()
        if path is None:
            return self.tr("erreur notée dans le journal")
        return self.tr("erreur notée dans le journal : %1").replace("%1", str(path))


def noted_in_journal() -> str:
    """« erreur notée dans le journal : /chemin/atouts-pos.log », in the window's language:
    every message that sends the reader to the journal says where it is (`pos_app.logs`)."""
    return _Journal().noted()
