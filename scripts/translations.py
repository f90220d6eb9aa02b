"""Updates the English translation of the window, then compiles it (Qt Linguist files).

    .venv/bin/python scripts/translations.py           # update atouts_en.ts, compile atouts_en.qm
    .venv/bin/python scripts/translations.py --check   # only say what is missing (exit 1 if any)

The window is written in French (`self.tr("…")`, the source language); English comes from
`resources/i18n/atouts_en.ts`, compiled to `resources/i18n/atouts_en.qm`, which the build ships
and `pos_app.ui.translations.install_translator` loads. Both files are committed.

When you add or change a `self.tr("…")` string anywhere under `pos_app/ui/`:

1. run `.venv/bin/python scripts/translations.py`: PySide6's `lupdate` adds the new French
   strings to `atouts_en.ts` as `<translation type="unfinished"></translation>` (keeping every
   existing translation) and the script lists them;
2. translate each one in `atouts_en.ts`: write the English between the tags and delete
   ` type="unfinished"` (or use `.venv/bin/pyside6-linguist resources/i18n/atouts_en.ts`).
   lupdate sometimes pre-fills a guess from a similar string: still unfinished until checked.
   Keep `%1`, `%2`… and the symbols (✔ ✖ ⚠); key hints become English ("(Entrée)" → "(Enter)",
   "(Échap)" → "(Esc)", "Ctrl+Maj+V" → "Ctrl+Shift+V");
3. run the script again: it compiles `atouts_en.qm` and exits 0 once nothing is missing;
4. commit both files. `tests/test_translations.py` fails while a string has no English or the
   `.qm` is older than the `.ts`.

`tr()` must be called on `self` inside a method of a class (a QObject subclass): lupdate names
the context after that class, as PySide6 does at run time. A `tr()` in a free function gets a
context nobody looks up, and its text stays French: the script reports it.

What the services say (verdicts, refusals, warnings) is written in French outside the window,
as `Text("… {amount} …", amount=Euros(…))` or `template("…")` (see `pos_app/domain/text.py`).
The script collects those templates from `pos_app/`, `sync/` and `scanner/`, and hands
them to lupdate under the context `domain`; translate them the same way, keeping every
`{name}` placeholder (the window fills them with amounts and dates written in English).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES_DIR = ROOT / "pos_app" / "ui"
TEMPLATE_DIRS = (ROOT / "pos_app", ROOT / "sync", ROOT / "scanner")
"""Where the services' `Text("…")` and `template("…")` French templates are written."""
DOMAIN_CONTEXT = "domain"
I18N_DIR = ROOT / "resources" / "i18n"
SOURCE_LANGUAGE = "fr"
LANGUAGES = ("en",)
"""The languages translated from French; each has resources/i18n/atouts_<language>.ts."""
COMMAND = ".venv/bin/python scripts/translations.py"
TIMEOUT = 60


class ToolMissing(RuntimeError):
    """lupdate or lrelease (shipped in the PySide6 wheel) cannot be found."""


@dataclass(frozen=True, order=True)
class Message:
    context: str
    source: str
    comment: str = ""

    def __str__(self) -> str:
        comment = f" [{self.comment}]" if self.comment else ""
        return f"{self.context}: {self.source!r}{comment}"


def ts_path(language: str) -> Path:
    return I18N_DIR / f"atouts_{language}.ts"


def qm_path(language: str) -> Path:
    return I18N_DIR / f"atouts_{language}.qm"


def sources() -> list[Path]:
    """Every Python file of the window, sub-packages included (pages added later)."""
    return sorted(SOURCES_DIR.rglob("*.py"))


def template_sources() -> list[Path]:
    """The Python files that may write French for the cashier outside `tr()`."""
    return sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.py"))


def _is_template_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    return name in ("Text", "template")


