"""Loading scheme files from disk, with errors that name the file and the field.

Kept out of the domain core because it reads files; the core only sees validated `Scheme`s.

Validating a file takes pydantic (`pos_app.domain.scheme_models`, ~0.15 s to import and build,
the largest cost of the window's cold start). With a `cache` file (the till keeps one in its
data folder), a file is validated once per content: the cache records, for the SHA-256 of each
file's exact bytes, the validated and normalised form, with the SHA-256 of that form, and the
SHA-256 of the validator's source. A file whose bytes are not in the cache (new, edited,
damaged) is validated in full and a broken one is refused, named as before; a damaged cache, or
one written by another validator, is ignored (and rewritten). The cache sits in the till's data
folder, where anyone using the computer can write: once the window is up, `Till.warm_up`
validates the files again off the window's thread and drops a cache that said otherwise.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from importlib import resources
from pathlib import Path
from typing import Any

from pos_app.domain.schemes import Scheme, scheme_from_data

log = logging.getLogger(__name__)

CACHE_FORMAT = 1
_VALIDATOR_SOURCES = ("domain/scheme_models.py", "domain/schemes.py")


class SchemeFileError(Exception):
    """A scheme file cannot be used; the message says which file, which field and why."""


def load_scheme_file(path: Path) -> Scheme:
    """One file, always validated in full."""
    return scheme_from_data(_validated(path, _read(path)))


def bundled_scheme_dir() -> Path:
    return Path(str(resources.files("resources") / "schemes"))


def load_schemes(directory: Path | None = None, *, cache: Path | None = None) -> dict[str, Scheme]:
    """All schemes of a folder by id; two files with one id is an error, not a silent override.

    `cache`: the file of the forms already validated (see the module's docstring), read and
    updated; None validates every file."""
    directory = directory or bundled_scheme_dir()
    validator = _validator_digest() if cache is not None else None
    known = _read_cache(cache, validator) if cache is not None and validator else {}
    seen: dict[str, dict[str, Any]] = {}
    schemes: dict[str, Scheme] = {}
    for path in sorted(directory.glob("*.json")):
        content = _read(path)
        digest = hashlib.sha256(content).hexdigest()
        data = known.get(digest)
        scheme = None
        if data is not None:
            try:
                scheme = scheme_from_data(data)
            except (KeyError, TypeError, ValueError) as exc:  # only if the validator lied
                log.warning("scheme cache: entry of %s unusable (%s), validating it", path, exc)
        if scheme is None:
            data = _validated(path, content)
            scheme = scheme_from_data(data)
            log.info("scheme file %s validated", path)
        seen[digest] = data
        if scheme.id in schemes:
            raise SchemeFileError(f"{path}: id: scheme {scheme.id!r} is defined twice")
        schemes[scheme.id] = scheme
    if cache is not None and validator and seen != known:
        _write_cache(cache, validator, seen)
    return schemes


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SchemeFileError(f"{path}: cannot be read ({exc.strerror})") from exc


def _validated(path: Path, content: bytes) -> dict[str, Any]:
    """The file's normalised form, once validated in full (pydantic: imported here only)."""
    from pydantic import ValidationError

    from pos_app.domain.scheme_models import normalised

    try:
        raw = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SchemeFileError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise SchemeFileError(f"{path}: not valid JSON at line {exc.lineno} ({exc.msg})") from exc
    if not isinstance(raw, dict):
        raise SchemeFileError(
            f"{path}: (root): expected one JSON object describing a scheme, "
            f"got {type(raw).__name__}"
        )
    try:
        return normalised(raw)
    except ValidationError as exc:
        problems = "; ".join(_describe(error) for error in exc.errors())
        raise SchemeFileError(f"{path}: {problems}") from exc


def _validator_digest() -> str | None:
    """SHA-256 of the validator's source: a new validator re-validates every file. None (no
    cache used) if the source cannot be read."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    try:
        for name in _VALIDATOR_SOURCES:
            digest.update((package / name).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _data_digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_cache(cache: Path, validator: str) -> dict[str, dict[str, Any]]:
    """The cache's forms by file digest; {} if there is none, or none usable (logged)."""
    try:
        document = json.loads(cache.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        log.warning("scheme cache %s unreadable (%s): every scheme file is validated", cache, exc)
        return {}
    try:
        if document["format"] != CACHE_FORMAT or document["validator"] != validator:
            return {}  # another version of the app wrote it
        known = {}
        for digest, entry in document["files"].items():
            if _data_digest(entry["data"]) != entry["check"]:
                raise ValueError(f"entry {digest[:12]} does not match its check")
            known[digest] = entry["data"]
        return known
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        log.warning("scheme cache %s damaged (%s): every scheme file is validated", cache, exc)
        return {}


def _write_cache(cache: Path, validator: str, forms: dict[str, dict[str, Any]]) -> None:
    """Written whole, then renamed over the old one; a failure only costs the next start."""
    document = {
        "format": CACHE_FORMAT,
        "validator": validator,
        "files": {
            digest: {"check": _data_digest(data), "data": data}
            for digest, data in sorted(forms.items())
        },
    }
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        partial.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(partial, cache)
    except OSError as exc:
        log.warning("scheme cache %s not written (%s)", cache, exc)
        partial.unlink(missing_ok=True)


def _describe(error: Any) -> str:
    """`field.path: what is wrong`; whole-file checks already start with their own path."""
    location = ".".join(str(part) for part in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{location}: {message}" if location else message
