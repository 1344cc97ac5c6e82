"""``AnswerVault`` over a folder: ``DATA_DIR/answers/<record id>.json``, written atomically (rename).

The local counterpart of ``credrec.adapters.oss.OssAnswerVault``: a paid answer whose final write
failed waits here until a later delivery or ``credrec sweep`` stores it — no second recognition.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from credrec.codec import from_row, to_row
from credrec.models import Record
from credrec_local.runtime.private_files import private_dir

_ID = re.compile(r"^[0-9a-f]{32}$")


class FolderAnswerVault:
    def __init__(self, data_dir: str | Path) -> None:
        self.root = Path(data_dir) / "answers"

    def _path(self, record_id: str) -> Path | None:
        return self.root / f"{record_id}.json" if _ID.match(record_id) else None

    def keep(self, record: Record) -> None:
        path = self._path(record.id)
        if path is None:
            raise ValueError("not a record id")
        private_dir(self.root)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # personal data: owner only
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(to_row(record), handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)

    def take(self, record_id: str) -> Record | None:
        path = self._path(record_id)
        if path is None or not path.is_file():
            return None
        try:
            return from_row(record_id, json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return None

    def drop(self, record_id: str) -> None:
        path = self._path(record_id)
        if path is not None:
            path.unlink(missing_ok=True)
