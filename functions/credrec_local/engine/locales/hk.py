"""Hong Kong: no postcodes; flat/floor/block, then building, street, district and region."""

from .base import Locale

REGIONS = ("Hong Kong", "Kowloon", "New Territories", "N.T.", "NT", "HK", "H.K.", "Lantau Island")
DISTRICTS = ("Quarry Bay", "Tsim Sha Tsui", "Hung Hom", "Tseung Kwan O", "Wong Tai Sin", "Sha Tin", "Shatin",
             "Mong Kok", "Mongkok", "North Point", "Ap Lei Chau", "Tsuen Wan", "Wan Chai", "Kwun Tong", "Tai Po",
             "Causeway Bay", "Central", "Sheung Wan", "Aberdeen", "Tuen Mun", "Yuen Long", "Sai Kung",
             "Kowloon Bay", "Sham Shui Po", "Lai Chi Kok", "Tsing Yi", "Ma On Shan", "Tin Shui Wai", "Fanling",
             "Sheung Shui", "Happy Valley", "Mid-Levels", "Pok Fu Lam", "Kennedy Town", "Chai Wan",
             "Shau Kei Wan", "Taikoo Shing", "Tai Koo", "Yau Ma Tei", "Jordan", "To Kwa Wan", "Kowloon Tong",
             "Diamond Hill", "Lam Tin", "Kwai Chung", "Discovery Bay", "Tung Chung", "Sai Wan Ho", "Tai Wai")

LOCALE = Locale(
    code="HK",
    name="Hong Kong",
    postcode=None,  # recognised by its region tail instead (patterns.HK_TAIL)
    regions=REGIONS,
    region_words=(*DISTRICTS, "Hong Kong", "Kowloon", "New Territories"),
    country_names=("Hong Kong",),
    street_words=("Mansion", "Centre", "Center", "Garden", "Gardens", "Estate", "Building", "Bldg", "House",
                  "Tower", "Towers", "Flat"),
    unit_patterns=(r"\b\d{1,3}\s?/\s?F\b", r"\b(?:G/F|LG/F|UG/F)\b", r"\bFlat\s+\w+", r"\b(?:Room|Rm)\b\.?\s*\w+",
                   r"\bFloor\b", r"\bTower\s+\w+"),
    currency=(r"HK\$|HKD",),
    date_order="DMY",
    address_order="flat-first",
)
