"""Holder name and address on real third-party documents: score any folder in the real-dev truth format.

    .venv/bin/python tests/bench/real.py                          # ../shared/real-dev (or $CREDREC_REAL_DIR)
    .venv/bin/python tests/bench/real.py /path/to/folder --json out.json

The folder holds images and a ``truth.json`` mapping each file name to ``name``, ``name_variants``,
``name_is_placeholder``, ``address_lines``/``address``, ``distractor_addresses`` (issuer, agent or sender
addresses on the same page) and optionally ``pdf``, ``country``, ``capture``. Scores per file:

* **name exact**: the reported holder equals the printed name or one of its variants after
  normalisation (case, diacritics, spaces, full stops, commas, apostrophes; a leading title such as "Mr"
  ignored).
  Placeholders ("TEST CUSTOMER") are not scored.
* **address token F1**: lower-case alphanumeric tokens of all reported lines vs the truth.
* **distractor picked**: the reported address is closer to one of the distractor addresses than to the
  holder's (token F1 >= 0.5), or the reported holder is an organisation: its tokens belong to a
  distractor or the issuer, or ``probablepeople`` tags it a corporation. This must never happen.

OCR results are cached per file (``tests/bench/ocrcache.py``): the first run reads every page (a few
seconds each), later runs re-score the extraction rules in seconds. ``--pdf`` scores the documents' PDFs
instead, through the engine's PDF path (text layer or OCR; not cached). Never fails the build (exit 0).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
import traceback
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "functions"))
sys.path.insert(0, str(ROOT))


def _default_dir() -> Path:
    if os.environ.get("CREDREC_REAL_DIR"):
        return Path(os.environ["CREDREC_REAL_DIR"])
    for up in ROOT.parents:  # the shared folder sits beside the checkout (or beside its worktree folder)
        if (up / "shared" / "real-dev" / "truth.json").exists():
            return up / "shared" / "real-dev"
    return ROOT.parent / "shared" / "real-dev"


DEFAULT_DIR = _default_dir()
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp")


def _fold(text: str | None) -> str:
    """Case and diacritics folded ("MAËLLE" = "Maélle" = "maelle"): OCR often swaps accents."""
    t = unicodedata.normalize("NFKD", text or "").casefold()
    return unicodedata.normalize("NFC", "".join(c for c in t if not unicodedata.combining(c)))


def norm_name(text: str | None) -> str:
    from credrec_local.engine import patterns as P

    t = _fold(P.strip_title(unicodedata.normalize("NFKC", text or "").strip()))
    t = re.sub(r"[.,'\u2019`]", " ", t)
    return " ".join(t.split())


def tokens(text: str | None) -> list[str]:
    return re.findall(r"\w+", _fold(text).replace("_", " "))


def token_f1(pred: str | None, truth: str | None) -> float:
    from collections import Counter

    p, t = Counter(tokens(pred)), Counter(tokens(truth))
    if not p and not t:
        return 1.0
    if not p or not t:
        return 0.0
    common = sum((p & t).values())
    if not common:
        return 0.0
    pr, rc = common / sum(p.values()), common / sum(t.values())
    return 2 * pr * rc / (pr + rc)


def is_organisation(name: str, truth: dict[str, Any]) -> bool:
    """The reported holder is an organisation (issuer, agent, department, account type…)."""
    if not name.strip():
        return False
    toks = set(tokens(name))
    others = " ".join([*truth.get("distractor_addresses", []), truth.get("issuer", "")])
    holder = set(tokens(truth.get("name", ""))) | {t for v in truth.get("name_variants", []) for t in tokens(v)}
    if toks and toks <= set(tokens(others)) and not toks <= holder:
        return True
    try:
        import probablepeople

        _parsed, kind = probablepeople.tag(name)
        return bool(kind == "Corporation")
    except Exception:  # probablepeople raises on strings it cannot tag
        return False


def score(got_name: str, got_address: str, truth: dict[str, Any]) -> dict[str, Any]:
    placeholder = bool(truth.get("name_is_placeholder"))
    wanted = [truth.get("name", ""), *truth.get("name_variants", [])]
    name_ok = None if placeholder else any(norm_name(got_name) == norm_name(w) for w in wanted if w)
    address = truth.get("address") or ", ".join(truth.get("address_lines", []))
    f1 = token_f1(got_address, address)
    distractor_f1 = max((token_f1(got_address, d) for d in truth.get("distractor_addresses", [])), default=0.0)
    addr_distractor = bool(got_address.strip()) and distractor_f1 >= 0.5 and distractor_f1 > f1
    org = (not placeholder or norm_name(got_name) != norm_name(truth.get("name"))) and \
        name_ok is not True and is_organisation(got_name, truth)
    return {"name_ok": name_ok, "address_f1": f1, "address_exact": f1 == 1.0,
            "distractor_address": addr_distractor, "organisation_name": org,
            "distractor": addr_distractor or org}


def load_truth(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def run_file(path: Path, *, cache: Path | None, backend: str) -> tuple[str, str, float, bool]:
    from credrec_local.engine.extract import extract
    from tests.bench.ocrcache import read_cached

    t0 = time.perf_counter()
    page = read_cached(path.read_bytes(), cache_dir=cache, backend=backend)
    ex = extract(page["lines"], page["width"], page["height"], rotation=page["rotation"])
    secs = time.perf_counter() - t0
    name = ex.name.value if ex.name else ""
    address = ex.address.value if ex.address else ""
    return name, address, secs, bool(page["cached"])


def table(headers: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def _cell(text: str, limit: int = 42) -> str:
    t = text.replace("\n", " / ").replace("|", "/")
    return t if len(t) <= limit else t[: limit - 1] + "…"


def run_pdf(path: Path, *, backend: str) -> tuple[str, str, float, bool]:
    """A PDF through the engine's own PDF path (text layer, or OCR for image-only pages); not cached."""
    from credrec_local.engine import get_engine

    t0 = time.perf_counter()
    res = get_engine(backend).recognize(path.read_bytes(), fraud_check=False)
    ex = res.extraction
    return (ex.name.value if ex.name else "", ex.address.value if ex.address else "",
            time.perf_counter() - t0, False)


