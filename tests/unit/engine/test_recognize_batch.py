"""Batch ``recognize``: workers, one line per file, errors isolated, exit codes (fast: PNG text recognizer)."""

from __future__ import annotations

import threading
from pathlib import Path

from credrec.errors import NetworkError, UpstreamRejectedError
from credrec.models import RecognitionParams
from credrec_local.commands.recognize import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_REJECTED,
    batch_exit_code,
    expand_inputs,
    run_batch,
)
from tests.support.textpng import FaultyRecognizer, PngTextRecognizer, text_png

PARAMS = RecognitionParams(doc_type="04", ocr_area="0401", fraud_check=True)


def _folder(tmp_path: Path, n: int) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(n):
        (d / f"bill_{i:02d}.png").write_bytes(text_png({"Name": f"Holder {i}", "Address": f"{i} Main St"}))
    return d


def test_expand_inputs_takes_folder_images_in_name_order_and_keeps_named_files(tmp_path):
    d = _folder(tmp_path, 3)
    (d / "readme.txt").write_text("x")
    (d / "sub").mkdir()
    odd = tmp_path / "scan.bin"
    odd.write_bytes(b"x")
    got = expand_inputs([d, odd, tmp_path / "missing.png"])
    assert [p.name for p in got] == ["bill_00.png", "bill_01.png", "bill_02.png", "scan.bin", "missing.png"]


def test_workers_build_one_recognizer_each_and_every_file_gets_a_line(tmp_path):
    files = expand_inputs([_folder(tmp_path, 12)])
    built: list[PngTextRecognizer] = []
    lock = threading.Lock()

    def make() -> PngTextRecognizer:
        r = PngTextRecognizer()
        with lock:
            built.append(r)
        return r

    lines: list[dict] = []
    code = run_batch(files, jobs=3, make=make, params=PARAMS, backend="test", emit=lines.append, progress=False)
    assert code == EXIT_OK
    assert sorted(x["file"] for x in lines) == sorted(str(p) for p in files)
    assert {x["fields"]["name"] for x in lines} == {f"Holder {i}" for i in range(12)}
    assert 1 <= len(built) <= 3  # models load once per worker, not once per file
    assert sum(len(r.calls) for r in built) == 12


def test_a_failing_call_does_not_stop_the_batch_and_sets_the_exit_code(tmp_path):
    files = expand_inputs([_folder(tmp_path, 4)])
    faulty = FaultyRecognizer(PngTextRecognizer(), [NetworkError("reset", code="ConnectionReset")])
    lines: list[dict] = []
    code = run_batch(files, jobs=1, make=lambda: faulty, params=PARAMS, backend="test", emit=lines.append,
                     progress=False)
    assert code == EXIT_FAILED
    assert len(lines) == 4
    assert lines[0]["error"]["code"] == "ConnectionReset" and lines[0]["error"]["retryable"] is True
    assert all("sub_code" in x for x in lines[1:])


def test_refused_files_and_upstream_rejections(tmp_path):
    d = _folder(tmp_path, 1)
    (d / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    faulty = FaultyRecognizer(PngTextRecognizer(), [UpstreamRejectedError("bad", code="UnqualifiedPhoto")])
    lines: list[dict] = []
    code = run_batch(expand_inputs([d]), jobs=2, make=lambda: faulty, params=PARAMS, backend="test",
                     emit=lines.append, progress=False)
    errors = sorted(x["error"]["code"] for x in lines)
    assert errors == ["CORRUPT_IMAGE", "UnqualifiedPhoto"]
    assert code == EXIT_REJECTED


def test_a_recognizer_that_cannot_be_built_fails_each_valid_file_cleanly(tmp_path):
    def make() -> PngTextRecognizer:
        raise RuntimeError("models missing")

    lines: list[dict] = []
    code = run_batch(expand_inputs([_folder(tmp_path, 2)]), jobs=2, make=make, params=PARAMS, backend="test",
                     emit=lines.append, progress=False)
    assert code == EXIT_FAILED
    assert [x["error"]["code"] for x in lines] == ["ENGINE_UNAVAILABLE"] * 2


def test_progress_bar_goes_to_stderr_only(tmp_path, capsys):
    lines: list[dict] = []
    run_batch(expand_inputs([_folder(tmp_path, 2)]), jobs=1, make=PngTextRecognizer, params=PARAMS,
              backend="test", emit=lines.append, progress=True)
    out = capsys.readouterr()
    assert out.out == "" and "2/2" in out.err
    assert len(lines) == 2


def test_batch_exit_code_priority():
    assert batch_exit_code([]) == EXIT_OK
    assert batch_exit_code([EXIT_OK, EXIT_FAILED]) == EXIT_FAILED
    assert batch_exit_code([EXIT_FAILED, EXIT_REJECTED, EXIT_OK]) == EXIT_REJECTED
