"""Issue #10 row 8: several ``serve``/``demo`` processes starting on one fresh data dir.

Before the fix the token file was created with O_EXCL and then written: a second starter either
crashed with FileExistsError or read the still-empty file and served with an empty token.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from credrec.errors import ConfigurationError
from credrec_local.runtime.stack import TOKEN_FILE, local_token

REPO = Path(__file__).resolve().parents[2]


def _race(data_dir: Path, starters: int) -> tuple[list[str], list[BaseException]]:
    barrier = threading.Barrier(starters)
    tokens: list[str] = []
    errors: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            tokens.append(local_token(data_dir, environ={}))
        except BaseException as exc:  # the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(starters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tokens, errors


def test_concurrent_starters_on_a_fresh_dir_agree_on_one_token(tmp_path):
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: widens every race window
    try:
        for trial in range(60):
            data_dir = tmp_path / f"trial-{trial}"
            tokens, errors = _race(data_dir, 6)
            assert errors == []
            assert len(tokens) == 6 and len(set(tokens)) == 1 and tokens[0]
            assert (data_dir / TOKEN_FILE).read_text().strip() == tokens[0]
            assert sorted(p.name for p in data_dir.iterdir()) == [TOKEN_FILE]  # no temporary left behind
    finally:
        sys.setswitchinterval(previous)


def test_concurrent_processes_agree_on_one_token(tmp_path):
    code = "import sys; from pathlib import Path; from credrec_local.runtime.stack import local_token; " \
           "print(local_token(Path(sys.argv[1]), environ={}))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "functions"), str(REPO)])}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "data")], stdout=subprocess.PIPE,  # noqa: S603
                              stderr=subprocess.PIPE, env=env) for _ in range(4)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [err.decode() for _, err in outs]
    assert len({out.strip() for out, _ in outs}) == 1 and outs[0][0].strip()


def test_the_token_file_is_private_and_reused(tmp_path):
    token = local_token(tmp_path, environ={})
    path = tmp_path / TOKEN_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert local_token(tmp_path, environ={}) == token
    assert local_token(tmp_path, environ={"CREDREC_LOCAL_TOKEN": "from-env"}) == "from-env"


def test_an_empty_token_file_is_refused_not_served(tmp_path):
    (tmp_path / TOKEN_FILE).write_text("\n")
    with pytest.raises(ConfigurationError, match="empty"):
        local_token(tmp_path, environ={})
