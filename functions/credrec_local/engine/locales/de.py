"""Germany: "10115 Berlin" (postcode before the town), compound street names ("Hauptstraße 5"),
Herr/Frau, day-first dotted dates, euros."""

from .base import Locale

LOCALE = Locale(
    code="DE",
    name="Germany",
    # "10115 Berlin", and the town in capitals as some senders print it ("60487 FRANKFURT AM MAIN")
    postcode=(r"(?<![\d,.])(\d{5})\s+(?:[A-ZÄÖÜ][a-zäöüß]+(?:[\s-][A-ZÄÖÜa-zäöüß][a-zäöüß.]*)*"
              r"|[A-ZÄÖÜ]{2,}(?:[\s-][A-ZÄÖÜ]+\.?)*\b)"),
    postcode_case_sensitive=True,
    country_names=("Deutschland", "Germany"),
    street_words=("Straße", "Strasse", "Str", "Weg", "Platz", "Gasse", "Allee", "Ufer", "Chaussee",
                  "Steig", "Pfad", "Markt"),
    street_suffixes=("straße", "strasse", "str.", "weg", "platz", "gasse", "allee", "ring", "damm", "ufer"),
    # the floor and side of a flat ("1. OG links", "EG rechts"), a flat number, "c/o"
    unit_patterns=(r"\bPostfach\s+\d+", r"\b\d{1,2}\.\s?(?:OG|Obergeschoss|Etage|Stock)\b",
                   r"^(?:EG|DG|UG|Hochparterre)(?:\s+(?:links|rechts|Mitte))?$", r"\bWohnung\s+\d+", r"\bc/o\b"),
    titles=("herrn", "herr", "frau", r"hr\.(?=\s)", r"fr\.(?=\s)"),
    name_particles=("von", "zu", "und", "van", "der", "den"),
    currency=(r"€|EUR",),
    markers=(r"(?:straße|strasse|\bRechnung\b|\bKundennummer\b|\bMwSt\b|\bBetrag\b|\bHerrn?\b|\bFrau\b)",),
    given_names=("Hans", "Peter", "Klaus", "Jürgen", "Ursula", "Sabine", "Andreas", "Stefan", "Thomas",
                 "Katrin", "Lukas", "Anna"),
    company_words=(r"\w+(?:bank|werke|versorgung|kasse|gesellschaft)\b", r"\b(?:stadtwerke|energie|strom|telekom|"
                   r"mobilfunk|versicherung|kreditkarten\w*|gmbh|kg|ohg|e\.\s?v)\b"),
    date_order="DMY",
    address_order="postcode-before-town",
    name_labels=(r"kunde(?:nname)?", r"empfänger", r"rechnungsempfänger", r"vertragspartner", r"kontoinhaber(?:in)?",
                 r"karteninhaber(?:in)?", r"inhaber(?:in)?"),
    address_labels=(r"anschrift", r"lieferadresse", r"rechnungsadresse", r"verbrauchsstelle", r"postanschrift",
                    r"rechnungsanschrift", r"wohnanschrift"),
    sum_labels=(
        ("header", r"\b(?:menge|anzahl|bezeichnung|beschreibung|einzelpreis|preis|betrag|pos\.?|artikel)\b"),
        ("count", r"\banzahl\s*(?:artikel|positionen)\b"),
        ("tax_included", r"\b(?:inkl\.?|inklusive|enthaltene?)\s*(?:\d+\s*%\s*)?(?:mwst|ust|mehrwertsteuer|umsatzsteuer)"),
        ("subtotal", r"\b(?:zwischensumme|nettobetrag|summe\s*netto|netto(?:summe)?|gesamt\s*netto)\b"),
        ("rounding", r"\brundung\b"),
        ("discount", r"\b(?:rabatt|nachlass|skonto|gutschein)\b"),
        ("service", r"\b(?:bedienung|servicegeb[üu]hr|trinkgeld)\b"),
        ("tax", r"\b(?:mwst|ust|mehrwertsteuer|umsatzsteuer)\b"),
        ("change", r"\b(?:r[üu]ckgeld|zur[üu]ck)\b"),
        ("tendered", r"\b(?:bar|gegeben|ec-?karte|kartenzahlung)\b"),
        ("previous_balance", r"\b(?:vorheriger\s*saldo|alter\s*saldo|saldovortrag|vortrag)\b"),
        ("payment", r"\b(?:zahlungen?|zahlungseingang|geleistete\s*zahlungen|abschlagszahlungen)\b"),
        ("new_charges", r"\b(?:neue\s*forderungen|rechnungsbetrag)\b"),
        ("due", r"\b(?:zahlbetrag|zu\s*zahlen|neuer\s*saldo|offener\s*betrag)\b"),
        ("total", r"\b(?:summe|gesamt(?:betrag|summe)?|endbetrag|bruttobetrag|zu\s*zahlen|zahlbetrag)\b"),
    ),
)
