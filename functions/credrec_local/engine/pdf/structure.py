"""What a PDF's file structure says about its history: revisions (incremental updates) and what each
changed, producer and creator, creation and modification dates, text and image-only pages.

Bounded like the pre-flight: pypdf under ``credrec.pdf_validation``'s configuration, content streams
never decoded here, a fixed cap on revisions and objects examined. Never raises on odd input: what
cannot be read is left out (``PdfStructure.problems`` says what).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

MAX_REVISIONS = 32
_EOF = re.compile(rb"%%EOF[ \t]*(?:\r\n|\r|\n)?")
_OBJ = re.compile(rb"(?:^|[\r\n\s])(\d{1,7})\s+(\d{1,5})\s+obj\b")
_DATE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?")


@dataclass
class Revision:
    number: int  # 1 = the original file
    end: int  # byte offset just past its %%EOF
    objects: list[int] = field(default_factory=list)  # object numbers (re)defined in this update
    changes: list[str] = field(default_factory=list)  # roles: "page 1 content", "page 1 resources", "info", ...


@dataclass
class PdfStructure:
    revisions: list[Revision]
    linearized: bool
    producer: str
    creator: str
    created: dt.datetime | None
    modified: dt.datetime | None
    pages: int
    page_roles: dict[int, str] = field(default_factory=dict)  # object number → role
    problems: list[str] = field(default_factory=list)

    @property
    def updates(self) -> list[Revision]:
        """Revisions after the original."""
        return self.revisions[1:]


def parse_pdf_date(value: Any) -> dt.datetime | None:
    """A PDF date string (``D:YYYYMMDDHHmmSSOHH'mm``) as an aware datetime; None when unreadable."""
    if value is None:
        return None
    match = _DATE.match(str(value).strip())
    if not match:
        return None
    year, month, day, hour, minute, second, sign, tzh, tzm = match.groups()
    try:
        base = dt.datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                           int(second or 0))
    except ValueError:
        return None
    offset = dt.timedelta(0)
    if sign in ("+", "-") and tzh:
        offset = dt.timedelta(hours=int(tzh), minutes=int(tzm or 0))
        if sign == "-":
            offset = -offset
    return base.replace(tzinfo=dt.timezone(offset))


def revision_ends(data: bytes) -> list[int]:
    """Byte offsets just past each ``%%EOF`` that closes a revision (at most :data:`MAX_REVISIONS`)."""
    ends = [m.end() for m in _EOF.finditer(data)]
    # trailing garbage after the last %%EOF is not a revision; a final %%EOF is the file's end
    return ends[-MAX_REVISIONS:]


def _roles(reader: Any) -> tuple[dict[int, str], int]:
    from pypdf.generic import ArrayObject, IndirectObject

    roles: dict[int, str] = {}
    trailer = reader.trailer
    for key, role in (("/Root", "catalog"), ("/Info", "document information")):
        ref = trailer.get(key)
        if isinstance(ref, IndirectObject):
            roles[ref.idnum] = role
    pages = reader.pages
    for index, page in enumerate(pages):
        n = index + 1
        if page.indirect_reference is not None:
            roles[page.indirect_reference.idnum] = f"page {n}"
        raw_contents = page.get("/Contents")
        refs = raw_contents if isinstance(raw_contents, ArrayObject) else [raw_contents]
        for ref in refs:
            if isinstance(ref, IndirectObject):
                roles[ref.idnum] = f"page {n} content"
        resources = page.get("/Resources")
        if isinstance(resources, IndirectObject):
            roles[resources.idnum] = f"page {n} resources"
        resources = resources.get_object() if resources is not None else None
        fonts = resources.get("/Font") if resources is not None else None
        if isinstance(fonts, IndirectObject):
            roles[fonts.idnum] = f"page {n} fonts"
        fonts = fonts.get_object() if fonts is not None else None
        if fonts is not None:
            for font_ref in fonts.values():
                if isinstance(font_ref, IndirectObject):
                    roles.setdefault(font_ref.idnum, f"page {n} font")
    return roles, len(pages)


def _info_text(metadata: Any, key: str) -> str:
    try:
        value = metadata.get(key) if metadata is not None else None
    except Exception:
        return ""
    return str(value).strip() if value is not None else ""


def read_structure(data: bytes) -> PdfStructure:
    from pypdf import PdfReader, apply_configuration

    from credrec.pdf_validation import _configuration

    problems: list[str] = []
    linearized = b"/Linearized" in data[:2048]
    ends = revision_ends(data)
    if linearized and len(ends) >= 2:
        ends = ends[1:]  # the first-page section of a linearized file is not an update
    producer = creator = ""
    created = modified = None
    roles: dict[int, str] = {}
    pages = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with apply_configuration(_configuration()):
                reader = PdfReader(io.BytesIO(data), strict=False)
                metadata = reader.metadata
                producer = _info_text(metadata, "/Producer")
                creator = _info_text(metadata, "/Creator")
                created = parse_pdf_date(_info_text(metadata, "/CreationDate"))
                modified = parse_pdf_date(_info_text(metadata, "/ModDate"))
                roles, pages = _roles(reader)
    except Exception as exc:  # an odd file still gets the byte-level history
        problems.append(f"structure not fully readable ({type(exc).__name__})")
    revisions: list[Revision] = []
    start = 0
    for number, end in enumerate(ends, start=1):
        rev = Revision(number=number, end=end)
        if number > 1:
            rev.objects = sorted({int(m.group(1)) for m in _OBJ.finditer(data, start, end)})
            seen: list[str] = []
            for obj in rev.objects:
                role = roles.get(obj, "other objects")
                if role not in seen:
                    seen.append(role)
            rev.changes = seen
        revisions.append(rev)
        start = end
    if not revisions:
        revisions = [Revision(number=1, end=len(data))]
    return PdfStructure(revisions=revisions, linearized=linearized, producer=producer, creator=creator,
                        created=created, modified=modified, pages=pages, page_roles=roles, problems=problems)
