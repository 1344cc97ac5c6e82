"""The PDF section of the engine benchmark (``tests/bench/engine.py --pdf-docs N``, or alone:
``.venv/bin/python tests/bench/pdf_bench.py``).

Generated set (seeds from 400000 by default; the tests use seeds below 1000, and the runs at 200000 and 300000
found bugs that were then fixed, so those sets are no longer clean):

* **digital**: one-page bills with a text layer; **multi-page**: three pages, the bill on page 1, 2 or 3;
  **scanned**: image-only pages (the scan variant's JPEG). Field accuracy (name exact, address token F1,
  the page the holder was found on) and seconds per document (median, p90). The digital/scanned ratio
  is the "text layer vs OCR" speed-up.
* **forgery**: every ``docgen.pdf.EDIT_KINDS`` on digital bills, share flagged (SubCode 212);
  **false alarms** on untouched digital and multi-page bills and on the same bills after each benign
  re-save (``print_to_pdf``, ``linearize``, ``compress``).

Real set (``--real``, default ``../shared/real-dev``): every file of ``truth.json`` that has a PDF,
scored with ``tests/bench/real.py``'s rules; these are genuine documents, so a SubCode 212 is a false
alarm. Never fails the build.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "functions"))
sys.path.insert(0, str(ROOT))


def _table(headers: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def _q(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _pct(flags: list[bool]) -> str:
    return f"{100 * sum(flags) / len(flags):.0f} % ({sum(flags)}/{len(flags)})" if flags else "n/a"


def generated(engine: Any, docs: int, seed0: int, scanned_docs: int) -> str:
    from credrec_local import docgen
    from credrec_local.docgen.pdf import (
        BENIGN_KINDS,
        EDIT_KINDS,
        digital_pdf,
        edit_pdf,
        resave_pdf,
        scanned_pdf,
    )
    from credrec_local.docgen.score import score_fields

    def run(data: bytes) -> tuple[Any, dict[str, Any], float]:
        t0 = time.perf_counter()
        res = engine.recognize(data, fraud_check=True)
        secs = time.perf_counter() - t0
        return res, json.loads(res.ext_id_info)["recInfo"], secs

    sets: dict[str, list[dict[str, Any]]] = {"digital": [], "multi-page (3 pages)": [], "scanned": []}
    edits: dict[str, list[bool]] = {k: [] for k in EDIT_KINDS}
    benign: dict[str, list[bool]] = {"untouched": [], **{k: [] for k in BENIGN_KINDS}}
    digital_samples = []
    for i in range(docs):
        seed = seed0 + i
        doc = docgen.generate(seed, country=docgen.COUNTRIES[i % len(docgen.COUNTRIES)])
        for name, sample in (("digital", digital_pdf(doc)),
                             ("multi-page (3 pages)", digital_pdf(doc, pages=3, holder_page=1 + i % 3))):
            res, rec, secs = run(sample.data)
            s = score_fields(rec, sample.truth)
            sets[name].append({"name": s.name_exact, "f1": s.address_f1, "secs": secs,
                               "page": rec.get("pageNumber") == sample.holder_page})
            benign["untouched"].append(res.sub_code == "212")
            if name == "digital":
                digital_samples.append(sample)
        if i < scanned_docs:
            sample = scanned_pdf(doc, seed)
            res, rec, secs = run(sample.data)
            s = score_fields(rec, sample.truth)
            sets["scanned"].append({"name": s.name_exact, "f1": s.address_f1, "secs": secs, "page": True})
        print(f"  pdf seed {seed} done", file=sys.stderr, flush=True)
    for j, sample in enumerate(digital_samples):
        for kind in EDIT_KINDS:
            try:
                forged = edit_pdf(sample, kind, seed0 + 7 * j)
            except ValueError:
                continue
            res, _, _ = run(forged.data)
            edits[kind].append(res.sub_code == "212")
        for kind in BENIGN_KINDS:
            res, _, _ = run(resave_pdf(sample, kind).data)
            benign[kind].append(res.sub_code == "212")
    rows = []
    for name, rs in sets.items():
        if not rs:
            continue
        secs = [r["secs"] for r in rs]
        rows.append([name, str(len(rs)), _pct([r["name"] for r in rs]),
                     f"{statistics.mean(r['f1'] for r in rs):.3f}", _pct([r["page"] for r in rs]),
                     f"{statistics.median(secs):.2f}", f"{_q(secs, 0.9):.2f}"])
    out = [f"### PDF: fields and speed (generated, seeds from {seed0})", "",
           _table(["set", "docs", "name exact", "address F1", "holder page found", "s/doc median", "s/doc p90"],
                  rows)]
    if sets["digital"] and sets["scanned"]:
        ratio = statistics.median(r["secs"] for r in sets["digital"]) / statistics.median(
            r["secs"] for r in sets["scanned"])
        out += ["", f"Digital page (text layer) / scanned page (OCR), median seconds: **{ratio:.3f}**"]
    out += ["", "### PDF: forgery signals (generated)", "",
            _table(["edited variant", "docs", "flagged (212)"], [[k, str(len(v)), _pct(v)] for k, v in edits.items()]),
            "", _table(["untouched / benign re-save", "docs", "false alarms (212)"],
                       [[k, str(len(v)), _pct(v)] for k, v in benign.items()])]
    return "\n".join(out)


def real(engine: Any, folder: Path) -> str:
    from tests.bench.real import load_truth, score

    truth = load_truth(folder)
    rows = []
    for _, t in sorted(truth.items()):
        pdf = t.get("pdf")
        if not pdf or not (folder / pdf).exists():
            continue
        data = (folder / pdf).read_bytes()
        t0 = time.perf_counter()
        try:
            res = engine.recognize(data, fraud_check=True)
        except Exception as exc:
            rows.append([pdf, "error", type(exc).__name__, "", "", "", "", ""])
            continue
        secs = time.perf_counter() - t0
        rec = json.loads(res.ext_id_info)["recInfo"]
        sc = score(rec.get("name", ""), rec.get("address", ""), t)
        name_cell = "placeholder" if t.get("name_is_placeholder") else ("ok" if sc.get("name_ok") else "NO")
        rows.append([pdf, str(rec.get("textSource")), f"{rec.get('pageNumber')}/{rec.get('pageCount')}",
                     name_cell, f"{sc.get('address_f1', 0):.2f}", "yes" if sc.get("distractor") else "no",
                     f"{secs:.2f}", res.sub_code + (" (" + ", ".join(s.kind for s in res.fraud.signals
                                                                   if not s.informational) + ")"
                                                   if res.sub_code == "212" else "")])
    if not rows:
        return f"(no PDFs with truth in {folder})"
    return "\n".join([f"### PDF: real documents ({folder.name}, genuine: 212 is a false alarm)", "",
                      _table(["file", "read from", "page", "name exact", "address F1", "distractor picked",
                              "seconds", "SubCode"], rows)])


def run(args: argparse.Namespace, engine: Any | None = None) -> None:
    from credrec_local.engine import get_engine

    engine = engine or get_engine(getattr(args, "backend", "rapidocr"))
    if args.pdf_docs > 0:
        try:
            print(generated(engine, args.pdf_docs, args.pdf_seed, args.pdf_scanned))
        except Exception:
            traceback.print_exc()
    if args.real and args.real.exists():
        try:
            print()
            print(real(engine, args.real))
        except Exception:
            traceback.print_exc()


def add_arguments(ap: argparse.ArgumentParser) -> None:
    from tests.bench.real import _default_dir

    ap.add_argument("--pdf-docs", type=int, default=6, help="generated bills per PDF set (0 skips the PDF section)")
    ap.add_argument("--pdf-scanned", type=int, default=3, help="scanned PDFs (each is OCR'd: slow)")
    ap.add_argument("--pdf-seed", type=int, default=400000, help="first seed of the PDF set (200000 and 300000 were used while fixing bugs)")
    ap.add_argument("--real", type=Path, default=_default_dir(), help="real documents with truth.json (PDFs used)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", default="rapidocr")
    add_arguments(ap)
    args = ap.parse_args(argv)
    try:
        run(args)
    except Exception:
        traceback.print_exc()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
