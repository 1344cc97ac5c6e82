"""Run code from the built FC zip in a clean CPython 3.10, the way Function Compute does.

* :func:`find_python310` — the FC runtime's interpreter on this machine (pyenv or system), or None;
* :func:`unpack` — the zip extracted into ``<dest>/code`` (FC unpacks it into ``/code``);
* :func:`clean_venv` — ``python3.10 -m venv --without-pip``: nothing installed, only the stdlib;
* :func:`harness` — pytest and its own dependencies for 3.10, pinned, installed ``--no-deps`` into a
  cached directory of their own, so the contract suites can run in that interpreter. Nothing of
  credrec's runtime closure is in it: the code under test and every SDK come from the zip alone
  (``tests/support/zip_origin.py`` checks that after the run).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HARNESS_CACHE = REPO / "build" / "fc" / "harness"

#: pytest and what it needs on CPython 3.10 (exceptiongroup, tomli), pinned. typing_extensions, which
#: exceptiongroup uses, is deliberately absent: the zip ships it (pydantic needs it).
HARNESS_REQUIREMENTS = (
    "pytest==9.2.0",
    "pytest-timeout==2.4.0",
    "pluggy==1.7.0",
    "iniconfig==2.3.1",
    "packaging==26.4",
    "pygments==2.21.0",
    "exceptiongroup==1.3.2",
    "tomli==2.5.0",
    "prometheus-client==0.26.0",  # the CloudAuth emulator's metrics (test harness, not shipped)
)
#: Top-level modules the harness directory may provide (anything else imported from it is a leak).
HARNESS_TOP_LEVEL = frozenset(
    {"pytest", "_pytest", "py", "pluggy", "iniconfig", "packaging", "pygments", "exceptiongroup", "tomli",
     "pytest_timeout", "prometheus_client"}
)


def find_python310() -> Path | None:
    candidates = sorted((Path.home() / ".pyenv" / "versions").glob("3.10.*/bin/python3.10"), reverse=True)
    candidates += [Path("/usr/bin/python3.10"), Path("/usr/local/bin/python3.10")]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def unpack(zip_path: Path, dest: Path) -> Path:
    code = dest / "code"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(code)
    return code


def clean_venv(python: Path, dest: Path) -> Path:
    """A venv with nothing installed (not even pip); returns its interpreter."""
    venv = dest / "venv"
    subprocess.run([str(python), "-m", "venv", "--without-pip", str(venv)], check=True)  # noqa: S603
    return venv / "bin" / "python"


def harness(cache: Path = HARNESS_CACHE) -> Path:
    """pytest for CPython 3.10 in a directory of its own (installed once, then cached)."""
    key = hashlib.sha256("\n".join(HARNESS_REQUIREMENTS).encode()).hexdigest()[:16]
    target = cache / key
    if (target / ".complete").is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache))
    try:
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
             "--no-deps", "--only-binary=:all:", "--python-version", "3.10", "--implementation", "cp",
             "--target", str(staging), *HARNESS_REQUIREMENTS],
            check=True,
        )
        shutil.rmtree(staging / "bin", ignore_errors=True)
        (staging / ".complete").write_text("\n".join(HARNESS_REQUIREMENTS) + "\n")
        staging.rename(target)
    except OSError:
        if not (target / ".complete").is_file():
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def local_servers_path(dest: Path) -> Path:
    """A directory holding only ``credrec_local`` (a link): the CloudAuth emulator and the loopback
    server base live there and the protocol servers of ``tests/servers`` build on them."""
    path = dest / "servers"
    path.mkdir()
    (path / "credrec_local").symlink_to(REPO / "functions" / "credrec_local", target_is_directory=True)
    return path
