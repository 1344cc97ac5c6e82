"""Fonts for generated documents: only TrueType files from Debian packages (see ``FONT_PACKAGES``).

``make sysdeps`` (and so ``.ci/run``) installs them; nothing is bundled in the repository.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

FONT_PACKAGES = ("fonts-dejavu-core", "fonts-liberation", "fonts-freefont-ttf")
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/freefont"),
)

# family → (regular file, bold file). Mono faces are left out: bills print names in proportional type.
_FAMILIES = {
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "DejaVuSansCondensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    "DejaVuSerif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "LiberationSans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    "LiberationSansNarrow": ("LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf"),
    "LiberationSerif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    "FreeSans": ("FreeSans.ttf", "FreeSansBold.ttf"),
    "FreeSerif": ("FreeSerif.ttf", "FreeSerifBold.ttf"),
}


class FontsMissingError(RuntimeError):
    """No usable font was found: install the Debian font packages."""


@dataclass(frozen=True)
class FontFamily:
    name: str
    regular: Path
    bold: Path


def _find(filename: str) -> Path | None:
    for folder in FONT_DIRS:
        path = folder / filename
        if path.is_file():
            return path
    return None


@functools.lru_cache(maxsize=1)
def families() -> tuple[FontFamily, ...]:
    """The font families available on this machine, in a fixed order (so seeds stay deterministic)."""
    found = []
    for name, (regular, bold) in _FAMILIES.items():
        reg = _find(regular)
        if reg is None:
            continue
        found.append(FontFamily(name, reg, _find(bold) or reg))
    if not found:
        raise FontsMissingError(
            "no TrueType fonts found for the document generator; install the Debian packages "
            + ", ".join(FONT_PACKAGES)
            + " (e.g. `make sysdeps`, or `apt-get install " + " ".join(FONT_PACKAGES) + "`)"
        )
    return tuple(found)


def font_paths() -> list[Path]:
    """Every font file the generator may use (regular and bold faces)."""
    paths: list[Path] = []
    for fam in families():
        for p in (fam.regular, fam.bold):
            if p not in paths:
                paths.append(p)
    return paths


@functools.lru_cache(maxsize=512)
def load(path: str, size: int):  # -> PIL.ImageFont.FreeTypeFont
    from PIL import ImageFont

    return ImageFont.truetype(path, size)
