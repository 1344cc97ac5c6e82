"""Geometry over OCR lines: an upright, straightened frame, phrases, rows and aligned blocks.

OCR quads stay in original-image coordinates (that is what every stage reports). For *grouping*, each
quad is mapped into a frame where the page is upright (a 90°/180° turn undone) and the median text
angle is removed; then each line keeps its own residual angle, so "same row" follows the text even on
a perspective-warped photo, where lines on one side of the page slope differently from the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import cast

from .normalize import normalize_line
from .ocr import measure_skew
from .types import Box, OcrLine, Quad


@dataclass
class Item:
    """One phrase: one or more OCR lines of the same row, close together. ``text`` is the normalised
    reading the rules use (joined tokens split, split postcodes joined); ``raw`` what the OCR read."""

    text: str
    score: float
    box: Box  # original-image coordinates (axis-aligned union of the quads)
    cx: float  # centre in the straightened frame
    cy: float
    x0: float  # horizontal extent in the straightened frame
    x1: float
    h: float  # text height
    angle: float  # residual angle (radians) in the straightened frame
    sources: list[int] = field(default_factory=list)  # indices into page.lines
    raw: str = ""  # the OCR's own reading; ``text`` is the normalised one (``engine.normalize``)

    def __post_init__(self) -> None:
        if not self.raw:
            self.raw = self.text

    @property
    def y0(self) -> float:
        return self.cy - self.h / 2

    @property
    def y1(self) -> float:
        return self.cy + self.h / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Layout:
    items: list[Item]  # phrases, in reading order (rows top to bottom, left to right)
    width: float  # page size in the straightened frame
    height: float
    skew_degrees: float  # text angle in the upright frame that was removed
    rotation: int

    def rows(self) -> list[list[Item]]:
        out: list[list[Item]] = []
        for it in self.items:
            if out and same_row(out[-1][0], it):
                out[-1].append(it)
            else:
                out.append([it])
        return out


def _upright(x: float, y: float, rotation: int, w: float, h: float) -> tuple[float, float]:
    """Coordinates after turning the image clockwise by ``rotation`` degrees."""
    if rotation == 90:
        return h - y, x
    if rotation == 180:
        return w - x, h - y
    if rotation == 270:
        return y, w - x
    return x, y


def build(lines: list[OcrLine], width: int, height: int, *, rotation: int = 0, merge_gap: float = 1.1) -> Layout:
    """Phrases in a straightened frame. ``merge_gap``: join same-row lines closer than this x height."""
    if rotation in (90, 270):
        uw, uh = float(height), float(width)
    else:
        uw, uh = float(width), float(height)
    # a quad has four corners, so its image under _upright has four too
    up_lines = [OcrLine(ln.text, ln.score, cast(Quad, tuple(_upright(x, y, rotation, width, height) for x, y in ln.quad)))
                for ln in lines]
    # after a turn the quad's first corner may not be the text's top-left: reorder by the text direction
    up_lines = [OcrLine(ln.text, ln.score, _canonical(ln.quad)) for ln in up_lines]
    skew = measure_skew(up_lines)
    theta = math.radians(-skew)
    c, s = math.cos(theta), math.sin(theta)
    ox, oy = uw / 2, uh / 2

    def rot(p: tuple[float, float]) -> tuple[float, float]:
        x, y = p[0] - ox, p[1] - oy
        return x * c - y * s + ox, x * s + y * c + oy

    raw: list[Item] = []
    for i, (ln, orig) in enumerate(zip(up_lines, lines, strict=True)):
        pts = [rot(p) for p in ln.quad]
        (ax, ay), (bx, by), (cx_, cy_), (dx, dy) = pts
        ang = math.atan2((by - ay) + (cy_ - dy), (bx - ax) + (cx_ - dx))
        hgt = (math.hypot(dx - ax, dy - ay) + math.hypot(cx_ - bx, cy_ - by)) / 2
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        raw.append(Item(normalize_line(ln.text) or ln.text, ln.score, orig.box, sum(xs) / 4, sum(ys) / 4, min(xs),
                        max(xs), max(hgt, 1.0), ang, [i], raw=ln.text))
    _smooth_angles(raw)
    _calibrate_rows(raw, uh)
    items = _merge_phrases(raw, merge_gap)
    items = reading_order(items)
    return Layout(items, uw, uh, skew, rotation)


def _smooth_angles(items: list[Item], k: int = 5) -> None:
    """Replace each line's angle by the median angle of the nearest *long* lines.

    The quad of a short word ("GST 9%", "Total") can tilt a few degrees on its own; carried across a
    page-wide gap to its value that is a whole line height off. Long lines measure the local text
    direction well, and on a perspective photo it varies smoothly over the page."""
    reliable = [it for it in items if it.width >= 6 * it.h and len(it.text) >= 8]
    if not reliable:
        for it in items:
            it.angle = 0.0
        return
    for it in items:
        near = sorted(reliable, key=lambda r: (r.cx - it.cx) ** 2 + (3 * (r.cy - it.cy)) ** 2)[:k]
        angles = sorted(r.angle for r in near)
        it.angle = angles[len(angles) // 2]


def _calibrate_rows(items: list[Item], page_height: float) -> None:
    """Correct the row direction with the page's own label->value pairs.

    Detector quads under-report the text angle by up to a degree or so (a 60 px box is a pixel or two
    off), and across a 900 px gap between a label and its amount that is half a line. Pairs of a text
    item and a value (digits) on its far right vote for the extra slope that would put them on one row;
    true pairs agree with each other, pairs of neighbouring rows split to either side. The densest
    slope near each item (within a third of the page height) is added to its angle."""
    import numpy as np

    if len(items) < 3:
        return
    cx = np.array([it.cx for it in items])
    cy = np.array([it.cy for it in items])
    hh = np.array([it.h for it in items])
    ang = np.array([it.angle for it in items])
    vote_y: list[np.ndarray] = []
    vote_s: list[np.ndarray] = []
    for i, v in enumerate(items):
        if not any(ch.isdigit() for ch in v.text):
            continue
        dx = v.cx - cx
        hmax = np.maximum(hh, v.h)
        ratio = v.h / hh
        d = v.cy - (cy + np.tan((ang + v.angle) / 2) * dx)
        ok = (dx >= 6 * hmax) & (ratio > 0.6) & (ratio < 1.6) & (np.abs(d) < 1.2 * hmax)
        ok[i] = False
        if ok.any():
            vote_s.append(d[ok] / dx[ok])
            vote_y.append(np.full(int(ok.sum()), v.cy))
    if not vote_s:
        return
    ys = np.concatenate(vote_y)
    ss = np.concatenate(vote_s)
    if len(ss) < 4:
        return
    bandwidth = 0.25 * float(np.median(hh)) / 800.0  # a quarter of a line height over a typical gap
    window = page_height / 3
    step = max(1.0, page_height / 24)
    cache: dict[int, float | None] = {}

    def mode(y: float) -> float | None:
        local = np.sort(ss[np.abs(ys - y) <= window])
        if len(local) < 3:
            return None
        counts = np.searchsorted(local, local + bandwidth, "right") - np.searchsorted(local, local - bandwidth, "left")
        best = counts.max()
        # among the densest slopes prefer the smallest correction, then average its cluster
        centre = local[counts == best][np.argmin(np.abs(local[counts == best]))]
        cluster = local[np.abs(local - centre) <= bandwidth]
        return float(cluster.mean())

    for it in items:
        key = int(it.cy // step)
        if key not in cache:
            cache[key] = mode((key + 0.5) * step)
        slope = cache[key]
        if slope is not None:
            it.angle += math.atan(slope)


def _canonical(quad):  # type: ignore[no-untyped-def]
    """Reorder a quad so its first corner is the top-left in the current frame (text roughly horizontal)."""
    pts = list(quad)
    # the text direction is along the longer edge pair; pick the corner with smallest x+y as top-left
    best = min(range(4), key=lambda k: pts[k][0] + pts[k][1])
    ordered = pts[best:] + pts[:best]
    # make sure the order is clockwise (in image coordinates: y down)
    (x0, y0), (x1, y1), (_x2, _y2), (x3, y3) = ordered
    cross = (x1 - x0) * (y3 - y0) - (y1 - y0) * (x3 - x0)
    if cross < 0:
        ordered = [ordered[0], ordered[3], ordered[2], ordered[1]]
    return tuple(ordered)


def dy_line(a: Item, b: Item) -> float:
    """Vertical offset of b's centre from a's text line extended (both lines' angles averaged)."""
    ang = (a.angle + b.angle) / 2
    return b.cy - (a.cy + math.tan(ang) * (b.cx - a.cx))


def same_row(a: Item, b: Item, tol: float = 0.5) -> bool:
    hmin, hmax = min(a.h, b.h), max(a.h, b.h)
    if hmax > 2.6 * hmin:
        return abs(dy_line(a, b)) < tol * hmax * 0.6
    return abs(dy_line(a, b)) < tol * hmin


def _merge_phrases(items: list[Item], gap: float) -> list[Item]:
    items = sorted(items, key=lambda it: it.x0)
    used = [False] * len(items)
    out: list[Item] = []
    for i, it in enumerate(items):
        if used[i]:
            continue
        cur = it
        used[i] = True
        while True:
            best = None
            for j in range(len(items)):
                if used[j]:
                    continue
                nb = items[j]
                g = nb.x0 - cur.x1
                if -0.3 * cur.h <= g <= gap * max(cur.h, nb.h) and same_row(cur, nb, 0.35) and \
                        0.6 < nb.h / cur.h < 1.6 and (best is None or nb.x0 < items[best].x0):
                    best = j
            if best is None:
                break
            nb = items[best]
            used[best] = True
            cur = _join(cur, nb)
        out.append(cur)
    return out


def _join(a: Item, b: Item) -> Item:
    box = (min(a.box[0], b.box[0]), min(a.box[1], b.box[1]), max(a.box[2], b.box[2]), max(a.box[3], b.box[3]))
    wa, wb = max(a.width, 1), max(b.width, 1)
    return Item(f"{a.text} {b.text}", (a.score * wa + b.score * wb) / (wa + wb), box,
                (a.x0 + b.x1) / 2, (a.cy * wa + b.cy * wb) / (wa + wb), a.x0, b.x1, (a.h * wa + b.h * wb) / (wa + wb),
                (a.angle * wa + b.angle * wb) / (wa + wb), a.sources + b.sources, raw=f"{a.raw} {b.raw}")


def reading_order(items: list[Item]) -> list[Item]:
    rest = sorted(items, key=lambda it: it.cy)
    ordered: list[Item] = []
    while rest:
        top = min(rest, key=lambda it: it.y0)
        row = [it for it in rest if it is top or same_row(top, it)]
        row.sort(key=lambda it: it.x0)
        ordered.extend(row)
        ids = {id(it) for it in row}
        rest = [it for it in rest if id(it) not in ids]
    return ordered


def right_of(layout: Layout, a: Item, *, max_gap: float | None = None) -> list[Item]:
    """Phrases on a's row to its right, nearest first."""
    out = [b for b in layout.items if b is not a and b.x0 >= a.x1 - 0.3 * a.h and same_row(a, b)]
    if max_gap is not None:
        out = [b for b in out if b.x0 - a.x1 <= max_gap]
    return sorted(out, key=lambda b: b.x0)


def below(layout: Layout, a: Item, *, x: float | None = None, tol: float | None = None,
          max_dy: float | None = None) -> list[Item]:
    """Phrases under a (nearest first) whose left edge is within ``tol`` of ``x`` (default: a's left edge).
    ``max_dy`` is in units of the larger of the two text heights (default 3)."""
    x = a.x0 if x is None else x
    tol = 1.5 * a.h if tol is None else tol
    max_dy = 3.0 if max_dy is None else max_dy
    out = []
    for b in layout.items:
        if b is a:
            continue
        d = dy_line(a, b)
        if 0.55 * min(a.h, b.h) < d <= max_dy * max(a.h, b.h) and abs(b.x0 - x) <= tol:
            out.append((d, b))
    out.sort(key=lambda t: t[0])
    return [b for _, b in out]


def aligned_block(layout: Layout, first: Item, *, x: float | None = None, max_lines: int = 7,
                  tol: float | None = None) -> list[Item]:
    """first, then the lines stacked under it with the same left edge and line spacing."""
    block = [first]
    x = first.x0 if x is None else x
    cur = first
    while len(block) < max_lines:
        cands = below(layout, cur, x=x, tol=tol if tol is not None else 1.2 * first.h, max_dy=2.5)
        cands = [c for c in cands if 0.6 < c.h / first.h < 1.6]
        if not cands:
            break
        cur = cands[0]
        block.append(cur)
    return block
