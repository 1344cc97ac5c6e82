"""Decision benchmark: name and address MATCH precision/recall, and the decision confusion matrix.

    .venv/bin/python tests/bench/decisions.py                 # default sizes, Markdown tables
    .venv/bin/python tests/bench/decisions.py --pairs 2000 --show-misses 10

Three sets, kept apart:

* **dev** — the set the matchers were tuned on: documents' names and addresses drawn by the document
  generator (``credrec_local.docgen.data``, seeds 1000-…), the applicant's side made by this file's
  ``variant_a_*`` functions (title stripped, case, order, abbreviations, unit formats, joined tokens),
  hard negatives by ``negative_a_*`` (same surname, father/sibling, other unit, other house number,
  other postcode, another person/address).
* **eval-gen** — other seeds (500 000-…) and a *different* variant/negative generator (``variant_b_*``,
  ``negative_b_*``: comma order, initials, run-together given names, reversed lines, prefixed postcodes,
  floor changes, same street in another town), written separately and not tuned on.
* **eval-hand** — ``tests/bench/decision_cases.py``: pairs written by hand, not tuned on.

"MATCH" is the positive class: precision = share of MATCH verdicts that are the same person/address;
recall = share of same person/address pairs that get MATCH. PARTIAL counts as "not MATCH" (another unit
in the same building is labelled *different*: it must not be a MATCH). The decision matrix runs the
shipped default policy on whole records (name + address + a bill date 3-200 days old + issuer + a
forgery flag on 10 %), against the outcome the truth calls for: REJECT when the person or the address
differs or the bill is too old, REVIEW when only the forgery flag is up, else ACCEPT.

The document side is the generator's printed text (no OCR): OCR errors are measured by
``tests/bench/engine.py``; here only the matching and the decision are measured. Never fails: prints
tables (and ``--show-misses`` examples of the eval misses) and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "functions"))
sys.path.insert(0, str(ROOT))

Pair = tuple[str, str, str | None, bool, str]  # applicant, document, country, same, kind

TITLES_PRINTED = ("Mr.", "Mr", "Ms", "Mrs", "Mdm", "Miss", "Dr", "Encik", "Puan", "Bapak", "Ibu")

# ----------------------------------------------------------------------------------------- dev: method A


def _strip_title(name: str) -> str:
    parts = name.split()
    while parts and parts[0].rstrip(".").lower() in {t.rstrip(".").lower() for t in TITLES_PRINTED}:
        parts = parts[1:]
    return " ".join(parts)


def variant_a_name(printed: str, rng: random.Random) -> tuple[str, str]:
    """(applicant, document) for the same person: the applicant types their name without a title, in
    ordinary case, sometimes reordered or without a particle; the document may have OCR-joined tokens."""
    applicant = _strip_title(printed).title().replace("S/O", "s/o").replace("D/O", "d/o").replace("A/L", "a/l") \
        .replace("A/P", "a/p").replace(" Bin ", " bin ").replace(" Binti ", " binti ").replace(" Binte ", " binte ")
    r = rng.random()
    tokens = applicant.split()
    if r < 0.2 and len(tokens) >= 2:
        applicant = " ".join(tokens[1:] + tokens[:1])  # surname moved
    elif r < 0.35:
        applicant = re.sub(r"\s+(bin|binti|binte|s/o|d/o|a/l|a/p)\s+", " ", applicant)  # particle dropped
    elif r < 0.45:
        applicant = re.sub(r"\s[A-Z]\.\s", " ", applicant)  # middle initial dropped
    elif r < 0.55:
        applicant = applicant.upper()
    document = printed
    if rng.random() < 0.1:
        parts = document.split()
        if len(parts) >= 2:
            i = rng.randrange(len(parts) - 1)
            document = " ".join([*parts[:i], parts[i] + parts[i + 1], *parts[i + 2:]])  # OCR-joined
    return applicant, document


def negative_a_name(printed: str, other: str, rng: random.Random) -> tuple[str, str]:
    """(applicant, document) for another person: a stranger, a same-surname relative, or the father."""
    applicant = _strip_title(printed)
    tokens = applicant.split()
    r = rng.random()
    if r < 0.35 or len(tokens) < 2:
        return applicant, other
    m = re.search(r"\s(bin|binti|binte|s/o|d/o|a/l|a/p)\s+(\S+)", applicant)
    if m and r < 0.6:
        return applicant, f"{m.group(2)} {'bin' if m.group(1) in ('bin', 'binti', 'binte') else 's/o'} " \
                          f"{rng.choice(['Osman', 'Hassan', 'Muthu', 'Ramasamy', 'Salleh'])}"
    if r < 0.75:
        # sibling with a near-identical given name: one vowel inside a given-name token changed
        idx = max(range(len(tokens)), key=lambda k: (len(tokens[k]) if k != len(tokens) - 1 else 0, -k))
        tok = tokens[idx]
        vowels = [k for k, c in enumerate(tok) if c.lower() in "aeiou" and k > 0]
        if vowels:
            k = rng.choice(vowels)
            new = rng.choice([v for v in "aeiou" if v != tok[k].lower()])
            return applicant, " ".join([*tokens[:idx], tok[:k] + new + tok[k + 1:], *tokens[idx + 1:]])
    # same surname (first or last token kept), other given name(s) taken from the stranger
    stranger = _strip_title(other).split()
    keep_first = rng.random() < 0.5
    given = [t for t in stranger if t.lower() not in {x.lower() for x in tokens}][:2] or ["Alex"]
    relative = [tokens[0], *given] if keep_first else [*given, tokens[-1]]
    return applicant, " ".join(relative)


ABBREV_A = [("Avenue", "Ave"), ("Street", "St"), ("Road", "Rd"), ("Jalan", "Jln"), ("Block", "Blk"),
            ("Lorong", "Lor"), ("Barangay", "Brgy."), ("Drive", "Dr"), ("Boulevard", "Blvd")]


def variant_a_address(lines: list[str], rng: random.Random) -> tuple[str, str]:
    parts = list(lines)
    if len(parts) > 3 and rng.random() < 0.5:
        parts = parts[:-1] if not re.search(r"\d{4,6}", parts[-1]) else parts
    text = ", ".join(parts)
    for full, short in ABBREV_A:
        if rng.random() < 0.6:
            text = re.sub(rf"\b{full}\b", short, text, flags=re.I)
    if rng.random() < 0.3:
        text = re.sub(r"#(\d{2})-(\d+)", lambda m: f"{m.group(1)}-{m.group(2)}", text)
    elif rng.random() < 0.3:
        text = re.sub(r"#(\d{2})-(\d+)", lambda m: f"Unit {int(m.group(1))}-{m.group(2)}", text)
    text = text.title() if rng.random() < 0.5 else text
    return text, "\n".join(lines)


def _bump(number: str, rng: random.Random) -> str:
    value = int(number) + rng.choice([1, 2, 3])
    return str(value).zfill(len(number))


def negative_a_address(lines: list[str], other: list[str], country: str, rng: random.Random) -> tuple[str, str, str]:
    """(applicant, document, kind) for another address."""
    doc = "\n".join(lines)
    text = ", ".join(lines)
    unit = re.search(r"(#\d{2}-)(\d+)|\b(Unit|Flat|Apt|Room|Rm)\s+(\d+)", text)
    r = rng.random()
    if unit and r < 0.35:
        if unit.group(1):
            moved = text[: unit.start(2)] + _bump(unit.group(2), rng) + text[unit.end(2):]
        else:
            moved = text[: unit.start(4)] + _bump(unit.group(4), rng) + text[unit.end(4):]
        return moved, doc, "other_unit"
    postcode = re.search(r"(?<![\d#/-])(\d{4,6})(?![\d-])", "\n".join(lines[1:])) if len(lines) > 1 else None
    if postcode and r < 0.65:
        code = postcode.group(1)
        fresh = code
        while sum(a != b for a, b in zip(fresh, code, strict=True)) < 2:
            fresh = "".join(str(rng.randrange(10)) for _ in code)
        return text.replace(code, fresh), doc, "other_postcode"
    house = re.search(r"(?<![#\d/-])(\d{1,4})(?![\d/-])", lines[0])
    if house and r < 0.85:
        return lines[0][: house.start(1)] + _bump(house.group(1), rng) + lines[0][house.end(1):] + ", " + \
            ", ".join(lines[1:]), doc, "other_number"
    return ", ".join(other), doc, "other_address"


# ------------------------------------------------------------------------------------- eval: method B


def variant_b_name(printed: str, rng: random.Random) -> tuple[str, str]:
    """Written separately from method A: comma order, initials, run-together given names, lower case."""
    bare = _strip_title(printed)
    words = bare.replace(",", " ").split()
    choice = rng.randrange(5)
    if choice == 0 and len(words) >= 2:
        applicant = f"{words[-1]}, {' '.join(words[:-1])}"
    elif choice == 1 and len(words) >= 3:
        applicant = " ".join([words[0], "".join(words[1:3]), *words[3:]])  # given names run together
    elif choice == 2 and len(words) >= 2 and "/" not in bare:
        applicant = f"{words[0][0]}. {' '.join(words[1:])}"  # initial first
    elif choice == 3:
        applicant = bare.lower()
    else:
        applicant = f"{rng.choice(['Mr', 'Ms', 'Dr'])} {bare}"
    return applicant, printed


def negative_b_name(printed: str, other: str, rng: random.Random) -> tuple[str, str]:
    bare = _strip_title(printed)
    words = bare.split()
    choice = rng.randrange(3)
    if choice == 0 and len(words) >= 2:
        # sibling: one given-name token changed in its first letter (Ming → Ling), the rest kept
        # a name token, never a particle (bin, s/o) nor an initial: changing those names nobody else
        candidates = [k for k, w in enumerate(words) if len(w) > 2 and "/" not in w and
                      w.lower() not in ("bin", "binti", "binte", "bte")] or [0]
        idx = rng.choice([k for k in candidates if k > 0] or candidates) if len(words) > 2 else candidates[0]
        tok = words[idx]
        letters = [c for c in "BCDGHKLMNPRSTW" if c != tok[0].upper()]
        words[idx] = rng.choice(letters) + tok[1:]
        return bare, " ".join(words)
    if choice == 1 and len(words) >= 2:
        spouse = _strip_title(other).split()
        return bare, " ".join([*spouse[:-1], words[-1]]) if len(spouse) > 1 else other
    return bare, other


def variant_b_address(lines: list[str], rng: random.Random) -> tuple[str, str]:
    parts = list(reversed(lines)) if rng.random() < 0.3 else list(lines)
    text = " ".join(parts) if rng.random() < 0.5 else "; ".join(parts)
    text = re.sub(r"\bBlk\b", "Block", text) if rng.random() < 0.5 else text
    text = re.sub(r"\bSt\.", "Street", text)
    text = re.sub(r"\b(Singapore|SINGAPORE) (\d{6})\b", r"S(\2)", text) if rng.random() < 0.5 else text
    text = text.upper() if rng.random() < 0.4 else text
    return text, "\n".join(lines)


def _place(lines: list[str]) -> str:
    """The town of an address: its postcode when it has one, else its last line (to skip draws of the same
    town, which would be no negative)."""
    text = " ".join(lines).upper()
    codes = re.findall(r"\b\d{4,6}\b|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b", text)
    return codes[-1] if codes else lines[-1].lower()


def negative_b_address(lines: list[str], other: list[str], country: str, rng: random.Random) -> tuple[str, str, str]:
    doc = "\n".join(lines)
    text = " ".join(lines)
    floor = re.search(r"#(\d{2})-|(\d{1,2})/F\b", text)
    r = rng.random()
    if floor and r < 0.35:
        g = 1 if floor.group(1) else 2
        value = floor.group(g)
        bumped = str(int(value) + 1).zfill(len(value))
        return text[: floor.start(g)] + bumped + text[floor.end(g):], doc, "other_floor"
    if r < 0.7 and len(lines) >= 2 and len(other) >= 2 and _place(other[1:]) != _place(lines[1:]):
        # same first line (street and number), the town and postcode of another address
        return " ".join([lines[0], *other[1:]]), doc, "same_street_other_town"
    return " ".join(other), doc, "other_address"


# ------------------------------------------------------------------------------------------- the sets


def generated_pairs(seed0: int, n: int, method: str) -> tuple[list[Pair], list[Pair], list[dict]]:
    from credrec_local.docgen import data as D

    names: list[Pair] = []
    addresses: list[Pair] = []
    records: list[dict] = []
    var_name, neg_name = (variant_a_name, negative_a_name) if method == "a" else (variant_b_name, negative_b_name)
    var_addr, neg_addr = (variant_a_address, negative_a_address) if method == "a" else \
        (variant_b_address, negative_b_address)
    for i in range(n):
        rng = random.Random(seed0 + i)
        country = D.COUNTRIES[i % len(D.COUNTRIES)]
        printed = D.person_name(country, rng)
        other_name = D.person_name(country, rng)
        lines = D.address_lines(country, rng)
        other_lines = D.address_lines(country, rng)
        if rng.random() < 0.5:
            a, d = var_name(printed, rng)
            names.append((a, d, country, True, "same"))
            name_same = True
        else:
            a, d = neg_name(printed, other_name, rng)
            for _ in range(10):  # another person who happens to bear the very same name is no negative
                if _plain(a) != _plain(d):
                    break
                a, d = neg_name(printed, D.person_name(country, rng), rng)
            names.append((a, d, country, False, "other"))
            name_same = False
        if rng.random() < 0.5:
            aa, ad = var_addr(lines, rng)
            addresses.append((aa, ad, country, True, "same"))
            addr_same = True
        else:
            aa, ad, kind = neg_addr(lines, other_lines, country, rng)
            addresses.append((aa, ad, country, False, kind))
            addr_same = False
        doc_kind = rng.choice(D.KINDS)
        age = rng.choice([3, 10, 25, 45, 70, 85, 100, 150, 200])
        records.append({"name": (a, d), "address": (aa, ad), "country": country, "kind": doc_kind,
                        "issuer": D.issuer_name(country, doc_kind, rng), "age": age,
                        "style": D.date_style(country, rng), "fraud": rng.random() < 0.1,
                        "same": name_same and addr_same})
    return names, addresses, records


def _plain(name: str) -> list[str]:
    """A name as a sorted list of lower-case words without titles (to spot namesakes in the negatives)."""
    words = re.sub(r"[^a-z ]", " ", _strip_title(name).lower()).split()
    return sorted(w for w in words if w not in {"mr", "ms", "mrs", "mdm", "dr", "encik", "puan", "bapak", "ibu"})


def hand_pairs() -> tuple[list[Pair], list[Pair]]:
    from tests.bench.decision_cases import ADDRESSES, NAMES

    return list(NAMES), list(ADDRESSES)


# ------------------------------------------------------------------------------------------- scoring


def score(pairs: list[Pair], match: Callable[[Pair], object]) -> dict:
    tp = fp = fn = tn = 0
    verdicts: Counter[str] = Counter()
    misses: list[tuple[Pair, object]] = []
    for pair in pairs:
        check = match(pair)
        verdict = check.verdict.value  # type: ignore[attr-defined]
        verdicts[verdict] += 1
        predicted = verdict == "MATCH"
        same = pair[3]
        if predicted and same:
            tp += 1
        elif predicted:
            fp += 1
            misses.append((pair, check))
        elif same:
            fn += 1
            misses.append((pair, check))
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    return {"n": len(pairs), "pos": tp + fn, "neg": fp + tn, "tp": tp, "fp": fp, "fn": fn, "precision": precision,
            "recall": recall, "verdicts": verdicts, "misses": misses}


def nameparser_tokens(name: str) -> object:
    """The alternative tokeniser measured against ours: ``nameparser.HumanName`` drops its titles and
    suffixes and gives first/middle/last; the words of those, ASCII-folded and lower-cased."""
    from nameparser import HumanName

    from credrec.decide.names import NameTokens
    from credrec.decide.text import fold

    parsed = HumanName(name)
    words = re.split(r"[^a-z0-9/]+", fold(" ".join([parsed.first, parsed.middle, parsed.last])))
    return NameTokens(tuple(w for w in words if w))


def decisions(records: list[dict]) -> tuple[Counter[tuple[str, str]], int, Counter[str]]:
    from credrec.decide import decide, load_policy
    from credrec.models import Expected, Fields, FraudVerdict, Record, Source, Status
    from credrec_local.docgen import data as D

    policy = load_policy("")
    now = dt.datetime(2026, 11, 29, 12, tzinfo=dt.timezone.utc)
    matrix: Counter[tuple[str, str]] = Counter()
    lost: Counter[str] = Counter()  # reasons that kept a should-be ACCEPT from ACCEPT
    for i, r in enumerate(records):
        bill_date = now.date() - dt.timedelta(days=r["age"])
        extra = {"issuer": r["issuer"], "billDate": D.format_date(bill_date, r["style"])}
        if r["kind"] != "bank_statement":
            extra["amountDue"] = "120.50"
        record = Record(
            id=f"b{i}", status=Status.SUCCEEDED, source=Source(kind="http"), created_at=now.timestamp(),
            updated_at=now.timestamp(), fields=Fields(name=r["name"][1], address=r["address"][1], extra=extra),
            fraud=FraudVerdict(checked=True, suspicious=r["fraud"], types=["PS"] if r["fraud"] else []),
            expected=Expected(name=r["name"][0], address=r["address"][0], country=r["country"]),
        )
        decision = decide(record, policy, now=now.timestamp())
        assert decision is not None
        if not r["same"] or r["age"] > 92:
            truth = "REJECT"
        elif r["fraud"]:
            truth = "REVIEW"
        else:
            truth = "ACCEPT"
        matrix[(truth, decision.outcome.value)] += 1
        if truth == "ACCEPT" and decision.outcome.value != "ACCEPT":
            lost.update(reason.code for reason in decision.reasons)
    return matrix, len(records), lost


# ------------------------------------------------------------------------------------------- output


def fmt(x: float) -> str:
    return "n/a" if x != x else f"{x:.3f}"


def table(title: str, rows: list[tuple[str, dict]], target: tuple[float, float]) -> None:
    print(f"\n**{title}** (targets: precision ≥ {target[0]}, recall ≥ {target[1]})\n")
    print("| set | pairs | same / different | MATCH precision | MATCH recall | false MATCH | missed MATCH | verdicts |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, s in rows:
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(s["verdicts"].items()))
        print(f"| {name} | {s['n']} | {s['pos']} / {s['neg']} | {fmt(s['precision'])} | {fmt(s['recall'])} | "
              f"{s['fp']} | {s['fn']} | {verdicts} |")


def confusion(title: str, matrix: Counter[tuple[str, str]], n: int, lost: Counter[str]) -> None:
    outcomes = ("ACCEPT", "REVIEW", "REJECT")
    print(f"\n**{title}** ({n} records; rows: outcome the truth calls for, columns: decision)\n")
    print("| truth \\ decision | " + " | ".join(outcomes) + " |")
    print("|---|" + "---:|" * len(outcomes))
    for t in outcomes:
        print(f"| {t} | " + " | ".join(str(matrix.get((t, d), 0)) for d in outcomes) + " |")
    agree = sum(matrix.get((o, o), 0) for o in outcomes)
    wrong_accept = sum(matrix.get((t, "ACCEPT"), 0) for t in ("REVIEW", "REJECT"))
    print(f"\nagreement {agree}/{n} ({100 * agree / max(1, n):.1f} %); ACCEPT given where the truth says "
          f"otherwise: {wrong_accept}; reasons that kept should-be ACCEPTs from ACCEPT: "
          f"{dict(lost.most_common()) or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=1500, help="generated records per set (one name pair and "
                                                                 "one address pair each)")
    parser.add_argument("--show-misses", type=int, default=0, help="print this many eval misses per table")
    parser.add_argument("--compare-libraries", action="store_true",
                        help="also score names with nameparser's HumanName as the tokeniser")
    parser.add_argument("--dev-misses", type=int, default=0, help="print this many dev misses (for tuning)")
    args = parser.parse_args()

    from credrec.decide.addresses import match_address
    from credrec.decide.names import match_name

    started = time.perf_counter()
    dev_names, dev_addresses, dev_records = generated_pairs(1000, args.pairs, "a")
    ev_names, ev_addresses, ev_records = generated_pairs(500_000, args.pairs, "b")
    hand_names, hand_addresses = hand_pairs()

    def name(p: Pair) -> object:
        return match_name(p[0], p[1])

    def address(p: Pair) -> object:
        return match_address(p[0], p[1], country=p[2])

    name_rows = [("dev (generated, method A, seeds 1000+)", score(dev_names, name)),
                 ("eval-gen (generated, method B, seeds 500000+)", score(ev_names, name)),
                 ("eval-hand (hand-written)", score(hand_names, name))]
    addr_rows = [("dev (generated, method A, seeds 1000+)", score(dev_addresses, address)),
                 ("eval-gen (generated, method B, seeds 500000+)", score(ev_addresses, address)),
                 ("eval-hand (hand-written)", score(hand_addresses, address))]
    print("### Decision benchmark\n")
    print(f"`python tests/bench/decisions.py --pairs {args.pairs}` — policy: shipped default; document side: the "
          "generator's printed text (no OCR)")
    table("Name MATCH", name_rows, (0.99, 0.95))
    if args.compare_libraries:
        def name_np(p: Pair) -> object:
            return match_name(p[0], p[1], tokenize=nameparser_tokens)  # type: ignore[arg-type]

        table("Name MATCH with nameparser's HumanName as the tokeniser (same pairing and rules)",
              [("dev", score(dev_names, name_np)), ("eval-gen", score(ev_names, name_np)),
               ("eval-hand", score(hand_names, name_np))], (0.99, 0.95))
    table("Address MATCH", addr_rows, (0.98, 0.90))
    for title, (matrix, n, lost) in (("Decisions, eval-gen (method B)", decisions(ev_records)),
                                     ("Decisions, dev (method A)", decisions(dev_records))):
        confusion(title, matrix, n, lost)
    kinds: Counter[str] = Counter(p[4] for p in ev_addresses if not p[3])
    print(f"\neval-gen address negatives: {dict(sorted(kinds.items()))}")
    print(f"\n{time.perf_counter() - started:.1f} s for {4 * args.pairs + len(hand_names) + len(hand_addresses)} "
          "pairs and records")
    if args.dev_misses:
        for title, rows in (("names", name_rows), ("addresses", addr_rows)):
            print(f"\nmisses, {title}, {rows[0][0]}:")
            for pair, check in rows[0][1]["misses"][: args.dev_misses]:
                print(f"  same={pair[3]} {pair[4]}: {pair[0]!r} vs {pair[1]!r} → {check.verdict.value} "  # type: ignore[attr-defined]
                      f"({check.why})")  # type: ignore[attr-defined]
    if args.show_misses:
        for title, rows in (("names", name_rows), ("addresses", addr_rows)):
            for set_name, s in rows[1:]:
                print(f"\nmisses, {title}, {set_name}:")
                for pair, check in s["misses"][: args.show_misses]:
                    print(f"  same={pair[3]} {pair[4]}: {pair[0]!r} vs {pair[1]!r} → {check.verdict.value} "  # type: ignore[attr-defined]
                          f"({check.why})")  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