def evaluate(folder: Path, *, cache: Path | None, backend: str, pdf: bool = False) -> list[dict[str, Any]]:
    truth = load_truth(folder)
    records = []
    for fname in sorted(truth):
        t = truth[fname]
        path = folder / (t["pdf"] if pdf and t.get("pdf") else fname)
        if pdf and not t.get("pdf"):
            continue
        if (path.suffix.lower() not in IMAGE_SUFFIXES and not pdf) or not path.exists():
            continue
        fname = path.name
        try:
            if pdf:
                name, address, secs, cached = run_pdf(path, backend=backend)
            else:
                name, address, secs, cached = run_file(path, cache=cache, backend=backend)
            rec = {"file": fname, "name": name, "address": address, "seconds": secs, "cached": cached,
                   **score(name, address, t)}
        except Exception as exc:  # one broken file is a row, not an abort
            rec = {"file": fname, "error": f"{type(exc).__name__}: {exc}", "name": "", "address": "",
                   **score("", "", t)}
        rec.update({"country": t.get("address_country") or t.get("country", ""), "capture": t.get("capture", ""),
                    "pdf": bool(t.get("pdf")), "truth_name": t.get("name", ""), "truth_address": t.get("address", "")})
        records.append(rec)
        print(f"  {fname}: name={rec['name']!r} ok={rec['name_ok']} F1={rec['address_f1']:.2f} "
              f"distractor={rec['distractor']}", file=sys.stderr, flush=True)
    return records


def summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    scored = [r for r in records if r["name_ok"] is not None]
    full = [r for r in records if r["name_ok"] is not False and r["address_exact"]]
    return {"files": len(records), "names_scored": len(scored), "name_ok": sum(bool(r["name_ok"]) for r in scored),
            "address_f1": statistics.mean(r["address_f1"] for r in records) if records else 0.0,
            "fully_right": len(full), "distractor": sum(bool(r["distractor"]) for r in records)}


def report(folder: Path, records: list[dict[str, Any]]) -> None:
    print(f"\n### Real documents: `{folder.name}` ({len(records)} files)\n")
    rows = []
    for r in records:
        name_cell = "placeholder" if r["name_ok"] is None else ("ok" if r["name_ok"] else "NO")
        flag = "**YES**" if r["distractor"] else "no"
        rows.append([r["file"] + (" (+pdf)" if r["pdf"] else ""), r["country"], r["capture"], name_cell,
                     _cell(r["name"] or "—", 30), f"{r['address_f1']:.2f}", _cell(r["address"] or "—"), flag])
    print(table(["file", "country", "capture", "name", "reported holder", "address F1", "reported address",
                 "distractor picked"], rows))
    s = summary(records)
    print()
    print(table(["holder name exact", "address token F1 (mean)", "fully right (name + address exact)",
                 "distractor picked"],
                [[f"{s['name_ok']} / {s['names_scored']}", f"{s['address_f1']:.2f}",
                  f"{s['fully_right']} / {s['files']}", f"{s['distractor']} / {s['files']}"]]))
    errors = [r for r in records if "error" in r]
    for r in errors:
        print(f"\n- {r['file']}: {r['error']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path, help="folders with truth.json (default: real-dev)")
    ap.add_argument("--backend", default="rapidocr")
    ap.add_argument("--no-cache", action="store_true", help="OCR every page again")
    ap.add_argument("--cache-dir", type=Path, default=None)
    ap.add_argument("--json", type=Path, help="write every per-file result here")
    ap.add_argument("--pdf", action="store_true",
                    help="score the PDF of each document that has one (truth field \"pdf\") instead of its page image")
    args = ap.parse_args(argv)
    from tests.bench.ocrcache import DEFAULT_DIR as CACHE

    cache = None if args.no_cache else (args.cache_dir or CACHE)
    folders = args.folders or [DEFAULT_DIR]
    everything: list[dict[str, Any]] = []
    for folder in folders:
        try:
            if not (folder / "truth.json").exists():
                print(f"\n{folder}: no truth.json, skipped")
                continue
            records = evaluate(folder, cache=cache, backend=args.backend, pdf=args.pdf)
            report(folder, records)
            everything.extend(records)
        except Exception:
            traceback.print_exc()
            print(f"\n{folder}: aborted (see the traceback above); exit code 0 by design")
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
