"""PDF bills and statements with known truth: digital (a text layer), scanned (image-only pages), and
edited variants, plus the re-saves a benign tool makes.

    sample = digital_pdf(generate(seed), pages=2, holder_page=2)      # PdfSample(data, truth, kind, ...)
    scanned = scanned_pdf(generate(seed), seed)
    forged = edit_pdf(sample, "incremental_name", seed)               # truth.name is the new name
    benign = resave_pdf(sample, "linearize")                          # same document, other bytes

Writers: fpdf2 draws the pages (each truth line at its place, in the TrueType face it was drawn with,
embedded and subset); pypdf appends incremental updates; pikepdf (qpdf) re-saves, linearises and
compresses. Page space is the clean image scaled to a width of 595 pt (A4), so a truth box in image
pixels maps to points by one factor (``PdfSample.scale``).

Edits are made the way real forgers make them, and each leaves the traces the PDF forensics look for:

* ``incremental_name`` / ``incremental_amount``: an incremental update whose new content stream drops
  the holder's name (or the amount due) and draws a new one in Helvetica, not embedded;
* ``editor_resave``: a full re-save by an online editor (Producer "iLovePDF"), ModDate three days after
  CreationDate, new name drawn over a white box;
* ``white_box``: a white rectangle over the name and the new name on top, saved in place with the
  original producer kept (only the page content betrays it).

Benign re-saves (``resave_pdf``): ``print_to_pdf`` (pages copied into a new file by a print driver's
producer), ``linearize`` and ``compress`` (qpdf through pikepdf).
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, field, replace
from typing import Any, cast

from .document import Document, Truth, TruthLine
from .fonts import font_paths, load

PAGE_WIDTH_PT = 595.0
EDIT_KINDS: tuple[str, ...] = ("incremental_name", "incremental_amount", "editor_resave", "white_box")
BENIGN_KINDS: tuple[str, ...] = ("print_to_pdf", "linearize", "compress")
ISSUER_PRODUCERS = ("Billing Output Server 7.2", "JasperReports Library version 6.20.0", "Apache FOP Version 2.9",
                    "iText 7.2.5 (AGPL-version)", "Crystal Reports", "Oracle BI Publisher 12.2.1.4.0")
_FILLER = ("Please keep this document for your records. Payments made after the statement date will "
           "appear on your next statement. For questions about your account, contact customer service.")
_NEW_NAMES = ("JONATHAN LIM", "Mr Daniel Okafor", "Ms Priya Natarajan", "AHMAD BIN YUSOF", "Mrs Helen Cartwright")


@dataclass
class PdfSample:
    """A PDF as a user would upload it. ``truth`` is the bill's (boxes in the clean image's pixels);
    ``holder_page`` is 1-based; ``scale`` maps image pixels to points; ``edited`` says what changed."""

    data: bytes
    truth: Truth
    kind: str  # "digital" | "scanned" | an edit or benign kind
    pages: int
    holder_page: int
    scale: float
    edited: dict[str, Any] = field(default_factory=dict)

    @property
    def forged(self) -> bool:
        return bool(self.edited)


def _font_files() -> dict[str, str]:
    return {p.stem: str(p) for p in font_paths()}


def _baseline(line: TruthLine, path: str) -> tuple[float, float]:
    """Where the pen starts (x, baseline y) in image pixels for a line whose ink box is ``line.box``."""
    font = load(path, line.size)
    left, top, _, _ = font.getbbox(line.text, anchor="ls")
    return line.box[0] - left, line.box[1] - top


def _new_pdf(producer: str, creator: str, created: dt.datetime) -> Any:
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_producer(producer)
    pdf.set_creator(creator)
    pdf.set_creation_date(created)
    pdf.set_compression(True)
    return pdf


def _draw_lines(pdf: Any, lines: list[TruthLine], scale: float, fonts: dict[str, str], added: set[str]) -> None:
    for line in lines:
        if not line.text.strip():
            continue
        path = fonts.get(line.font)
        if path is None:
            continue
        if line.font not in added:
            pdf.add_font(line.font, "", path)
            added.add(line.font)
        x, y = _baseline(line, path)
        pdf.set_font(line.font, "", line.size * scale)
        pdf.text(x * scale, y * scale, line.text)


def _filler_page(pdf: Any, rng: random.Random, doc: Document, scale: float, fonts: dict[str, str],
                 added: set[str], title: str) -> None:
    """A page with no holder block: a notice or terms page in the bill's own face."""
    face = next((ln.font for ln in doc.truth.lines if ln.font in fonts), None)
    if face is None:
        return
    if face not in added:
        pdf.add_font(face, "", fonts[face])
        added.add(face)
    width = pdf.w
    pdf.set_font(face, "", 16)
    pdf.text(50, 70, doc.truth.issuer)
    pdf.set_font(face, "", 12)
    pdf.text(50, 100, title)
    pdf.set_font(face, "", 9)
    y = 130.0
    words = (_FILLER + " ") * rng.randint(4, 7)
    line = ""
    for word in words.split():
        trial = f"{line} {word}".strip()
        if pdf.get_string_width(trial) > width - 100:
            pdf.text(50, y, line)
            y += 13
            line = word
        else:
            line = trial
    if line:
        pdf.text(50, y, line)


