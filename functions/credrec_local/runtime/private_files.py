"""Owner-only files and folders for the local data dir: it holds names, addresses and the API token.

Folders credrec creates there are 0700 and files 0600, whatever the process umask. Existing files and
folders that credrec owns by name (the database, ``buckets/``, ``logs/``) are tightened on open, so a
data dir made by an older version is fixed the next time it is used. An existing data dir itself is
left as it is (it may be a folder the user chose, e.g. ``--data-dir .``); what is inside is private.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path, *, tighten: bool = True) -> Path:
    """``path`` and any missing parents created 0700; an existing ``path`` tightened when ``tighten``."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    if tighten and not missing:
        os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if missing; tighten it to 0600 if present."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)
    return path


def open_private_append(path: Path) -> TextIO:
    """A text stream appending to ``path``, which is created 0600 (and its folder 0700)."""
    private_dir(path.parent)
    private_file(path)
    return open(path, "a", encoding="utf-8")  # the caller owns the stream
