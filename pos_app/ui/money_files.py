"""Where the reimbursements page writes the partner's files: a folder of the documents, a name of
their own (never over an earlier letter), and a French reason when the folder cannot be made.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


def reimbursements_folder() -> Path:
    """Where the page writes its files: « Remboursements Atouts » in the user's documents."""
    from platformdirs import user_documents_path

    return user_documents_path() / "Remboursements Atouts"


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """`folder/stem.suffix`, or `stem-2.suffix`…: a letter already sent is never replaced."""
    path, number = folder / f"{stem}{suffix}", 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}{suffix}"
    return path


class FolderError(Exception):
    """The folder for the files could not be made (said in the page, in its language)."""

    def __init__(self, folder: Path, error: OSError) -> None:
        super().__init__(str(folder))
        self.folder = folder
        self.error = error


def _folder_ready(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.error("could not make %s: %s", folder, exc)
        raise FolderError(folder, exc) from exc
    return folder


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    rows: int | None = None
