"""The window's language: French, the language the window is written in, or English.

The French texts are the sources (`self.tr("…")` in `pos_app/ui`); English comes from
`resources/i18n/atouts_en.qm`, compiled from `atouts_en.ts` by `scripts/translations.py`, which
also says how to translate a new string (run it after adding or changing any `self.tr("…")`;
`tests/test_translations.py` fails while a string has no English).

    install_translator(app, "en")   # before building the window; True when English is on
    install_translator(app, "fr")   # back to French (removes the English translator)
    remove_translators(app)         # no translator at all: French, Qt's own texts in English

The language applies to the widgets built after the call: the window sets its texts when it
is built, so changing the language means building the window again (or restarting the till).
Qt's own texts (the buttons of standard dialogs) follow when Qt's translations are installed.
What the services say (verdicts, refusals, warnings) comes as French `Text`s that keep their
template: `pos_app.ui.wording.say` looks them up in the same files (context `domain`) and fills
them with amounts and dates written the English way. Receipts stay French: they are the
beneficiary's and the Region's record of a French scheme.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from pos_app.ui.qt import QApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

ENV_LANGUAGE = "ATOUTS_POS_LANG"
DEFAULT_LANGUAGE = "fr"
LANGUAGES = {"fr": "Français", "en": "English"}
"""The languages the window can show: code → name in that language (for a settings page)."""
I18N_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"

_TRANSLATOR_NAME = "atouts-pos-translator"
_LANGUAGE_PROPERTY = "atoutsPosLanguage"


def language_code(language: str | None) -> str:
    """ "en", "EN", "en_GB", "en-US.UTF-8" → "en"; nothing → the default (French)."""
    code = (language or "").strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code or DEFAULT_LANGUAGE


def language_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """`ATOUTS_POS_LANG` ("en"), or None when it is not set (the system's locale is not looked
    at: French is the default, whatever the machine's language)."""
    value = (os.environ if environ is None else environ).get(ENV_LANGUAGE, "").strip()
    return language_code(value) if value else None


def install_translator(app: QApplication, language: str) -> bool:
    """Show the widgets built from now on in `language` ("fr" or "en"); replaces the language
    installed before. False, and French, when the language is unknown or its file missing."""
    remove_translators(app)
    code = language_code(language)
    ok = code in LANGUAGES
    if not ok:
        log.warning("language %r not available (%s): French", language, ", ".join(LANGUAGES))
        code = DEFAULT_LANGUAGE
    if code != DEFAULT_LANGUAGE:
        path = I18N_DIR / f"atouts_{code}.qm"
        translator = QTranslator(app)
        translator.setObjectName(_TRANSLATOR_NAME)
        if translator.load(str(path)):
            app.installTranslator(translator)
        else:
            log.warning("translation %s cannot be loaded: French", path)
            translator.setParent(None)
            code, ok = DEFAULT_LANGUAGE, False
    _install_qt_translations(app, code)
    app.setProperty(_LANGUAGE_PROPERTY, code)
    return ok


def current_language(app: QApplication) -> str:
    """The language `install_translator` last put in place; French before any call."""
    return str(app.property(_LANGUAGE_PROPERTY) or DEFAULT_LANGUAGE)


def _install_qt_translations(app: QApplication, code: str) -> None:
    """Qt's own texts (standard dialog buttons) in that language, when the Qt build has them."""
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR_NAME)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(code), "qtbase", "_", folder):
        app.installTranslator(translator)
    else:
        log.info("no Qt translation for %s in %s", code, folder)
        translator.setParent(None)


def remove_translators(app: QApplication) -> None:
    """Back to the source language, French (and Qt's own texts in English)."""
    for translator in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        app.removeTranslator(translator)
        translator.setParent(None)  # Python owns it again: freed with its last reference
    app.setProperty(_LANGUAGE_PROPERTY, DEFAULT_LANGUAGE)
