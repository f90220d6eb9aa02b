"""Writing a PDF (or any document) the safe way: made in memory, written beside the target
under a temporary name, flushed to disk, then renamed. A full disk, a read-only folder or a
folder that does not exist leaves no half-written file and says so in French."""

from __future__ import annotations

import errno
from pathlib import Path

from pos_app import atomic_files
from pos_app.domain.text import Text


class DocumentWriteError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _why(exc: OSError) -> Text:
    if exc.errno == errno.ENOSPC:
        return Text("le disque est plein")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Text("le dossier est protégé en écriture")
    if exc.errno == errno.ENOENT:
        return Text("le dossier n'existe pas")
    if exc.errno == errno.EISDIR:
        return Text("c'est un dossier")
    return Text("erreur du système : {detail}", detail=exc.strerror or exc)


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` (replacing it) or raise `DocumentWriteError`; never a partial
    file at `path` nor a temporary one left beside it (`pos_app.atomic_files`)."""
    try:
        return atomic_files.write_atomically(Path(path), data)
    except atomic_files.FileWriteError as exc:
        raise DocumentWriteError(
            "document_write_failed",
            Text(
                "Impossible d'écrire le fichier {file} : {why}. Rien n'a été écrit ; choisissez "
                "un autre dossier ou libérez de l'espace, puis recommencez.",
                file=str(path),
                why=_why(exc.os_error),
            ),
        ) from exc