def digital_pdf(doc: Document, *, pages: int = 1, holder_page: int = 1, producer: str | None = None,
                created: dt.datetime | None = None) -> PdfSample:
    """The bill as a digital PDF (text layer, embedded subset fonts) of ``pages`` pages, the bill itself
    on ``holder_page`` and notice/terms pages around it."""
    if not 1 <= holder_page <= pages:
        raise ValueError("holder_page must be within 1..pages")
    rng = random.Random(doc.seed * 7919 + pages)
    page = doc.truth.extra["page"]
    scale = PAGE_WIDTH_PT / page["width"]
    producer = producer or rng.choice(ISSUER_PRODUCERS)
    created = created or dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone.utc) + dt.timedelta(days=doc.seed % 200)
    pdf = _new_pdf(producer, "credrec docgen", created)
    fonts, added = _font_files(), set[str]()
    size = (PAGE_WIDTH_PT, page["height"] * scale)
    for number in range(1, pages + 1):
        pdf.add_page(format=size)
        if number == holder_page:
            _draw_lines(pdf, doc.truth.lines, scale, fonts, added)
        else:
            title = "Important information about your account" if number < holder_page else "Terms and conditions"
            _filler_page(pdf, rng, doc, scale, fonts, added, title)
    data = bytes(pdf.output())
    truth = doc.truth.copy()
    truth.extra["pdf"] = {"kind": "digital", "pages": pages, "holder_page": holder_page, "producer": producer,
                          "created": created.isoformat()}
    return PdfSample(data=data, truth=truth, kind="digital", pages=pages, holder_page=holder_page, scale=scale)


def scanned_pdf(doc: Document, seed: int, *, pages: int = 1, ocr_layer: bool = False,
                layer_name: str | None = None) -> PdfSample:
    """The bill scanned to PDF: image-only pages (the scan variant's JPEG). With ``ocr_layer``, an
    invisible text layer over the image, as scanners with OCR write it; ``layer_name`` puts another
    name in that layer than the image shows (a forged layer: what a text extractor would read)."""
    from fpdf.enums import TextMode

    from .variants import render_variant

    sample = render_variant(doc, "scan", seed)
    scale = PAGE_WIDTH_PT / sample.width
    created = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone.utc) + dt.timedelta(days=seed % 200)
    pdf = _new_pdf("Canon iR-ADV C5535 PDF", "Scan to PDF", created)
    size = (PAGE_WIDTH_PT, sample.height * scale)
    fonts, added = _font_files(), set[str]()
    for _ in range(pages):
        pdf.add_page(format=size)
        pdf.image(io.BytesIO(sample.data), x=0, y=0, w=size[0], h=size[1])
        if ocr_layer:
            lines = [replace(ln, text=layer_name) if layer_name and ln.role == "name" else ln
                     for ln in sample.truth.lines]
            pdf.text_mode = TextMode.INVISIBLE
            _draw_lines(pdf, lines, scale, fonts, added)
            pdf.text_mode = TextMode.FILL
    truth = sample.truth.copy()
    kind = "scanned_forged_layer" if layer_name else "scanned"
    truth.extra["pdf"] = {"kind": kind, "pages": pages, "holder_page": 1, "ocr_layer": ocr_layer}
    edited = {"role": "name", "old": doc.truth.name, "new": layer_name, "page": 1, "layer_only": True} \
        if layer_name else {}
    return PdfSample(data=bytes(pdf.output()), truth=truth, kind=kind, pages=pages, holder_page=1, scale=scale,
                     edited=edited)


# ---------------------------------------------------------------------------- edits


