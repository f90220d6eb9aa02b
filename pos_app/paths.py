"""Where a till keeps its data: the user data folder, unless `--data-dir` says otherwise."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "atouts-pos"


class DataDirError(Exception):
    """A data folder that cannot be used: the French message says which and why."""

    code = "data_dir_unusable"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_WHY = {
    errno.ENOENT: "un dossier du chemin n'existe pas et ne peut pas être créé",
    errno.EACCES: "accès refusé",
    errno.EPERM: "accès refusé",
    errno.EROFS: "disque en lecture seule",
    errno.ENOSPC: "disque plein",
    errno.ENOTDIR: "une partie du chemin est un fichier",
    errno.EEXIST: "un fichier porte déjà ce nom",
}


def default_data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def resolve_data_dir(data_dir: str | Path | None) -> Path:
    """The folder, made if needed; `DataDirError` (French) if it cannot be a till's folder."""
    if data_dir is not None and not str(data_dir).strip():
        raise DataDirError("Dossier des données vide : indiquez un dossier avec --data-dir.")
    path = Path(data_dir).expanduser() if data_dir else default_data_dir()
    if path.exists() and not path.is_dir():
        raise DataDirError(
            f"{path} est un fichier, pas un dossier : indiquez un dossier avec --data-dir."
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = _WHY.get(exc.errno or 0, "le système le refuse")
        raise DataDirError(
            f"Impossible de créer le dossier des données {path} ({why}) : "
            "indiquez avec --data-dir un dossier où vous pouvez écrire."
        ) from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise DataDirError(
            f"Le dossier des données {path} n'est pas accessible en écriture : "
            "indiquez un autre dossier avec --data-dir."
        )
    return path.resolve()
