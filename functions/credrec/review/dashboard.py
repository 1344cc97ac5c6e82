"""The dashboard's charts, drawn on the server as SVG (no chart library, nothing to vendor).

Only counts, days and category names reach the drawing (no personal data); every text node is
XML-escaped anyway. The page shows the SVG through an ``<img>`` (scripts inside an image never run).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

STATUS_COLOURS = {
    "SUCCEEDED": "#2e7d32", "NO_TEXT": "#f9a825", "REJECTED": "#c62828", "FAILED": "#6a1b9a",
    "IN_PROGRESS": "#1565c0",
}
DECISION_COLOURS = {"ACCEPT": "#2e7d32", "REVIEW": "#ef6c00", "REJECT": "#c62828", "NONE": "#9e9e9e"}
WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 130, 28, 36


def stacked_bars(title: str, by_day: dict[str, dict[str, int]], colours: dict[str, str]) -> str:
    """A stacked bar chart: one bar per day, one segment per category, legend on the right."""
    days = sorted(by_day)
    categories = [c for c in colours if any(c in by_day[d] for d in days)]
    categories += sorted({c for d in days for c in by_day[d]} - set(categories))
    peak = max((sum(by_day[d].values()) for d in days), default=0)
    scale_max = max(1, peak)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">',
        f'<title>{escape(title)}</title>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#555"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{scale_max}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end">0</text>',
    ]
    if not days:
        parts.append(f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h / 2}" text-anchor="middle" '
                     'fill="#777">no records in this period</text>')
    slot = plot_w / max(1, len(days))
    bar_w = max(4.0, min(40.0, slot * 0.7))
    for i, day in enumerate(days):
        x = LEFT + i * slot + (slot - bar_w) / 2
        y = float(TOP + plot_h)
        for category in categories:
            count = by_day[day].get(category, 0)
            if not count:
                continue
            h = plot_h * count / scale_max
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill={quoteattr(colours.get(category, "#607d8b"))}>'
                f'<title>{escape(f"{day} {category}: {count}")}</title></rect>')
        total = sum(by_day[day].values())
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle">{total}</text>')
        if len(days) <= 8 or i % max(1, len(days) // 7) == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle">'
                         f'{escape(day[5:])}</text>')
    for j, category in enumerate(categories):
        ly = TOP + 8 + j * 16
        parts.append(f'<rect x="{WIDTH - RIGHT + 12}" y="{ly - 9}" width="10" height="10" '
                     f'fill={quoteattr(colours.get(category, "#607d8b"))}/>')
        parts.append(f'<text x="{WIDTH - RIGHT + 27}" y="{ly}">{escape(category)}</text>')
    parts.append("</svg>")
    return "".join(parts)