def _target(sample: PdfSample, role: str) -> TruthLine:
    lines = sample.truth.lines_with_role(role)
    if not lines:
        raise ValueError(f"the document has no {role} line to edit")
    return lines[0]


def _replacement(sample: PdfSample, role: str, rng: random.Random) -> str:
    old = _target(sample, role).text
    if role == "name":
        choices = [n for n in _NEW_NAMES if n.lower() != old.lower()]
        new = rng.choice(choices)
        return new.upper() if old.isupper() else new
    digits = [i for i, ch in enumerate(old) if ch.isdigit()]
    if not digits:
        return old + "0"
    chars = list(old)
    first = digits[0]
    chars[first] = str((int(chars[first]) % 9) + 1) if chars[first] != "9" else "1"
    if chars[first] == old[first]:
        chars[first] = "7"
    return "".join(chars)


def _pt_box(sample: PdfSample, line: TruthLine, page_height: float) -> tuple[float, float, float, float]:
    """The line's ink box in PDF user space (origin bottom-left): x0, y0, x1, y1."""
    x0, y0, x1, y1 = (v * sample.scale for v in line.box)
    return x0, page_height - y1, x1, page_height - y0


def _overlay_ops(box: tuple[float, float, float, float], text: str, size: float, *, white_box: bool) -> bytes:
    x0, y0, x1, y1 = box
    ops = b"q\n"
    if white_box:
        pad = 1.5
        ops += b"1 1 1 rg %.2f %.2f %.2f %.2f re f\n" % (x0 - pad, y0 - pad, (x1 - x0) + 2 * pad, (y1 - y0) + 2 * pad)
    baseline = y0 + 0.22 * (y1 - y0)
    ops += b"0 0 0 rg BT /FEdit %.2f Tf %.2f %.2f Td (%s) Tj ET\nQ\n" % (size, x0, baseline, _pdf_string(text))
    return ops


def _pdf_string(text: str) -> bytes:
    raw = text.encode("latin-1", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _helvetica() -> Any:
    from pypdf.generic import DictionaryObject, NameObject

    return DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica"),
                             NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})


def _drop_text_at(operations: list[tuple[Any, bytes]], box: tuple[float, float, float, float]) -> list[tuple[Any, bytes]]:
    """Remove the BT…ET objects whose text position falls inside ``box`` (user space, a little slack)."""
    x0, y0, x1, y1 = box
    slack = 0.6 * (y1 - y0) + 2
    out: list[tuple[Any, bytes]] = []
    block: list[tuple[Any, bytes]] = []
    inside = False
    hit = False
    for operands, op in operations:
        if op == b"BT":
            inside, hit, block = True, False, [(operands, op)]
            continue
        if inside:
            block.append((operands, op))
            if op in (b"Td", b"TD") and len(operands) == 2:
                px, py = float(operands[0]), float(operands[1])
                hit = hit or (x0 - slack <= px <= x1 + slack and y0 - slack <= py <= y1 + slack)
            elif op == b"Tm" and len(operands) == 6:
                px, py = float(operands[4]), float(operands[5])
                hit = hit or (x0 - slack <= px <= x1 + slack and y0 - slack <= py <= y1 + slack)
            if op == b"ET":
                inside = False
                if not hit:
                    out.extend(block)
            continue
        out.append((operands, op))
    return out


def _incremental(sample: PdfSample, role: str, rng: random.Random) -> tuple[bytes, dict[str, Any]]:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    line = _target(sample, role)
    new = _replacement(sample, role, rng)
    writer = PdfWriter(PdfReader(io.BytesIO(sample.data)), incremental=True)
    page = writer.pages[sample.holder_page - 1]
    height = float(page.mediabox.height)
    box = _pt_box(sample, line, height)
    content = ContentStream(page.get_contents(), writer)
    content.operations = _drop_text_at(content.operations, box)
    kept = content.get_data()
    overlay = _overlay_ops(box, new, line.size * sample.scale, white_box=False)
    content.set_data(kept + b"\n" + overlay)
    page.replace_contents(content)
    resources = cast(DictionaryObject, page["/Resources"].get_object())  # a page's /Resources is a dictionary
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    fonts[NameObject("/FEdit")] = writer._add_object(_helvetica())
    resources[NameObject("/Font")] = fonts
    writer.add_metadata({"/ModDate": _pdf_date(dt.datetime(2026, 9, 14, 22, 5, tzinfo=dt.timezone.utc))})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), {"role": role, "old": line.text, "new": new, "page": sample.holder_page}


