"""French by default, English through Qt's translation files: every string of the window has
its English, the compiled `.qm` is the committed `.ts`, and the real window speaks English once
the translator is installed, French again once it is removed.

When a test here fails after you added or changed a `self.tr("…")` string, run
`.venv/bin/python scripts/translations.py`, translate what it lists in
`resources/i18n/atouts_en.ts`, run it again and commit `resources/i18n/`.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from pos_app.services import Till
from pos_app.ui import translations
from pos_app.ui.main_window import MainWindow
from pos_app.ui.qt import QApplication, QTranslator

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "translations.py"
TS = ROOT / "resources" / "i18n" / "atouts_en.ts"
QM = ROOT / "resources" / "i18n" / "atouts_en.qm"
WORKFLOW = (
    "run `.venv/bin/python scripts/translations.py`, translate the strings it lists in "
    'resources/i18n/atouts_en.ts (write the English, delete type="unfinished"), run it '
    "again to compile atouts_en.qm, and commit resources/i18n/"
)


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("translations_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script()


@pytest.fixture(scope="module")
def extracted(script: ModuleType) -> set:
    """What lupdate finds in pos_app/ui now; a missing lupdate fails, it never skips."""
    try:
        return script.extract()
    except script.ToolMissing as exc:
        pytest.fail(f"{exc}\nThe translation checks need PySide6's lupdate and lrelease.")


@pytest.fixture
def english(qapp: QApplication) -> Iterator[QApplication]:
    assert translations.install_translator(qapp, "en"), "atouts_en.qm did not load"
    yield qapp
    translations.remove_translators(qapp)  # the other tests expect the French window


def english_sources() -> dict[str, str]:
    """French source → English, for the strings whose English differs from the French."""
    script = load_script()
    return {
        message.source: text
        for message, text in script.read_ts(TS).items()
        if text is not None and text != message.source
    }


# --- the committed files ------------------------------------------------------------------


def test_lupdate_finds_every_tr_call(script: ModuleType, extracted: set) -> None:
    """A guard on the guard: lupdate must see every `….tr("literal")` call Python's own parser
    sees, or a future lupdate that reads Python differently would make the next test pass."""
    seen = set()
    for path in script.sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                seen.add(node.args[0].value)
    assert len(seen) > 50
    found = {message.source for message in extracted}
    assert seen <= found, f"lupdate missed: {sorted(seen - found)}"


def test_every_window_string_has_its_english(script: ModuleType, extracted: set) -> None:
    problems = script.computed_texts() + script.problems("en", extracted, script.class_names())
    assert not problems, (
        f"{len(problems)} string(s) of pos_app/ui without a finished English translation:\n"
        + "\n".join(f"  {line}" for line in problems)
        + f"\nTo fix: {WORKFLOW}."
    )


def test_compiled_qm_is_the_committed_ts(script: ModuleType, qapp: QApplication) -> None:
    """Every finished translation of the .ts, looked up in the committed .qm as the window
    would: fails when the .ts was edited and not compiled again."""
    assert QM.is_file(), f"{QM.relative_to(ROOT)} is missing: {WORKFLOW}"
    compiled = QTranslator()
    assert compiled.load(str(QM)), f"{QM.relative_to(ROOT)} cannot be loaded: {WORKFLOW}"
    stale = [
        f"  {message}: .ts says {text!r}, .qm says {found!r}"
        for message, text in sorted(script.read_ts(TS).items())
        if text is not None
        and (found := compiled.translate(message.context, message.source, message.comment or None))
        != text
    ]
    assert not stale, (
        f"{QM.relative_to(ROOT)} is not compiled from the committed .ts:\n"
        + "\n".join(stale)
        + f"\nTo fix: {WORKFLOW}."
    )


def test_placeholders_are_checked(script: ModuleType) -> None:
    assert script.placeholders("%1 — venus : %2 sur %3") == ["%1", "%2", "%3"]
    assert script.placeholders("100 %") == []


def test_a_tr_outside_a_class_is_reported(script: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "helper.py"
    source.write_text(
        "def caption(widget):\n"
        '    return widget.tr("Libre")\n\n\n'
        "class Page:\n"
        "    def title(self):\n"
        '        return self.tr("Titre")\n',
        encoding="utf-8",
    )
    found = script.extract([source])
    problems = script.problems("en", found, script.class_names([source]))
    assert any("outside a class" in line and "Libre" in line for line in problems)
    assert any("no en translation: Page: 'Titre'" in line for line in problems)


def test_a_computed_text_is_reported(script: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "page.py"
    source.write_text(
        "class Page:\n"
        "    def title(self, name):\n"
        '        ok = self.tr("Deux " "morceaux") + self.tr("Un " + "autre")\n'
        '        return ok + self.tr(f"Bonjour {name}") + self.tr(name)\n',
        encoding="utf-8",
    )
    problems = script.computed_texts([source])
    assert len(problems) == 2, problems
    assert all("page.py:4" in line for line in problems)


def test_a_missing_tool_fails_clearly(script: ModuleType) -> None:
    with pytest.raises(script.ToolMissing, match="PySide6 wheel"):
        script.qt_tool("no-such-qt-tool")


# --- the running window -------------------------------------------------------------------


def test_window_in_english_then_french_again(
    qtbot, qapp: QApplication, english: QApplication, cinema_till: Till, region, fixed_now
) -> None:
    assert translations.current_language(qapp) == "en"
    window = MainWindow(cinema_till)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "Atouts POS — till"
    assert window.charge_panel.charge_button.text() == "Charge (Enter)"
    assert window.charge_panel.cancel_button.text() == "Cancel (Esc)"
    assert window.verdict_panel.title.text() == "Waiting for a code"
    assert window.scan_field.placeholderText() == "Scan or type the code, then Enter"
    assert "waiting to be sent: 0" in window.header.text()

    state, _ = region
    window.scan_field.setText(state.qr_payload("B002", fixed_now))
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
    assert window.verdict_panel.title.text() == "ACCEPTED"
    assert "Enter the item's retail price" in window.charge_panel.preview.text()

    translations.install_translator(qapp, "fr")
    assert translations.current_language(qapp) == "fr"
    french = MainWindow(cinema_till)
    qtbot.addWidget(french)
    assert french.charge_panel.charge_button.text() == "Encaisser (Entrée)"
    assert french.verdict_panel.title.text() == "En attente d'un code"
    translations.remove_translators(qapp)
    assert translations.current_language(qapp) == "fr"
    plain = MainWindow(cinema_till)
    qtbot.addWidget(plain)
    assert plain.windowTitle() == "Atouts POS — caisse"


def test_no_french_left_on_the_english_window(
    qtbot, english: QApplication, cinema_till: Till
) -> None:
    """Every text the built window shows, as PySide6 looks it up at run time (the class that
    calls tr()): a French source with an English translation on screen means the context
    lupdate wrote is not the one the window asks for."""
    french = english_sources()
    window = MainWindow(cinema_till)
    qtbot.addWidget(window)
    window.status_strip.show_connection(True)
    shown = {window.windowTitle()}
    for widget in window.findChildren(QWidget):
        shown |= {widget.accessibleName(), widget.toolTip()}
        if isinstance(widget, QAbstractButton | QLabel):
            shown.add(widget.text())
        if isinstance(widget, QLineEdit):
            shown.add(widget.placeholderText())
    left = sorted(text for text in shown if text in french)
    assert not left, f"French on the English window: {left}"
    assert "Online" in window.status_strip.connection.text()


# --- the API ------------------------------------------------------------------------------


def test_unknown_language_keeps_french(qapp: QApplication) -> None:
    try:
        assert not translations.install_translator(qapp, "de")
        assert translations.current_language(qapp) == "fr"
        assert qapp.translate("VerdictPanel", "En attente d'un code") == "En attente d'un code"
    finally:
        translations.remove_translators(qapp)


def test_missing_qm_keeps_french(qapp: QApplication, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(translations, "I18N_DIR", tmp_path)
    try:
        assert not translations.install_translator(qapp, "en")
        assert translations.current_language(qapp) == "fr"
        assert qapp.translate("ChargePanel", "Encaisser (Entrée)") == "Encaisser (Entrée)"
    finally:
        translations.remove_translators(qapp)


def test_installing_twice_keeps_one_translation(qapp: QApplication) -> None:
    try:
        translations.install_translator(qapp, "en")
        count = len(qapp.findChildren(QTranslator))
        assert translations.install_translator(qapp, "en_GB")
        assert len(qapp.findChildren(QTranslator)) == count
        assert qapp.translate("ChargePanel", "Encaisser (Entrée)") == "Charge (Enter)"
    finally:
        translations.remove_translators(qapp)
    assert qapp.translate("ChargePanel", "Encaisser (Entrée)") == "Encaisser (Entrée)"


@pytest.mark.parametrize(
    ("value", "code"),
    [("en", "en"), ("EN", "en"), ("en_GB.UTF-8", "en"), ("fr-FR", "fr"), ("", "fr"), (None, "fr")],
)
def test_language_codes(value: str | None, code: str) -> None:
    assert translations.language_code(value) == code


def test_language_from_environment() -> None:
    assert translations.language_from_environment({"ATOUTS_POS_LANG": "en"}) == "en"
    assert translations.language_from_environment({"ATOUTS_POS_LANG": " "}) is None
    assert translations.language_from_environment({"LANG": "en_US.UTF-8"}) is None


def test_command_line_language() -> None:
    from pos_app.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["--lang", "en"]).lang == "en"
    assert parser.parse_args([]).lang is None
    assert parser.parse_args(["demo", "--lang", "en"]).lang == "en"
    assert parser.parse_args(["--lang", "en", "demo"]).lang == "en"


# --- what the services say ----------------------------------------------------------------


def test_lupdate_finds_every_domain_template(script: ModuleType, extracted: set) -> None:
    """The services' French templates reach the .ts under the context `domain`."""
    templates = script.domain_templates()
    assert len(templates) > 80
    found = {message.source for message in extracted if message.context == "domain"}
    assert set(templates) <= found, f"lupdate missed: {sorted(set(templates) - found)}"


