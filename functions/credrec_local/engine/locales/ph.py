"""Philippines: 4-digit ZIP with the city or province, barangays, month-first dates."""

from .base import Locale, alt

REGIONS = ("Metro Manila", "Cavite", "Cebu", "Davao del Sur", "Davao", "Rizal", "Laguna", "Bulacan", "Pampanga",
           "Iloilo", "Batangas", "Pangasinan", "Negros Occidental", "Benguet", "NCR")

LOCALE = Locale(
    code="PH",
    name="Philippines",
    postcode=(r"(?:\b(?:City|Manila|" + alt(REGIONS) + r")\b[ ,]*(\d{4})\b|(?<!\d)(\d{4})\s+(?:" + alt(REGIONS) +
              r")|(?<![\d/-])(\d{4})\s+[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)*\s+City\b)"),
    regions=REGIONS,
    region_words=REGIONS,
    country_names=("Philippines",),
    street_words=("Brgy", "Barangay", "Subdivision", "Subd", "Village", "Phase", "Purok", "Sitio", "Poblacion"),
    name_particles=("de", "dela", "del", "da", "dos", "la", "y"),
    currency=(r"\bPHP\b|₱",),
    given_names=("Juan", "Jose", "Maria", "Mark", "John", "Angelica", "Cristina", "Rosario", "Miguel",
                 "Antonio", "Jerome", "Princess", "Joy"),
    date_order="MDY",
)
