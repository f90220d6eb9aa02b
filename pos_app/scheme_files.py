"""Loading scheme files from disk, with errors that name the file and the field.

Kept out of the domain core because it reads files; the core only sees validated `Scheme`s.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pos_app.domain.schemes import Scheme


class SchemeFileError(Exception):
    """A scheme file cannot be used; the message says which file, which field and why."""


def load_scheme_file(path: Path) -> Scheme:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SchemeFileError(f"{path}: cannot be read ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise SchemeFileError(f"{path}: not valid JSON at line {exc.lineno} ({exc.msg})") from exc
    if not isinstance(raw, dict):
        raise SchemeFileError(
            f"{path}: (root): expected one JSON object describing a scheme, "
            f"got {type(raw).__name__}"
        )
    try:
        return Scheme.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(_describe(error) for error in exc.errors())
        raise SchemeFileError(f"{path}: {problems}") from exc


def bundled_scheme_dir() -> Path:
    return Path(str(resources.files("resources") / "schemes"))


def load_schemes(directory: Path | None = None) -> dict[str, Scheme]:
    """All schemes of a folder by id; two files with one id is an error, not a silent override."""
    directory = directory or bundled_scheme_dir()
    schemes: dict[str, Scheme] = {}
    for path in sorted(directory.glob("*.json")):
        scheme = load_scheme_file(path)
        if scheme.id in schemes:
            raise SchemeFileError(f"{path}: id: scheme {scheme.id!r} is defined twice")
        schemes[scheme.id] = scheme
    return schemes


def _describe(error: Any) -> str:
    """`field.path: what is wrong`; whole-file checks already start with their own path."""
    location = ".".join(str(part) for part in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{location}: {message}" if location else message
