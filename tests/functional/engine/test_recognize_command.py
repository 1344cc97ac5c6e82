"""``credrec recognize`` end to end (in process, through typer), with the local backend."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import typer
from PIL import Image
from typer.testing import CliRunner

from credrec_local import docgen
from credrec_local.commands import recognize


@pytest.fixture(scope="module")
def app():
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """credrec (test)"""

    recognize.register(app)
    return app


def _run(app, *args):
    result = CliRunner().invoke(app, ["recognize", *map(str, args)])
    return result.exit_code, json.loads(result.stdout.strip().splitlines()[-1])


def test_valid_bill_prints_fields(app, engine, tmp_path):
    doc = docgen.generate(731, country="MY", layout="keyvalue")
    sample = docgen.render_variant(doc, "scan", 731)
    path = tmp_path / "bill.jpg"
    path.write_bytes(sample.data)
    code, out = _run(app, path, "--no-fraud-check")
    assert code == 0
    assert out["success"] == "S" and out["sub_code"] == "200"
    assert out["fields"]["name"] == doc.truth.name
    assert out["fields"]["address"].splitlines()[-1] == doc.truth.address_lines[-1]
    assert json.loads(out["ext_id_info"])["recInfo"]["name"] == out["fields"]["name"]
    assert out["fraud"] == {"checked": False, "suspicious": None, "types": [], "score": None}
    code, out = _run(app, path, "--doc-type", "04")
    assert code == 0 and out["fraud"]["checked"] is True
    assert out["sub_code"] in ("200", "212")


def _png(w, h):
    buf = io.BytesIO()
    Image.new("RGB", (w, h), "white").save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "UNSUPPORTED_FORMAT"),
        (b"%PDF-1.7 nothing", "CORRUPT_PDF"),  # PDFs are read, a broken one is refused
        (b"\x89PNG\r\n\x1a\n\x00\x00", "CORRUPT_IMAGE"),
        (b"", "EMPTY_FILE"),
        (None, "IMAGE_TOO_SMALL"),
        ("aspect", "ASPECT_RATIO_TOO_LARGE"),
    ],
)
def test_rejected_input_exits_non_zero_with_error_json(app, tmp_path, content, code):
    if content is None:
        content = _png(12, 300)
    elif content == "aspect":
        content = _png(2000, 30)
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    exit_code, out = _run(app, path)
    assert exit_code == 2
    assert out["error"]["code"] == code and out["error"]["message"]


def test_missing_file(app, tmp_path):
    exit_code, out = _run(app, tmp_path / "nope.png")
    assert exit_code == 2 and out["error"]["code"] == "FILE_NOT_READABLE"


def test_unsupported_doc_type_is_an_error(app, engine, tmp_path):
    doc = docgen.generate(732, country="SG")
    path = tmp_path / "bill.png"
    path.write_bytes(docgen.render_variant(doc, "clean", 732).data)
    exit_code, out = _run(app, path, "--doc-type", "02", "--ocr-area", "0201")
    assert exit_code == 1 and out["error"]["code"] == "InvalidParameter"


def test_batch_folder_of_mixed_files_prints_one_line_each(app, engine, tmp_path):
    """A folder with a good bill, a corrupt PNG, an empty file and a text file named .jpg, plus a missing
    path: one JSON line per file with its name, the good one recognised, the batch not stopped,
    exit code 2 (some files refused)."""
    doc = docgen.generate(733, country="US", layout="window")
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a_good.png").write_bytes(docgen.render_variant(doc, "clean", 733).data)
    (folder / "b_corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "c_empty.png").write_bytes(b"")
    (folder / "d_text.jpg").write_bytes(b"not an image at all")
    (folder / "notes.txt").write_text("ignored: not an image suffix")
    result = CliRunner().invoke(app, ["recognize", str(folder), str(tmp_path / "missing.png"),
                                      "--jobs", "2", "--no-fraud-check", "--no-progress"])
    lines = [json.loads(x) for x in result.stdout.strip().splitlines()]
    by_file = {Path(x["file"]).name: x for x in lines}
    assert sorted(by_file) == ["a_good.png", "b_corrupt.png", "c_empty.png", "d_text.jpg", "missing.png"]
    assert by_file["a_good.png"]["fields"]["name"] == doc.truth.name
    assert by_file["b_corrupt.png"]["error"]["code"] == "CORRUPT_IMAGE"
    assert by_file["c_empty.png"]["error"]["code"] == "EMPTY_FILE"
    assert by_file["d_text.jpg"]["error"]["code"] == "UNSUPPORTED_FORMAT"
    assert by_file["missing.png"]["error"]["code"] == "FILE_NOT_READABLE"
    assert result.exit_code == 2