def _pdf_date(when: dt.datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def _overlay_with_pikepdf(sample: PdfSample, role: str, rng: random.Random, *, producer: str | None,
                          mod_days: int | None) -> tuple[bytes, dict[str, Any]]:
    import pikepdf

    line = _target(sample, role)
    new = _replacement(sample, role, rng)
    with pikepdf.open(io.BytesIO(sample.data)) as pdf:
        page = pdf.pages[sample.holder_page - 1]
        height = float(page.mediabox[3]) - float(page.mediabox[1])
        box = _pt_box(sample, line, height)
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name.Helvetica,
                                                    Encoding=pikepdf.Name.WinAnsiEncoding))
        resources = page.obj.Resources
        if pikepdf.Name.Font not in resources:
            resources.Font = pikepdf.Dictionary()
        resources.Font.FEdit = font
        page.contents_add(pdf.make_stream(_overlay_ops(box, new, line.size * sample.scale, white_box=True)))
        if producer is not None:
            with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
                meta["pdf:Producer"] = producer
            pdf.docinfo[pikepdf.Name.Producer] = producer
        if mod_days is not None:
            created = sample.truth.extra.get("pdf", {}).get("created")
            base = dt.datetime.fromisoformat(created) if created else dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
            pdf.docinfo[pikepdf.Name.CreationDate] = _pdf_date(base)
            pdf.docinfo[pikepdf.Name.ModDate] = _pdf_date(base + dt.timedelta(days=mod_days))
        out = io.BytesIO()
        pdf.save(out, fix_metadata_version=False)
    return out.getvalue(), {"role": role, "old": line.text, "new": new, "page": sample.holder_page}


def edit_pdf(sample: PdfSample, kind: str, seed: int) -> PdfSample:
    """A forged copy of a digital ``sample`` (see the module docstring). ``truth`` gets the new value."""
    if sample.kind != "digital":
        raise ValueError("only digital PDFs are edited here (a scanned PDF is edited as an image)")
    rng = random.Random(seed)
    if kind == "incremental_name":
        data, edited = _incremental(sample, "name", rng)
    elif kind == "incremental_amount":
        role = next((r for r in ("amount_due", "total", "balance", "line_item") if sample.truth.lines_with_role(r)),
                    "account_number")
        data, edited = _incremental(sample, role, rng)
    elif kind == "editor_resave":
        data, edited = _overlay_with_pikepdf(sample, "name", rng, producer="iLovePDF", mod_days=3)
    elif kind == "white_box":
        data, edited = _overlay_with_pikepdf(sample, "name", rng, producer=None, mod_days=None)
    else:
        raise ValueError(f"unknown edit {kind!r}; expected one of {EDIT_KINDS}")
    truth = sample.truth.copy()
    if edited["role"] == "name":
        truth.name = edited["new"]
    truth.extra["tamper"] = {"kind": kind, **edited}
    return replace(sample, data=data, truth=truth, kind=kind, edited=edited)


def resave_pdf(sample: PdfSample, kind: str) -> PdfSample:
    """The same document after a benign tool: ``print_to_pdf``, ``linearize`` or ``compress``."""
    import pikepdf

    if kind == "print_to_pdf":
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        for page in PdfReader(io.BytesIO(sample.data)).pages:
            writer.add_page(page)
        writer.add_metadata({"/Producer": "Microsoft: Print To PDF", "/Creator": "Microsoft Edge",
                             "/CreationDate": _pdf_date(dt.datetime(2026, 10, 2, 8, 0, tzinfo=dt.timezone.utc))})
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    elif kind in ("linearize", "compress"):
        with pikepdf.open(io.BytesIO(sample.data)) as pdf:
            out = io.BytesIO()
            if kind == "linearize":
                pdf.save(out, linearize=True, fix_metadata_version=False)
            else:
                pdf.save(out, compress_streams=True, recompress_flate=True,
                         object_stream_mode=pikepdf.ObjectStreamMode.generate, fix_metadata_version=False)
            data = out.getvalue()
    else:
        raise ValueError(f"unknown re-save {kind!r}; expected one of {BENIGN_KINDS}")
    return replace(sample, data=data, kind=kind, edited={})


__all__ = ["BENIGN_KINDS", "EDIT_KINDS", "PdfSample", "digital_pdf", "edit_pdf", "resave_pdf", "scanned_pdf"]