def domain_templates(files: list[Path] | None = None) -> list[str]:
    """Every French template written out as `Text("…")` or `template("…")`."""
    found = []
    for path in files if files is not None else template_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if _is_template_call(node) and node.args and _written_out(node.args[0]):
                found.append(_literal(node.args[0]))
    return sorted(set(found))


def computed_templates(files: list[Path] | None = None) -> list[str]:
    """`Text(f"…")` and `Text("…" + x)`: a template made at run time is in no translation file.
    (A name or a table lookup is fine: tables are written with `template("…")`.)"""
    lines = []
    for path in files if files is not None else template_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                _is_template_call(node)
                and node.args
                and isinstance(node.args[0], ast.JoinedStr | ast.BinOp)
                and not _written_out(node.args[0])
            ):
                where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                lines.append(
                    f"Text() of a computed template at {where}:{node.lineno}: write the French "
                    'out, with {name} placeholders filled by Text("…", name=…)'
                )
    return lines


def _literal(node: ast.expr) -> str:
    if isinstance(node, ast.BinOp):
        return _literal(node.left) + _literal(node.right)
    assert isinstance(node, ast.Constant) and isinstance(node.value, str)
    return node.value


def catalogue_file(folder: Path, templates: list[str] | None = None) -> Path:
    """The domain templates as `QCoreApplication.translate("domain", "…")` calls, which is
    what lupdate reads, in a file of `folder` (not kept: no line of it is in the .ts)."""
    lines = [
        f"QCoreApplication.translate({DOMAIN_CONTEXT!r}, {json.dumps(text, ensure_ascii=False)})"
        for text in (templates if templates is not None else domain_templates())
    ]
    path = folder / "domain_templates.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def qt_tool(name: str) -> Path:
    """PySide6's own `lupdate` / `lrelease` (the binaries in the wheel understand Python)."""
    candidates: list[Path] = []
    try:
        import PySide6

        folder = Path(PySide6.__file__).resolve().parent
        candidates += [folder / name, folder / f"{name}.exe", folder / "Qt" / "libexec" / name]
    except ImportError:
        pass
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    bin_dir = str(Path(sys.executable).parent)
    for wrapper in (f"pyside6-{name}", name):
        found = shutil.which(wrapper, path=bin_dir) or shutil.which(wrapper)
        if found:
            return Path(found)
    raise ToolMissing(
        f"Qt's {name} was not found: it ships in the PySide6 wheel ({name} next to "
        f"PySide6/__init__.py, or pyside6-{name} in the virtual environment). Install the "
        "pinned packages (bash scripts/bootstrap.sh) and run this with .venv/bin/python."
    )