def test_a_computed_domain_template_is_reported(script: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "rules.py"
    source.write_text(
        "def refusal(name, limit):\n"
        '    ok = Text("Plafond {limit}", limit=limit), template("Deux " "morceaux")\n'
        '    return ok, Text(f"Bonjour {name}"), Text("Un " + name)\n',
        encoding="utf-8",
    )
    assert script.domain_templates([source]) == ["Deux morceaux", "Plafond {limit}"]
    problems = script.computed_templates([source])
    assert len(problems) == 2, problems
    assert all("rules.py:3" in line for line in problems)


def test_placeholders_of_domain_templates_are_checked(script: ModuleType) -> None:
    assert script.placeholders("Plafond ({limit}) le {day}") == ["{day}", "{limit}"]


def test_the_english_window_says_verdicts_amounts_and_refusals_in_english(
    qtbot, qapp: QApplication, english: QApplication, cinema_till: Till, region, fixed_now
) -> None:
    from pos_app.demo import forge_identity

    english_of = english_sources()
    window = MainWindow(cinema_till)
    qtbot.addWidget(window)
    window.show()
    state, _ = region

    window.scan_field.setText(state.qr_payload("B002", fixed_now))
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
    shown = window.verdict_panel.text()
    assert "€6.00" in shown and "6,00" not in shown, shown
    assert "Disponible" not in shown and "pièce d'identité" not in shown, shown
    assert english_of["{lead}. Disponible : {wallets}."].split("{")[0] in shown
    cinema = next(
        button
        for button in window.charge_panel.wallet_group.buttons()
        if button.text().startswith("Cinéma")
    )
    assert "€6.00" in cinema.text()
    assert "• Cinéma: €6.00" in shown
    cinema.click()
    assert "." in window.charge_panel.keypad.buttons  # the English decimal mark
    qtbot.mouseClick(window.charge_panel.keypad.buttons["8"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.charge_panel.keypad.buttons["."], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.charge_panel.keypad.buttons["5"], Qt.MouseButton.LeftButton)
    assert window.charge_panel.amount_field.text() == "8.5"
    assert (
        "€6.00" in window.charge_panel.preview.text()
        and "€2.50" in window.charge_panel.preview.text()
    )
    window.charge_panel.amount_field.clear()
    qtbot.keyClicks(window.charge_panel.amount_field, "abc")
    qtbot.keyClick(window.charge_panel.amount_field, Qt.Key.Key_Return)
    unreadable = english_of["Montant illisible : « {typed} ». Tapez par exemple 12,50."]
    assert window.result_label.text() == "✖ " + unreadable.replace("{typed}", "abc")

    window.scan_field.setText(forge_identity(state.qr_payload("B001", fixed_now), "Léo Martin"))
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
    forged = english_of["Code falsifié ou altéré : signature invalide. Refusez ce code."]
    assert forged in window.verdict_panel.text()
    assert "falsifié" not in window.verdict_panel.text()
