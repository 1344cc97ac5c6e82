"""United States: state code and ZIP (or ZIP+4); month-first dates."""

from .base import Locale, alt

STATES = ("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
          "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
          "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY")

LOCALE = Locale(
    code="US",
    name="United States",
    # "CA 94401", "CA. 94401", "NE, 03477" (forms print a comma), ZIP+4
    postcode=r"\b(?:" + alt(STATES) + r")\.?,?\s+(\d{5}(?:-\d{4})?)\b",
    postcode_case_sensitive=True,
    state_codes=STATES,
    country_names=("USA", "United States"),
    street_words=("Street", "St", "Road", "Rd", "Avenue", "Ave", "Drive", "Dr", "Lane", "Ln", "Boulevard", "Blvd",
                  "Court", "Ct", "Circle", "Place", "Pl", "Way", "Highway", "Hwy", "Square", "Suites", "Apartment",
                  "Apartments"),
    unit_patterns=(r"\bApt\.?\s*\w+", r"\bSuite\s+\w+", r"\bP\.?\s?O\.?\s+Box\s+\d+"),
    titles=("mr", "mrs", "ms", "miss", "dr", "prof"),
    currency=(r"US\$|USD",),
    given_names=("James", "John", "Robert", "Michael", "William", "David", "Mary", "Patricia", "Jennifer",
                 "Linda", "Elizabeth", "Sandra", "Steven", "Dominic", "Alejandro", "Christopher", "Jessica",
                 "Sarah"),
    date_order="MDY",
)