def run_tool(name: str, *args: str) -> str:
    result = subprocess.run(
        [str(qt_tool(name)), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{name} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout + result.stderr


def lupdate(ts_file: Path, language: str, files: list[Path] | None = None) -> str:
    """Add the sources' strings to `ts_file` (created if missing), keep the translations made,
    drop the strings no source uses any more. No line numbers: fewer merge conflicts.
    By default the sources are the window's and the domain templates."""
    if files is None:
        with tempfile.TemporaryDirectory(prefix="atouts-i18n-") as work:
            return lupdate(ts_file, language, [*sources(), catalogue_file(Path(work))])
    return run_tool(
        "lupdate",
        "-silent",
        "-no-obsolete",
        "-locations",
        "none",
        "-source-language",
        SOURCE_LANGUAGE,
        "-target-language",
        language,
        *(str(path) for path in files),
        "-ts",
        str(ts_file),
    )


def lrelease(ts_file: Path, qm_file: Path) -> str:
    return run_tool("lrelease", "-silent", str(ts_file), "-qm", str(qm_file))


def read_ts(ts_file: Path) -> dict[Message, str | None]:
    """Every message of a .ts file: its translation, or None while unfinished, empty or gone."""
    messages: dict[Message, str | None] = {}
    root = ET.parse(ts_file).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            key = Message(
                name, message.findtext("source", default=""), message.findtext("comment") or ""
            )
            translation = message.find("translation")
            text = None
            if translation is not None and translation.get("type") is None:
                forms = translation.findall("numerusform")
                texts = [form.text or "" for form in forms] if forms else [translation.text or ""]
                if all(part.strip() for part in texts):
                    text = "\n".join(texts)
            messages[key] = text
    return messages


def extract(files: list[Path] | None = None) -> set[Message]:
    """What lupdate finds in the sources now (a fresh .ts in a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="atouts-i18n-") as work:
        fresh = Path(work) / f"extract_{LANGUAGES[0]}.ts"
        lupdate(fresh, LANGUAGES[0], files)
        return set(read_ts(fresh)) if fresh.exists() else set()


def class_names(files: list[Path] | None = None) -> set[str]:
    names: set[str] = set()
    for path in files if files is not None else sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names |= {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    return names


def computed_texts(files: list[Path] | None = None) -> list[str]:
    """tr() calls whose text is not written out (an f-string, a variable): lupdate cannot
    extract them, or extracts a text the window never asks for, so they would stay French."""
    lines = []
    for path in files if files is not None else sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "tr"
                and not (node.args and _written_out(node.args[0]))
            ):
                where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                lines.append(
                    f"tr() of a computed text at {where}:{node.lineno}: write the French "
                    'out, with %1, %2… filled by .replace("%1", …) after tr()'
                )
    return lines


def _written_out(node: ast.expr) -> bool:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _written_out(node.left) and _written_out(node.right)
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def placeholders(text: str) -> list[str]:
    return sorted(set(re.findall(r"%\d+|\{\w*\}", text)))


def problems(language: str, found: set[Message], classes: set[str]) -> list[str]:
    """Why the committed translation is not complete, one line per string; empty when it is."""
    ts_file = ts_path(language)
    done = read_ts(ts_file) if ts_file.exists() else {}
    lines = []
    for message in sorted(found):
        if message.context not in classes and message.context != DOMAIN_CONTEXT:
            lines.append(
                f"tr() outside a class method (context {message.context!r}, which no class of "
                f"pos_app/ui has; it would stay French): {message.source!r}"
            )
            continue
        translation = done.get(message)
        if translation is None:
            lines.append(f"no {language} translation: {message}")
        elif placeholders(translation) != placeholders(message.source):
            lines.append(
                f"placeholders differ ({', '.join(placeholders(message.source)) or 'none'} in "
                f"French, {', '.join(placeholders(translation)) or 'none'} in {language}): "
                f"{message}"
            )
    return lines


def update(language: str) -> list[str]:
    """lupdate then lrelease for one language; the strings still to translate."""
    I18N_DIR.mkdir(parents=True, exist_ok=True)
    lupdate(ts_path(language), language)
    lrelease(ts_path(language), qm_path(language))
    return computed_texts() + computed_templates() + problems(language, extract(), class_names())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; list the strings still to translate"
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            found, classes = extract(), class_names()
            computed = computed_texts() + computed_templates()
            report = {
                language: computed + problems(language, found, classes) for language in LANGUAGES
            }
        else:
            report = {language: update(language) for language in LANGUAGES}
    except ToolMissing as exc:
        print(exc, file=sys.stderr)
        return 2
    missing = 0
    for language, lines in report.items():
        relative = ts_path(language).relative_to(ROOT)
        if not args.check:
            print(f"{relative} updated, {qm_path(language).relative_to(ROOT)} compiled")
        for line in lines:
            print(f"  {line}")
        if lines:
            print(f"{len(lines)} string(s) to fix in {relative}", file=sys.stderr)
        missing += len(lines)
    if missing:
        print(
            f"To fix: run `{COMMAND}` (it adds new strings to the .ts), translate each in "
            'resources/i18n/ (write the English, delete type="unfinished"), run it again '
            "(it compiles the .qm) and commit resources/i18n/.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
