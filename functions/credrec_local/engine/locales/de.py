"""Germany: "10115 Berlin" (postcode before the town), compound street names ("Hauptstraße 5"),
Herr/Frau, day-first dotted dates, euros."""

from .base import Locale

LOCALE = Locale(
    code="DE",
    name="Germany",
    postcode=r"(?<![\d,.])(\d{5})\s+[A-ZÄÖÜ][a-zäöüß]+(?:[\s-][A-ZÄÖÜa-zäöüß][a-zäöüß.]*)*",
    postcode_case_sensitive=True,
    country_names=("Deutschland", "Germany"),
    street_words=("Straße", "Strasse", "Str", "Weg", "Platz", "Gasse", "Allee", "Ufer", "Chaussee",
                  "Steig", "Pfad", "Markt"),
    street_suffixes=("straße", "strasse", "str.", "weg", "platz", "gasse", "allee", "ring", "damm", "ufer"),
    unit_patterns=(r"\bPostfach\s+\d+",),
    titles=("herrn", "herr", "frau", r"hr\.(?=\s)", r"fr\.(?=\s)"),
    name_particles=("von", "zu", "und", "van", "der", "den"),
    currency=(r"€|EUR",),
    markers=(r"(?:straße|strasse|\bRechnung\b|\bKundennummer\b|\bMwSt\b|\bBetrag\b|\bHerrn?\b|\bFrau\b)",),
    given_names=("Hans", "Peter", "Klaus", "Jürgen", "Ursula", "Sabine", "Andreas", "Stefan", "Thomas",
                 "Katrin", "Lukas", "Anna"),
    date_order="DMY",
    address_order="postcode-before-town",
    name_labels=(r"kunde(?:nname)?", r"empfänger", r"rechnungsempfänger", r"vertragspartner"),
    address_labels=(r"anschrift", r"lieferadresse", r"rechnungsadresse", r"verbrauchsstelle"),
)
