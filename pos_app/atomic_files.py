"""Files the partner keeps (CSV, PDF): written aside, then renamed into place.

A full disk, a read-only folder or a crash half-way leaves the previous file (or none), never a
half-written one an accountant would take for the whole.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from pos_app.domain.text import Text

log = logging.getLogger(__name__)


class FileWriteError(Exception):
    """A file the till could not write; `message` is French, for the partner."""

    def __init__(self, path: Path, exc: OSError) -> None:
        if exc.errno == errno.ENOSPC:
            message = Text(
                "Disque plein : {path} n'a pas été écrit. Libérez de la place.", path=path
            )
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            message = Text(
                "Écriture refusée dans {folder} : choisissez un dossier où vous pouvez écrire.",
                folder=path.parent,
            )
        elif exc.errno == errno.ENOENT:
            message = Text("Le dossier {folder} n'existe pas.", folder=path.parent)
        elif exc.errno == errno.EISDIR:
            message = Text("{path} est un dossier : donnez le nom du fichier à écrire.", path=path)
        else:
            message = Text("Impossible d'écrire {path} ({detail}).", path=path, detail=exc.strerror)
        super().__init__(message)
        self.path = path
        self.message = message


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call `write` on a temporary file beside `path`, flush it to disk, then rename it to
    `path`. On any failure the temporary file is removed and `FileWriteError` raised."""
    path = Path(path)
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        log.error("could not write %s: %s", path, exc)
        raise FileWriteError(path, exc) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return path
