"""Thailand (romanised): 5-digit postcode after the province, moo/soi/tambon, Khun."""

from .base import Locale, alt

PROVINCES = ("Bangkok", "Krung Thep Maha Nakhon", "Krung Thep", "Chiang Mai", "Chon Buri", "Chonburi", "Phuket",
             "Nonthaburi", "Khon Kaen", "Pathum Thani", "Samut Prakan", "Nakhon Ratchasima", "Songkhla",
             "Udon Thani", "Rayong", "Krabi", "Surat Thani", "Ayutthaya", "Chiang Rai", "Hua Hin", "Pattaya")

LOCALE = Locale(
    code="TH",
    name="Thailand",
    postcode=r"\b(?:" + alt(PROVINCES) + r")[ ,]*(\d{5})\b",
    regions=PROVINCES,
    region_words=PROVINCES,
    country_names=("Thailand",),
    street_words=("Soi", "Thanon", "Tambon", "Amphoe", "Khet", "Khwaeng", "Mueang", "Muang", "Condo",
                  "Condominium"),
    unit_patterns=(r"\bMoo\s+\d+",),
    titles=("khun", "nai", "nang", "nangsao"),
    currency=(r"\bTHB\b|Baht|฿",),
    given_names=("Somchai", "Somsak", "Suda", "Malee", "Niran", "Pornthip", "Siriporn", "Wichai", "Kittisak",
                 "Anan", "Supaporn", "Arthit"),
    date_order="DMY",
)
