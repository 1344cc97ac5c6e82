"""Replace the body of one ``<!-- section:NAME -->`` block of README.md with a file's contents.

    python tools/readme_section.py NAME FILE
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def replace(name: str, body: str) -> None:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(rf"(<!-- section:{re.escape(name)} -->\n).*?(<!-- /section:{re.escape(name)} -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"no section {name!r} in README.md")
    README.write_text(pattern.sub(lambda m: m.group(1) + body.rstrip("\n") + "\n" + m.group(2), text), encoding="utf-8")


if __name__ == "__main__":
    replace(sys.argv[1], Path(sys.argv[2]).read_text(encoding="utf-8"))
