"""A second real implementation of the local engine's interface, for the emulator's tests.

``TextChunkEngine.recognize(data, *, doc_type, ocr_area, fraud_check)`` answers like
``credrec_local.engine.get_engine()`` does (``success``, ``sub_code``, ``ext_id_info`` JSON string)
but reads the text a synthetic PNG carries in its ``tEXt`` chunks (``tests/support/textpng.py``)
instead of running OCR: the same answers as ``PngTextRecognizer``, in milliseconds.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

from tests.support.textpng import read_text_chunks


@dataclass(frozen=True)
class EngineAnswer:
    success: str
    sub_code: str
    ext_id_info: str


class TextChunkEngine:
    def __init__(self) -> None:
        self.calls: list[dict] = []
        self._lock = threading.Lock()

    def recognize(self, data: bytes, *, doc_type: str, ocr_area: str, fraud_check: bool) -> EngineAnswer:
        with self._lock:
            self.calls.append({"doc_type": doc_type, "ocr_area": ocr_area, "fraud_check": fraud_check,
                               "size": len(data)})
        texts = read_text_chunks(data)
        name, address = texts.get("Name"), texts.get("Address")
        if not name and not address:
            sub_code, success, rec = "213", "F", {}
        else:
            rec = {"name": name or "", "address": address or ""}
            rec.update({k: v for k, v in texts.items() if k not in ("Name", "Address", "Fraud")})
            sub_code, success = "200", "S"
        ext: dict[str, object] = {"recInfo": rec}
        if fraud_check:
            flagged = texts.get("Fraud", "").upper() == "Y"
            ext["spoofInfo"] = {"spoofResult": "Y" if flagged else "N", "spoofType": ["PS"] if flagged else []}
            if flagged and sub_code == "200":
                sub_code = "212"
        return EngineAnswer(success, sub_code, json.dumps(ext, ensure_ascii=False))
