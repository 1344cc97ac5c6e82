"""United Kingdom: outward + inward postcode ("SW1A 1AA") on the last line."""

from .base import Locale

LOCALE = Locale(
    code="UK",
    name="United Kingdom",
    postcode=r"\b([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b",
    postcode_case_sensitive=True,
    country_names=("United Kingdom", "UK"),
    street_words=("Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Ln", "Crescent", "Close", "Way", "Place",
                  "Court", "Terrace", "Tce", "Grove", "Square", "Walk", "Rise", "Gardens", "House", "Cottage",
                  "Rectory", "Apartments", "Flat"),
    unit_patterns=(r"\bFlat\s+\w+", r"\bApt\.?\s*\w+"),
    titles=("mr", "mrs", "ms", "miss", "dr", "prof", "sir"),
    currency=(r"£|GBP",),
    given_names=("Oliver", "George", "Harry", "Jack", "Amelia", "Olivia", "Emily", "Charlotte", "Thomas",
                 "James", "Sophie", "Daniel"),
    date_order="DMY",
)
