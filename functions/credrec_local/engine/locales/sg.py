"""Singapore: 6-digit postcodes after "Singapore"/"S", HDB blocks and #floor-unit numbers."""

from .base import Locale

LOCALE = Locale(
    code="SG",
    name="Singapore",
    postcode=r"\b(?:Singapore|S)\s*[\(]?\s*(\d{6})\s*[\)]?(?!\d)",
    country_names=("Singapore",),
    street_words=("Street", "St", "Road", "Rd", "Avenue", "Ave", "Drive", "Dr", "Crescent", "Cres", "Close", "Way",
                  "Place", "Link", "Central", "Heights", "Park", "Walk", "Rise", "Estate", "Building", "Residences",
                  "Tower", "Towers", "Blk", "Block"),
    unit_patterns=(r"#\s?\d{1,3}\s?-\s?\d{1,5}[A-Z]?", r"\b(?:Blk|Block|Bk)\b\.?\s*\w+"),
    titles=("mr", "mrs", "ms", "miss", "mdm", "madam", "dr"),
    currency=(r"S\$|SGD",),
    given_names=("Wei", "Ming", "Mei", "Ling", "Hui", "Jun", "Kumar", "Siti", "Ahmad", "Rachel", "Daniel",
                 "Nicholas", "Jasmine", "Ethan"),
    date_order="DMY",
)
