"""Name matching: the applicant's name against the name read from the document."""

from __future__ import annotations

import pytest

from credrec.decide.names import match_name, tokens
from credrec.models import Verdict

SAME_PERSON = [
    ("Tan Ah Kow", "TAN AH KOW"),  # case
    ("Ah Kow Tan", "Mr Tan Ah Kow"),  # order (surname first or last), title
    ("Nguyen Thi Anh", "NGUYỄN THỊ ÁNH"),  # accents
    ("Yohanes Kurniawan", "YOHANESKURNIAWAN"),  # OCR-joined tokens
    ("Tan Ah Kow", "TANAHKOW"),
    ("Tan Tai Man", "Tan Taiman"),  # split vs joined given name
    ("John Smith", "J Smith"),  # initial for a given name
    ("John Michael Smith", "John Smith"),  # missing middle name
    ("Maria Cristina Santos", "Ma. Cristina S. Santos"),  # Ma. = Maria, middle initial
    ("Muhammad Hafiz bin Ismail", "ENCIK MOHD HAFIZ ISMAIL"),  # Mohd, Encik, bin dropped
    ("Nur Aisyah binti Rahman", "Puan Nur Aisyah Bte Rahman"),
    ("Rajesh Kumar", "Rajesh s/o Kumar"),
    ("Priya d/o Ramasamy", "PRIYA A/P RAMASAMY"),
    ("Juan de la Cruz", "JUAN DELA CRUZ"),
    ("Sutrisno", "Bapak SUTRISNO"),  # mononym
    ("Siti Aminah", "Ibu Siti Aminah"),
    ("Somchai Jaidee", "Khun Somchai Jaidee"),
    ("Ahmad Faizal bin Osman", "Haji Ahmad Faizal Osman"),
    ("Peter Chan", "CHAN Tai Man, Peter"),  # HK: English name + Chinese name
    ("Mary O'Brien", "MS MARY OBRIEN"),
    ("Tan Ah Kow", "Dr. Tan Ah K0w"),  # OCR digit for a letter
    ("Lee Chong Wei", "Dato' Sri Lee Chong Wei"),
    ("Jose Rizal Mercado", "Atty. Jose Rizal Mercado Jr."),
]

DIFFERENT_PERSON = [
    ("Tan Wei Ming", "Tan Wei Ling"),  # sibling: shared surname and generation name
    ("John Smith", "Mary Smith"),  # same surname
    ("Budi Santoso", "Agus Santoso"),
    ("Rajesh s/o Kumar", "Kumar s/o Subramaniam"),  # father and son
    ("Nur Aisyah binti Rahman", "Nurul Izzah binti Rahman"),  # sisters
    ("Ahmad bin Ismail", "Ismail bin Osman"),
    ("Maria Santos", "Jose Reyes"),
]


@pytest.mark.parametrize(("expected", "document"), SAME_PERSON)
def test_the_same_person_in_other_forms_is_a_match(expected: str, document: str) -> None:
    check = match_name(expected, document)
    assert check.verdict is Verdict.MATCH, check
    assert check.score is not None and 0.8 <= check.score <= 1.0


@pytest.mark.parametrize(("expected", "document"), DIFFERENT_PERSON)
def test_a_different_person_is_a_mismatch(expected: str, document: str) -> None:
    assert match_name(expected, document).verdict is Verdict.MISMATCH


@pytest.mark.parametrize(("expected", "document"), [
    ("John Smith", "Smith"),  # one shared token only
    ("John Smith", "J S"),  # initials only
    ("Maria Santos", "Marie Santos"),  # a spelling that differs: a person must look
])
def test_weak_agreement_is_partial(expected: str, document: str) -> None:
    assert match_name(expected, document).verdict is Verdict.PARTIAL


def test_names_in_different_scripts_that_do_not_pair_are_unknown_not_mismatch() -> None:
    assert match_name("陳大文", "CHAN TAI MAN").verdict is Verdict.UNKNOWN  # Cantonese vs Mandarin reading
    assert match_name("Chen Da Wen", "陳大文").verdict is Verdict.MATCH  # the transliteration settles it
    assert match_name("สมชาย ใจดี", "Somchai Jaidee").verdict is Verdict.UNKNOWN


def test_missing_sides() -> None:
    assert match_name(None, "Tan Ah Kow").verdict is Verdict.NOT_PROVIDED
    assert match_name("Tan Ah Kow", None).verdict is Verdict.UNKNOWN
    assert match_name("Tan Ah Kow", "Mr").verdict is Verdict.UNKNOWN


def test_why_never_repeats_the_names() -> None:
    check = match_name("Tan Wei Ming", "Tan Wei Ling")
    text = check.why + repr(check.detail)
    assert "wei" not in text.lower() and "ling" not in text.lower() and "tan " not in text.lower()


def test_tokens_keep_tan_as_a_surname_but_drop_tan_sri() -> None:
    assert tokens("Tan Sri Muhyiddin Yassin").tokens == ("muhyiddin", "yassin")
    assert tokens("Tan Ah Kow").tokens == ("tan", "ah", "kow")
