"""Does the name on the document belong to the applicant? → a ``Check`` (MATCH / PARTIAL / MISMATCH / UNKNOWN).

Both names are reduced to tokens the same way:

* transliterated to ASCII and lower case (``text.fold``); digits inside words read as letters (OCR);
* honorifics dropped — Mr/Mrs/Ms/Miss/Mdm/Dr, Encik/Puan/Tuan/Cik, Haji/Hajjah, Dato'/Datuk/Datin,
  Tan Sri/Puan Sri (only as a leading pair: Tan is also a surname), Bapak/Bpk/Ibu, Sdr/Sdri, Khun,
  Atty/Engr — and generational suffixes (Jr, Sr, II, III);
* kinship particles dropped — bin/binti/binte/bte, s/o, d/o, a/l, a/p, anak — the father's name stays
  an ordinary token, so "Ahmad bin Ismail" and "Ahmad Ismail" agree;
* surname particles joined to what follows ("Dela Cruz", "de la Cruz" → ``delacruz``); Mohd/Md/Muhd/
  Mohamad/Mohammed… read as Muhammad, "Ma." as Maria, Abd as Abdul;
* a token that is two or three tokens of the other name run together ("YOHANESKURNIAWAN", "Taiman")
  is split to match them.

Then tokens are paired, best first: equal (1.0), close spelling (``rapidfuzz`` ratio ≥ 80, its
score), an initial and a name starting with it (0.75). Order never matters ("TAN AH KOW" = "Ah Kow
Tan"). The verdict:

* **MISMATCH** when both names keep a token the other cannot explain (a different given name beside a
  shared surname, a father in place of a son), or nothing pairs at all;
* **MATCH** when one name is fully explained by the other, that name has at least two tokens (or
  both are one-word names), at least one full token is spelled the same, no pair is a weak spelling
  match, and the score reaches the policy's ``match_min``; extra tokens on the other side are missing
  middle names and cost a little score;
* **PARTIAL** otherwise (one shared token only, initials only, a weak spelling match);
* **UNKNOWN** when the two names are in different scripts (陳大文 / Chan Tai Man) and do not pair up:
  transliteration cannot settle that, a person can.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations

from ..models import Check, Verdict
from .text import fold, letters_for_digits

TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mdm", "madam", "mme", "mx", "dr", "prof", "sir", "dame", "rev", "fr",
    "encik", "en", "cik", "puan", "pn", "tuan", "tn", "haji", "hj", "hajjah", "hajah", "hjh",
    "dato", "datuk", "datin", "tunku", "tengku", "ungku", "yb", "ybhg",
    "bapak", "bpk", "pak", "ibu", "bu", "sdr", "sdri", "sdra", "saudara", "saudari",
    "khun", "nai", "nang", "nangsao", "atty", "engr", "hon", "mister", "mistress",
})
# Titles that are also ordinary name tokens: dropped only at the very start of a name.
LEADING_ONLY = frozenset({"en", "cik", "pak", "bu", "nai", "nang", "tunku", "tengku", "ungku", "tuan", "fr",
                          "sir", "dame", "hon", "rev"})
LEADING_PAIRS = frozenset({("tan", "sri"), ("puan", "sri"), ("toh", "puan"), ("dato", "sri"), ("datuk", "seri"),
                           ("dato", "seri")})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd"})
PARTICLES = frozenset({"bin", "binti", "binte", "bte", "bt", "bn", "anak", "ak", "s/o", "d/o", "a/l", "a/p",
                       "w/o", "son of", "daughter of"})
JOINERS = frozenset({"de", "del", "dela", "la", "las", "los", "delos", "van", "von", "der", "dos", "san", "santa"})
VARIANTS = {
    **dict.fromkeys(("mohd", "muhd", "md", "mohamad", "mohammad", "mohamed", "mohammed", "muhamad", "muhammed",
                     "mhd"), "muhammad"),
    "abd": "abdul",
}

_SLASHED = re.compile(r"\b([sdaw])\s*/\s*([olp])\b")
_MA_DOT = re.compile(r"\bma\.\s*")
_SPLIT = re.compile(r"[^a-z0-9/]+")


@dataclass(frozen=True)
class NameTokens:
    tokens: tuple[str, ...]

    @property
    def full(self) -> tuple[str, ...]:
        return tuple(t for t in self.tokens if len(t) > 1)


@lru_cache(maxsize=4096)
def tokens(name: str) -> NameTokens:
    text = fold(name).replace("'", "").replace("\u2019", "")
    text = _SLASHED.sub(lambda m: f" {m.group(1)}/{m.group(2)} ", text)
    text = _MA_DOT.sub("maria ", text)
    text = re.sub(r"\b(son|daughter) of\b", " s/o ", text)
    raw = [letters_for_digits(t.strip("/")) if "/" not in t.strip("/") else t for t in _SPLIT.split(text)]
    raw = [t for t in raw if t]
    # leading titles (repeatedly): "Dato' Sri Haji Mohd ..."
    while raw:
        if len(raw) >= 2 and (raw[0], raw[1]) in LEADING_PAIRS:
            raw = raw[2:]
        elif raw[0] in TITLES and len(raw) > 1:
            raw = raw[1:]
        else:
            break
    out: list[str] = []
    pending = ""
    for tok in raw:
        if tok in PARTICLES or tok in SUFFIXES or (tok in TITLES and tok not in LEADING_ONLY):
            continue
        if tok in JOINERS and len(raw) > 2:
            pending += tok
            continue
        tok = VARIANTS.get(tok, tok)
        out.append(pending + tok)
        pending = ""
    if pending:
        out.append(pending)
    return NameTokens(tuple(out))


def _script(name: str) -> str:
    """"latin" or "other": whether a name is written in Latin letters (accents allowed) or not."""
    letters = [c for c in name if c.isalpha()]
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return "latin" if not letters or latin * 2 >= len(letters) else "other"


def _split_joined(side: list[str], other: list[str]) -> list[str]:
    """Replace a token that is 2-3 tokens of ``other`` run together by those tokens."""
    from rapidfuzz import fuzz

    other_set = set(other)
    result: list[str] = []
    for tok in side:
        if tok in other_set or len(tok) < 3:
            result.append(tok)
            continue
        glued = _unglue(tok, other_set)
        if glued is not None:
            result.extend(glued)
            continue
        if len(tok) < 4:
            result.append(tok)
            continue
        replaced = None
        for size in (2, 3):
            if len(other) < size:
                break
            for combo in permutations(other, size):
                joined = "".join(combo)
                if joined == tok or (len(tok) >= 8 and fuzz.ratio(joined, tok) >= 92):
                    replaced = list(combo)
                    break
            if replaced:
                break
        result.extend(replaced or [tok])
    return result


_DROPPED = (TITLES - LEADING_ONLY) | PARTICLES | {"mr", "mrs", "ms", "mdm", "dr", "encik", "puan", "bapak", "ibu"}


def _unglue(tok: str, other: set[str]) -> list[str] | None:
    """A title or particle OCR glued to a name ("mrandrew", "binrazak", "priyad/o") → the name alone,
    when the name is one of the other side's tokens."""
    for i in range(1, len(tok)):
        left, right = tok[:i], tok[i:]
        if left in _DROPPED and right in other:
            return [right]
        if right in _DROPPED and left in other:
            return [left]
    return None


