"""Issue #10 item 6: the dead code a read found stays gone, and near-duplicates stay single."""

from __future__ import annotations

import inspect

from credrec import codec, models
from credrec.adapters import tablestore
from credrec_local.adapters import recognizer, store_sqlite
from credrec_local.engine import extract, patterns
from credrec_local.servers import emulator


def test_dead_names_are_gone():
    assert not hasattr(extract, "SUPPORTED")  # the engine's SUPPORTED_DOC_TYPES is the one list
    assert not hasattr(patterns, "PHONE")
    assert not hasattr(models, "TERMINAL_STATUSES")  # Status.terminal is the one definition


def test_one_cursor_codec_for_every_store():
    assert tablestore.encode_cursor is codec.encode_cursor and tablestore.decode_cursor is codec.decode_cursor
    assert store_sqlite.encode_cursor is codec.encode_cursor and store_sqlite.decode_cursor is codec.decode_cursor
    assert not hasattr(store_sqlite, "_encode_cursor") and not hasattr(store_sqlite, "_decode_cursor")


def test_one_mapping_from_an_image_refusal_to_the_services_code():
    assert emulator.api_code_for is recognizer.api_code_for
    assert "RejectCode." not in inspect.getsource(emulator)  # no second table of validation codes there
