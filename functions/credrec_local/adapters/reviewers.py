"""Local reviewer identities for the review workbench: DATA_DIR/reviewers.json, name → SHA-256 of the token.

The token itself is printed once by ``credrec reviewers add`` and never stored. The file has the shape
of the stack's ``credrec:reviewers`` secret, so the same hashes can be deployed.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from pathlib import Path

from credrec.settings import REVIEWER_NAME, parse_reviewer_hashes

REVIEWERS_FILE = "reviewers.json"


def reviewers_path(data_dir: Path) -> Path:
    return data_dir / REVIEWERS_FILE


def load_reviewers(data_dir: Path) -> dict[str, str]:
    path = reviewers_path(data_dir)
    if not path.exists():
        return {}
    return parse_reviewer_hashes(path.read_text(encoding="utf-8"))


def _save(data_dir: Path, hashes: dict[str, str]) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = reviewers_path(data_dir)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(hashes, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)


def add_reviewer(data_dir: Path, name: str) -> str:
    """Create (or re-issue) NAME's token; returns the token, which is not stored anywhere."""
    if not REVIEWER_NAME.match(name):
        raise ValueError("a reviewer name is 1-64 letters, digits, '.', '_', '@' or '-'")
    token = "rv_" + secrets.token_urlsafe(32)
    hashes = load_reviewers(data_dir)
    hashes[name] = token_sha256(token)
    _save(data_dir, hashes)
    return token


def remove_reviewer(data_dir: Path, name: str) -> bool:
    hashes = load_reviewers(data_dir)
    if name not in hashes:
        return False
    del hashes[name]
    _save(data_dir, hashes)
    return True


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
