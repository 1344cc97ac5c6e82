"""The field's libraries against the engine's rules, on real-dev and on generated pages (OCR cached).

    .venv/bin/python tests/bench/libraries.py [--pages 12]

* **Address lines** (line level): every OCR phrase of a page is an address line when all its tokens are
  tokens of the holder's or a distractor's address (truth), else not. Detectors: the engine's rules
  (``patterns.address_evidence >= 0.3``), ``usaddress`` (a house number with a street name, or a ZIP
  with a state), ``pyap`` (an address found in the line, country from the truth; US/CA/GB only).
* **Person names** (line level): a phrase equal to the holder's name (or a variant) vs every other
  phrase. Detectors: the rules (``patterns.name_score >= 0.4``) and ``probablepeople`` (tagged Person).
* **Dates**: printed bill dates of the generated pages and a fixed list of multilingual dates; the
  rules (``patterns.find_dates`` with the country's date order) vs ``dateparser`` (same order setting).

Prints precision / recall (dates: share parsed to the right day). Never fails the build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import traceback
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "functions"))
sys.path.insert(0, str(ROOT))

# multilingual dates as printed on bills (written for this benchmark), with their day
MULTILINGUAL = [
    ("11 décembre 2022", "FR", "2022-12-11"), ("le 28/12/2022", "FR", "2022-12-28"), ("5. März 2026", "DE", "2026-03-05"),
    ("05.03.2026", "DE", "2026-03-05"), ("5 Maret 2026", "ID", "2026-03-05"), ("30 Januari 2025", "ID", "2025-01-30"),
    ("5 Mac 2026", "MY", "2026-03-05"), ("12 Ogos 2025", "MY", "2025-08-12"), ("April 17, 2024", "CA", "2024-04-17"),
    ("2024-04-17", "CA", "2024-04-17"), ("03/05/2026", "US", "2026-03-05"), ("Nov 11, 2021", "US", "2021-11-11"),
    ("17 avr. 2024", "FR", "2024-04-17"), ("1er février 2023", "FR", "2023-02-01"), ("21 Dec 2023", "UK", "2023-12-21"),
    ("05/03/2026", "IN", "2026-03-05"), ("15-Aug-2025", "IN", "2025-08-15"), ("Dezember 2025", "DE", None),
]


def toks(text: str) -> set[str]:
    t = unicodedata.normalize("NFKD", text).casefold()
    t = "".join(c for c in t if not unicodedata.combining(c))
    return set(re.findall(r"[a-z0-9]+", t))


def _usaddress(text: str) -> bool:
    import usaddress

    try:
        tagged, _kind = usaddress.tag(text)
    except Exception:  # RepeatedLabelError on odd strings
        return False
    keys = set(tagged)
    return bool(({"AddressNumber", "StreetName"} <= keys) or ({"ZipCode", "StateName"} <= keys))


def _pyap(country: str) -> Callable[[str], bool]:
    import pyap

    code = {"UK": "GB", "GB": "GB", "US": "US", "CA": "CA"}.get(country)

    def detect(text: str) -> bool:
        if code is None:
            return False
        try:
            return bool(pyap.parse(text, country=code))
        except Exception:
            return False

    return detect


def _probablepeople(text: str) -> bool:
    import probablepeople

    try:
        return probablepeople.tag(text)[1] == "Person"
    except Exception:
        return False


def pages(pages: int) -> list[dict[str, Any]]:
    """(items of the layout, truth) for real-dev and the generated accuracy set, OCR cached."""
    from credrec_local import docgen
    from credrec_local.engine import layout as L
    from tests.bench.ocrcache import read_cached
    from tests.bench.real import DEFAULT_DIR

    out: list[dict[str, Any]] = []
    truth_file = DEFAULT_DIR / "truth.json"
    if truth_file.exists():
        for fname, t in json.loads(truth_file.read_text()).items():
            path = DEFAULT_DIR / fname
            if not path.exists():
                continue
            pg = read_cached(path.read_bytes())
            lay = L.build(pg["lines"], pg["width"], pg["height"], rotation=pg["rotation"])
            out.append({"set": "real-dev", "items": [i.text for i in lay.items],
                        "names": [] if t.get("name_is_placeholder") else [t["name"], *t.get("name_variants", [])],
                        "addresses": [t.get("address", ""), *t.get("distractor_addresses", [])],
                        "country": t.get("address_country") or t.get("country")})
    for i in range(pages):
        seed = 100000 + i
        country = docgen.COUNTRIES[i % len(docgen.COUNTRIES)]
        layout = docgen.LAYOUTS[(i + i // len(docgen.COUNTRIES)) % len(docgen.LAYOUTS)]
        doc = docgen.generate(seed, country=country, layout=layout)
        for variant in docgen.VARIANTS:
            sample = docgen.render_variant(doc, variant, seed)
            pg = read_cached(sample.data)
            lay = L.build(pg["lines"], pg["width"], pg["height"], rotation=pg["rotation"])
            out.append({"set": "generated", "items": [i.text for i in lay.items], "names": [sample.truth.name],
                        "addresses": [sample.truth.address], "country": country,
                        "bill_date": (sample.truth.bill_date, sample.truth.bill_date_iso)})
    return out


def prf(rows: list[tuple[bool, bool]]) -> str:
    tp = sum(p and t for p, t in rows)
    fp = sum(p and not t for p, t in rows)
    fn = sum(t and not p for p, t in rows)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return f"{prec:.2f} / {rec:.2f}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def run(args: argparse.Namespace) -> None:
    from credrec_local.engine import patterns as P
    from credrec_local.engine.locales import LOCALES

    data = pages(args.pages)
    addr_rows: dict[str, dict[str, list[tuple[bool, bool]]]] = {}
    name_rows: dict[str, dict[str, list[tuple[bool, bool]]]] = {}
    for pg in data:
        addr_tokens = [toks(a) for a in pg["addresses"] if a]
        names = {" ".join(sorted(toks(P.strip_title(n)))) for n in pg["names"]}
        detectors = {"rules (address_evidence)": lambda t: P.address_evidence(t) >= 0.3,
                     "usaddress": _usaddress, "pyap": _pyap(pg["country"] or "")}
        for text in pg["items"]:
            tt = toks(text)
            is_addr = bool(tt) and any(tt <= a for a in addr_tokens) and len(tt) >= 2
            for name, det in detectors.items():
                addr_rows.setdefault(pg["set"], {}).setdefault(name, []).append((det(text), is_addr))
            if names:
                is_name = " ".join(sorted(toks(P.strip_title(text)))) in names
                for name, det in {"rules (name_score)": lambda t: P.name_score(t) >= 0.4,
                                  "probablepeople (Person)": _probablepeople}.items():
                    name_rows.setdefault(pg["set"], {}).setdefault(name, []).append((det(text), is_name))
    print("\n### Libraries vs rules (line level, precision / recall)\n")
    rows = []
    for s, dets in addr_rows.items():
        for name, r in dets.items():
            rows.append([s, "address line", name, str(sum(t for _, t in r)), prf(r)])
    for s, dets in name_rows.items():
        for name, r in dets.items():
            rows.append([s, "holder name line", name, str(sum(t for _, t in r)), prf(r)])
    print(table(["set", "what", "detector", "true lines", "precision / recall"], rows))
    # dates
    import dateparser

    cases = [(d[0], pg["country"], d[1]) for pg in data if pg.get("bill_date") for d in [pg["bill_date"]]]
    cases += MULTILINGUAL
    ok_rules = ok_lib = 0
    misses: list[str] = []
    for printed, country, iso in cases:
        loc = LOCALES.get(country)
        mf = bool(loc and loc.month_first)
        ds = P.find_dates(printed, month_first=mf)
        got_r = ds[0].value.isoformat() if ds and ds[0].value else None
        order = {"MDY": "MDY", "DMY": "DMY", "YMD": "YMD"}[loc.date_order] if loc else "DMY"
        parsed = dateparser.parse(printed, settings={"DATE_ORDER": order, "PREFER_DAY_OF_MONTH": "first",
                                                     "REQUIRE_PARTS": ["day", "month", "year"]})
        got_l = parsed.date().isoformat() if isinstance(parsed, dt.datetime) else None
        ok_rules += got_r == iso
        ok_lib += got_l == iso
        if got_r != iso or got_l != iso:
            misses.append(f"{printed!r} ({country}): rules {got_r}, dateparser {got_l}, truth {iso}")
    print()
    print(table(["dates", "cases", "rules (find_dates)", "dateparser"],
                [["generated bill dates + multilingual list", str(len(cases)), f"{ok_rules}/{len(cases)}",
                  f"{ok_lib}/{len(cases)}"]]))
    if misses:
        print("\nDate disagreements:\n" + "\n".join(f"- {m}" for m in misses))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=12, help="generated documents (each clean/scan/photo)")
    args = ap.parse_args(argv)
    try:
        run(args)
    except Exception:
        traceback.print_exc()
        print("\nbenchmark aborted (see the traceback above); exit code 0 by design")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
