"""The demo's results table stays readable in an 80-column terminal and keeps every column in a wide one."""

from __future__ import annotations

import pytest

from credrec_local.commands.demo import _table

ROWS = [
    ("uploads/samples/th-gas-bill-photo.jpg", {
        "status": "SUCCEEDED", "sub_code": "200", "fraud": {"checked": True, "suspicious": False},
        "fields": {"name": "Mrs Supaporn Suwannarat",
                   "address": "759/145 Charoen Krung Road\nTambon Nong Prue\nChon Buri 20150"}}),
    ("uploads/samples/corrupt-upload.jpg", {
        "status": "REJECTED", "fields": {}, "fraud": {"checked": False}, "error": {"code": "CORRUPT_IMAGE"}}),
]


def _render(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], columns: int) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    _table(ROWS, 12.5)
    return capsys.readouterr().out.splitlines()


def test_narrow_terminal_joins_address_lines_and_keeps_the_code(monkeypatch, capsys):
    lines = _render(monkeypatch, capsys, 80)
    assert max(len(line) for line in lines) <= 80
    text = " ".join(lines)
    assert "Road, Tambon" in text  # address lines joined on one table line where they fit
    assert "CORRUPT_IMAGE" in text and "200" in text
    assert "10 documents" not in text and "2 documents in 12.5 s" in text


def test_wide_terminal_has_one_address_line_per_table_line_and_a_code_column(monkeypatch, capsys):
    lines = _render(monkeypatch, capsys, 160)
    assert any("┃ code" in line for line in lines)
    assert any("Tambon Nong Prue " in line and "Road" not in line for line in lines)
    assert "CORRUPT_IMAGE" in "".join(lines)
