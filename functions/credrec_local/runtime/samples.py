"""The demo's sample documents, generated on the spot (nothing is shipped but code).

Varied countries and layouts, clean scans and phone photos, two tampered files and one corrupt
upload, under the names ``events/`` refers to. Generation is deterministic from fixed seeds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PREFIX = "uploads/samples/"


@dataclass(frozen=True)
class SampleSpec:
    name: str
    description: str
    build: Callable[[], bytes]


def _variant(seed: int, country: str, layout: str, kind: str, variant: str) -> Callable[[], bytes]:
    def build() -> bytes:
        from credrec_local.docgen import generate, render_variant
        return render_variant(generate(seed, country=country, layout=layout, kind=kind), variant, seed).data
    return build


def _tampered(seed: int, country: str, kind: str, tamper: str) -> Callable[[], bytes]:
    def build() -> bytes:
        from credrec_local.docgen import generate

        from credrec_local.docgen.tamper import make_tampered
        return make_tampered(tamper, generate(seed, country=country, kind=kind), seed).data
    return build


def _corrupt() -> bytes:
    data = _variant(7, "SG", "summary", "water", "scan")()
    return data[: len(data) // 3]  # an upload cut off in transit


SPECS: tuple[SampleSpec, ...] = (
    SampleSpec("sg-electricity-bill.png", "Singapore electricity bill, clean PDF export",
               _variant(101, "SG", "window", "electricity", "clean")),
    SampleSpec("my-water-bill.jpg", "Malaysian water bill, flatbed scan", _variant(102, "MY", "summary", "water", "scan")),
    SampleSpec("hk-card-statement.png", "Hong Kong credit-card statement, clean",
               _variant(103, "HK", "statement", "credit_card", "clean")),
    SampleSpec("ph-telecom-bill-photo.jpg", "Philippine telecom bill, phone photo",
               _variant(104, "PH", "keyvalue", "telecom", "photo")),
    SampleSpec("id-bank-statement-scan.jpg", "Indonesian bank statement, scan",
               _variant(105, "ID", "statement", "bank_statement", "scan")),
    SampleSpec("th-gas-bill-photo.jpg", "Thai gas bill, phone photo", _variant(106, "TH", "window", "gas", "photo")),
    SampleSpec("uk-electricity-bill-scan.jpg", "UK electricity bill, scan",
               _variant(107, "UK", "summary", "electricity", "scan")),
    SampleSpec("sg-bill-edited-amount.jpg", "Singapore bill with its amount retyped (tampered)",
               _tampered(108, "SG", "electricity", "textedit")),
    SampleSpec("my-bill-photoshopped.jpg", "Malaysian bill re-saved by an image editor (tampered)",
               _tampered(109, "MY", "water", "editor")),
    SampleSpec("corrupt-upload.jpg", "a JPEG cut off during upload", _corrupt),
)
