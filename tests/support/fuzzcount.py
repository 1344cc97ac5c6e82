"""How many cases each fuzz run generated, printed in pytest's terminal summary (tests/conftest.py)."""

from __future__ import annotations

from collections import Counter

COUNTS: Counter[str] = Counter()


def count(run: str, n: int = 1) -> None:
    COUNTS[run] += n
