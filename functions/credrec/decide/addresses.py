"""Is the address on the document the applicant's? → a ``Check`` with per-component evidence.

An address is read into three kinds of evidence, the same way on both sides and in any line order:

* **postcode** — by the country's format when the country is known (SG 6 digits, MY/ID/TH/US 5 (+4),
  PH/AU 4, UK outward+inward), otherwise the first format that fits; equal postcodes are strong
  evidence, different ones (more than one character apart) a mismatch;
* **numbers** — every other number (block, house, lot, street number, floor, unit), leading zeros
  dropped, letters kept ("123A", "Blok E4", "SS2"); numbers inside a unit form (``#05-12``, ``05-12``, ``Unit 5-12``,
  ``Flat 5``, ``Flat A, 12/F``, ``Apt 4B``, ``Room 1203``, ``A-12-3``, ``Level 3``) are marked as the
  unit. "12/84 Smith St" and "Unit 12, 84 Smith St" give the same numbers;
* **words** — the remaining words with abbreviations expanded (St/Street, Rd/Road, Jln/Jl/Jalan,
  Blk/Block, Lor/Lorong, Brgy/Barangay, Kel./Kelurahan, Tmn/Taman, AMK/Ang Mo Kio...).

Verdict:

* **MISMATCH**: postcodes differ; or a number other than the unit differs (another house, block or
  street); or too few of the applicant's words are on the document;
* **PARTIAL**: only unit numbers differ (another unit in the same building), a unit on one side only,
  a postcode one character off (OCR), or the words agree only in part;
* **MATCH**: no conflict, every number of the applicant's address is on the document, the words
  agree (``rapidfuzz`` spelling tolerance per word) and the score reaches the policy's ``match_min``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..models import Check, Verdict
from .text import fold

ABBREVIATIONS = {
    "st": "street", "str": "street", "rd": "road", "ave": "avenue", "av": "avenue", "avn": "avenue", "dr": "drive",
    "drv": "drive", "blvd": "boulevard", "bvd": "boulevard", "cres": "crescent", "cresc": "crescent", "ct": "court",
    "crt": "court", "ln": "lane", "pl": "place", "hwy": "highway", "pde": "parade", "sq": "square", "tce": "terrace",
    "terr": "terrace", "cl": "close", "gr": "grove", "gdn": "garden", "gdns": "gardens", "hts": "heights",
    "pk": "park", "pkwy": "parkway", "cir": "circle", "ctr": "centre", "center": "centre", "mt": "mount",
    "upp": "upper", "nth": "north", "sth": "south", "bldg": "building", "twr": "tower", "twrs": "towers",
    "mansions": "mansion", "apts": "apartments", "condo": "condominium",
    "jln": "jalan", "jl": "jalan", "lor": "lorong", "lrg": "lorong", "tmn": "taman", "kg": "kampung",
    "kpg": "kampung", "bdr": "bandar", "psn": "persiaran", "pja": "pangsapuri", "ppr": "pangsapuri",
    "brgy": "barangay", "bgy": "barangay", "kel": "kelurahan", "kec": "kecamatan", "kab": "kabupaten",
    "prov": "province", "subd": "subdivision", "vill": "village", "perum": "perumahan", "komp": "komplek",
    "kompleks": "komplek", "jend": "jenderal", "jen": "jenderal", "bt": "bukit", "wp": "wilayah persekutuan",
    "kl": "kuala lumpur", "amk": "ang mo kio", "tpy": "toa payoh", "cck": "choa chu kang", "bb": "bukit batok",
    "hk": "hong kong", "kln": "kowloon", "nt": "new territories", "tst": "tsim sha tsui", "sg": "singapore",
    "sgp": "singapore", "my": "malaysia", "ph": "philippines", "mm": "metro manila", "bkk": "bangkok",
    "khwaeng": "khwaeng", "sukhumvit": "sukhumvit",
}
# Words that carry no identity of their own once numbers are read (the numbers stay).
STOPWORDS = frozenset({
    "block", "blk", "unit", "flat", "apt", "apartment", "no", "nos", "number", "lot", "room", "rm", "suite", "ste",
    "floor", "flr", "fl", "f", "level", "lvl", "rt", "rw", "moo", "the", "of", "and", "at", "s", "address",
    "postcode", "postal", "code", "zip", "phase", "ph", "tower",
})
COUNTRY_WORDS = frozenset({"singapore", "malaysia", "philippines", "indonesia", "thailand", "hong", "kong",
                           "united", "kingdom", "uk", "australia", "usa", "us", "america", "states"})

_POSTCODE = {
    "SG": r"(?<![\w-])(?:s\s*\(?\s*)?(\d{6})\)?(?![\w-])",
    "MY": r"(?<![\w/-])(\d{5})(?![\w/-])",
    "ID": r"(?<![\w/-])(\d{5})(?![\w/-])",
    "TH": r"(?<![\w/-])(\d{5})(?![\w/-])",
    "US": r"(?<![\w/-])(\d{5})(?:-\d{4})?(?![\w/])",
    "PH": r"(?<![\w/#-])(\d{4})(?=\s*(?:,|$|\n|metro|[a-z]+\s*$))",
    "AU": r"(?:\b(?:nsw|vic|qld|sa|wa|tas|act|nt)\s+)(\d{4})\b",
    "UK": r"\b([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})\b",
}
_GUESS_ORDER = ("UK", "SG", "AU", "US", "PH")

_UNIT_PATTERNS = (
    re.compile(r"#\s*([0-9a-z]{1,4})\s*-\s*([0-9a-z]{1,5})"),
    re.compile(r"\b(?:unit|flat|apt|apartment|suite|ste|rm|room|penthouse)\.?\s*#?\s*([0-9a-z]{1,5})"
               r"(?:\s*-\s*([0-9a-z]{1,5}))?(?:\s*-\s*([0-9a-z]{1,5}))?\b"),
    re.compile(r"\b(\d{1,3})\s*/\s*f\b"),
    re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)?\s+(?:floor|flr)\b"),
    re.compile(r"\b(?:level|lvl|floor|flr|fl)\s*(\d{1,3})\b"),
    re.compile(r"(?<![\w/-])([a-z]{1,2})\s*-\s*(\d{1,3})\s*-\s*(\d{1,3}[a-z]?)(?![\w/-])"),
    re.compile(r"(?<![\w/#-])(\d{2})\s*-\s*(\d{2,4})(?![\w/-])"),
)
# a number with up to three letters before it ("E4", "SS2", "U13") and one after ("123A")
_NUMBER = re.compile(r"(?<![a-z0-9])([a-z]{0,3})(\d+)([a-z]?)(?![a-z0-9])")
_WORD = re.compile(r"[a-z]+")


@dataclass
class ParsedAddress:
    postcode: str | None = None
    numbers: Counter[str] = field(default_factory=Counter)
    unit: Counter[str] = field(default_factory=Counter)
    words: list[str] = field(default_factory=list)


def _num(value: str) -> str:
    value = value.strip().lower()
    digits = value.rstrip("abcdefghijklmnopqrstuvwxyz")
    suffix = value[len(digits):]
    return (str(int(digits)) if digits else "") + suffix


def _postcode(text: str, country: str | None) -> tuple[str | None, str]:
    order = (country,) if country in _POSTCODE else _GUESS_ORDER
    for cc in order:
        assert cc is not None
        found = list(re.finditer(_POSTCODE[cc], text, re.M))
        if not found:
            continue
        m = found[-1]
        code = "".join(g for g in m.groups() if g).replace(" ", "")
        return code, text[: m.start(1)] + " " + text[m.end() :]
    return None, text


@lru_cache(maxsize=4096)
def parse(address: str, country: str | None = None) -> ParsedAddress:
    text = fold(address.replace("\r", "\n"))
    lines = "\n".join(seg.strip() for seg in re.split(r"[\n;]", text))
    postcode, rest = _postcode(lines, country)
    parsed = ParsedAddress(postcode=postcode)
    # unit forms first (their numbers are marked as the unit), then every other number
    for pattern in _UNIT_PATTERNS:
        def take(m: re.Match[str]) -> str:
            for g in m.groups():
                if g:
                    parsed.unit[_num(g)] += 1
                    parsed.numbers[_num(g)] += 1
            return " "
        rest = pattern.sub(take, rest)
    rest = rest.replace("/", " ")
    for m in _NUMBER.finditer(rest):
        parsed.numbers[m.group(1) + _num(m.group(2) + m.group(3))] += 1
    rest = _NUMBER.sub(" ", rest)
    for word in _WORD.findall(rest):
        word = ABBREVIATIONS.get(word, word)
        for w in word.split():
            if w not in STOPWORDS and len(w) > 1:
                parsed.words.append(w)
    return parsed


def _coverage(mine: list[str], theirs: list[str]) -> float:
    """Share of ``mine`` (words) found in ``theirs``, a close spelling counting by its similarity."""
    from rapidfuzz import fuzz

    if not mine:
        return 1.0
    pool = set(theirs)
    joined = "".join(theirs)
    total = 0.0
    for w in mine:
        if w in pool:
            total += 1.0
            continue
        best = max((fuzz.ratio(w, t) for t in pool), default=0.0) / 100.0
        if best < 0.8 and len(w) >= 6 and w in joined:
            best = 0.9  # "angmokio" vs "ang mo kio"
        total += best if best >= 0.8 else 0.0
    return total / len(mine)


def _one_off(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def match_address(expected: str | None, document: str | None, *, country: str | None = None,
                  match_min: float = 0.8, partial_min: float = 0.5, words_min: float = 0.8) -> Check:
    if not expected or not expected.strip():
        return Check(verdict=Verdict.NOT_PROVIDED, why="no applicant address was given")
    if not document or not document.strip():
        return Check(verdict=Verdict.UNKNOWN, why="no address was read from the document")
    a, b = parse(expected, country), parse(document, country)
    detail: dict[str, Any] = {"components": {}}
    comp: dict[str, str] = detail["components"]
    weights: list[tuple[float, float]] = []  # (weight, agreement)
    conflicts: list[str] = []
    partials: list[str] = []

    # postcode
    if a.postcode and b.postcode:
        pa, pb = a.postcode[:5] if country == "US" else a.postcode, b.postcode[:5] if country == "US" else b.postcode
        if pa == pb:
            comp["postcode"] = "MATCH"
            weights.append((0.35, 1.0))
        elif _one_off(pa, pb):
            comp["postcode"] = "PARTIAL"
            partials.append("the postcodes differ by one character")
            weights.append((0.35, 0.5))
        else:
            comp["postcode"] = "MISMATCH"
            conflicts.append("the postcodes differ")
            weights.append((0.35, 0.0))
    else:
        comp["postcode"] = "UNKNOWN"

    # numbers
    only_a, only_b = a.numbers - b.numbers, b.numbers - a.numbers
    shared = sum((a.numbers & b.numbers).values())
    unit_a = {n for n in only_a if n in a.unit}
    unit_b = {n for n in only_b if n in b.unit}
    if a.numbers or b.numbers:
        weights.append((0.25, shared / max(1, max(sum(a.numbers.values()), sum(b.numbers.values())))))
    if only_a and only_b:
        if set(only_a) == unit_a and set(only_b) == unit_b:
            comp["unit"] = "MISMATCH"
            comp["numbers"] = "MATCH" if shared else "UNKNOWN"
            partials.append("another unit in the same building")
        else:
            comp["numbers"] = "MISMATCH"
            conflicts.append("a house, block or street number differs")
    elif unit_a or unit_b:
        comp["unit"] = "UNKNOWN"
        comp["numbers"] = "MATCH" if shared else "UNKNOWN"
        partials.append("a unit is given on one side only")
    elif only_a:
        comp["numbers"] = "PARTIAL"
        partials.append("a number of the applicant's address is not on the document")
    else:
        comp["numbers"] = "MATCH" if shared else "UNKNOWN"
        if a.unit or b.unit:
            comp["unit"] = "MATCH"

    # words: the applicant's words found on the document (country names do not count)
    wa = [w for w in a.words if w not in COUNTRY_WORDS]
    wb = [w for w in b.words if w not in COUNTRY_WORDS]
    cov = _coverage(wa, wb) if wa else (1.0 if not wb else 0.5)
    weights.append((0.4, cov))
    detail["words"] = {"expected": len(wa), "document": len(wb), "found": round(cov, 3)}
    if cov < partial_min:
        comp["street_locality"] = "MISMATCH"
        conflicts.append("the street and place names differ")
    elif cov < words_min:
        comp["street_locality"] = "PARTIAL"
        partials.append("the street and place names agree only in part")
    else:
        comp["street_locality"] = "MATCH"

    total_w = sum(w for w, _ in weights)
    score = round(sum(w * s for w, s in weights) / total_w, 3) if total_w else 0.0
    extra_b = sum(only_b.values()) if not only_a else 0
    score = round(max(0.0, score - 0.03 * extra_b), 3)
    evidence = comp.get("postcode") == "MATCH" or shared > 0 or len(wa) >= 3
    if conflicts:
        return Check(score=min(score, 0.6), verdict=Verdict.MISMATCH, why="; ".join(conflicts), detail=detail)
    if not partials and evidence and score >= match_min:
        why = "postcode, numbers and street agree" if comp.get("postcode") == "MATCH" else \
            "numbers and street agree (no postcode on both sides)"
        return Check(score=score, verdict=Verdict.MATCH, why=why, detail=detail)
    if not partials:
        partials.append("too little in common to be sure")
    verdict = Verdict.PARTIAL if score >= partial_min else Verdict.MISMATCH
    return Check(score=min(score, 0.79), verdict=verdict, why="; ".join(partials), detail=detail)