@dataclass(frozen=True)
class _Pairing:
    pairs: list[tuple[str, str, float, str]]  # (expected, document, score, kind)
    left_a: list[str]
    left_b: list[str]


def _pair(a: list[str], b: list[str]) -> _Pairing:
    from rapidfuzz import fuzz

    candidates: list[tuple[float, int, int, str]] = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if x == y:
                candidates.append((1.0, i, j, "exact"))
            elif len(x) == 1 or len(y) == 1:
                if x[0] == y[0]:
                    candidates.append((0.75, i, j, "initial"))
            else:
                ratio = fuzz.ratio(x, y)
                if ratio >= 80 and min(len(x), len(y)) >= 4:
                    candidates.append((ratio / 100.0, i, j, "spelling"))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[str, str, float, str]] = []
    for score, i, j, kind in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((a[i], b[j], score, kind))
    return _Pairing(pairs, [x for i, x in enumerate(a) if i not in used_a],
                    [y for j, y in enumerate(b) if j not in used_b])


def match_name(expected: str | None, document: str | None, *, match_min: float = 0.8,
               partial_min: float = 0.5, strong_spelling: float = 0.95,
               tokenize: Callable[[str], NameTokens] | None = None) -> Check:
    """``tokenize`` replaces :func:`tokens` (the benchmark compares other tokenisers with it)."""
    tok = tokenize or tokens
    if not expected or not tok(expected).tokens:
        return Check(verdict=Verdict.NOT_PROVIDED, why="no applicant name was given")
    if not document or not tok(document).tokens:
        return Check(verdict=Verdict.UNKNOWN, why="no name was read from the document")
    a = list(tok(expected).tokens)
    b = list(tok(document).tokens)
    a, b = _split_joined(a, b), _split_joined(b, a)
    p = _pair(a, b)
    kinds = [k for _, _, _, k in p.pairs]
    detail = {
        "tokens": {"expected": len(a), "document": len(b), "paired": len(p.pairs)},
        "pairs": {k: kinds.count(k) for k in ("exact", "spelling", "initial") if k in kinds},
        "unpaired": {"expected": len(p.left_a), "document": len(p.left_b)},
    }
    total = sum(s for _, _, s, _ in p.pairs)
    if _script(expected) != _script(document) and ((p.left_a and p.left_b) or not p.pairs):
        # 陳大文 → "Chen Da Wen" (Mandarin) while the other side writes Chan Tai Man (Cantonese): a
        # transliteration cannot tell; a person can
        return Check(score=None, verdict=Verdict.UNKNOWN, detail=detail,
                     why="the names are written in different scripts and the transliteration does not settle it")
    if (p.left_a and p.left_b) or not p.pairs:
        score = round(total / max(len(a), len(b)), 3)
        why = ("no token of the two names pairs up" if not p.pairs
               else "both names have a part the other lacks (e.g. another given name beside a shared surname)")
        return Check(score=min(score, 0.6), verdict=Verdict.MISMATCH, why=why, detail=detail)
    covered, extra = (a, b) if not p.left_a else (b, a)
    extras = len(extra) - len(covered)
    score = max(0.0, min(1.0, total / len(covered) - 0.04 * extras))
    score = round(score, 3)
    exact_full = sum(1 for x, _, _, k in p.pairs if k == "exact" and len(x) > 1)
    weak = [s for _, _, s, k in p.pairs if k == "spelling" and s < strong_spelling]
    mononyms = len(a) == 1 and len(b) == 1
    # an initial on the longer name standing for a part of the shorter one, while that longer name
    # keeps parts of its own ("Patricia Ramon S." for "Patricia Soriano"), is not evidence enough
    extra_set = set(extra)
    loose_initial = extras > 0 and any(k == "initial" and (x if extra is a else y) in extra_set and
                                       len(x if extra is a else y) == 1 for x, y, _, k in p.pairs)
    if (len(covered) >= 2 or mononyms) and exact_full >= 1 and not weak and not loose_initial and \
            score >= match_min:
        parts = []
        if "initial" in kinds:
            parts.append("initials agree with given names")
        if "spelling" in kinds:
            parts.append("a spelling differs slightly")
        if extras:
            parts.append(f"{extras} part(s) of the longer name missing from the other (e.g. a middle name)")
        why = "every part of the name agrees" + (": " + "; ".join(parts) if parts else "")
        return Check(score=score, verdict=Verdict.MATCH, why=why, detail=detail)
    if len(covered) < 2 and not mononyms:
        why = "only one part of the name agrees"
    elif exact_full == 0:
        why = "only initials or near spellings agree"
    elif weak:
        why = "a part of the name is spelled differently"
    else:
        why = "the names agree only in part"
    verdict = Verdict.PARTIAL if score >= partial_min else Verdict.MISMATCH
    return Check(score=score, verdict=verdict, why=why, detail=detail)
