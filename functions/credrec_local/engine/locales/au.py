"""Australia: state abbreviation and 4-digit postcode ("NSW 2000")."""

from .base import Locale

STATES = ("NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT")

LOCALE = Locale(
    code="AU",
    name="Australia",
    postcode=r"\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+(\d{4})\b",
    postcode_case_sensitive=True,
    state_codes=STATES,
    country_names=("Australia",),
    street_words=("Street", "St", "Road", "Rd", "Avenue", "Ave", "Av", "Parade", "Highway", "Hwy", "Circuit",
                  "Crescent", "Cres", "Terrace", "Tce", "Plains", "Court", "Ct", "Unit"),
    unit_patterns=(r"\bUnit\s+\w+", r"\bLevel\s+\d+"),
    titles=("mr", "mrs", "ms", "miss", "dr"),
    currency=(r"A\$|AUD",),
    given_names=("Jack", "Noah", "William", "Charlotte", "Olivia", "Mia", "Isla", "Lachlan", "Cooper",
                 "Matilda"),
    date_order="DMY",
)
