"""Malaysia: 5-digit postcode before the town, states, Jalan/Taman/Lorong, bin/binti, Encik/Puan."""

from .base import Locale

STATES = ("Selangor", "Johor", "Kedah", "Kelantan", "Melaka", "Malacca", "Negeri Sembilan", "Pahang", "Perak",
          "Perlis", "Pulau Pinang", "Penang", "Sabah", "Sarawak", "Terengganu", "Kuala Lumpur", "Putrajaya",
          "Labuan", "Wilayah Persekutuan", "Selangor Darul Ehsan", "Johor Darul Takzim")

LOCALE = Locale(
    code="MY",
    name="Malaysia",
    postcode=r"(?<!\d)(\d{5})\s+[A-Za-z][A-Za-z .'-]+",
    regions=STATES,
    region_words=STATES,
    country_names=("Malaysia",),
    street_words=("Jalan", "Jln", "Lorong", "Lrg", "Persiaran", "Lebuh", "Lebuhraya", "Taman", "Bandar", "Kampung",
                  "Kg", "Pangsapuri", "Residensi", "Kondominium"),
    unit_patterns=(r"\bLot\s+\d+", r"\bNo\.\s*\d+"),
    titles=("encik", "en", "puan", "pn", "tuan", "cik", "dato'?", "datuk", "datin", r"tan\s+sri", "hj", "haji",
            "hajah"),
    name_particles=("bin", "binti", "binte", "bte", "bt", "s/o", "d/o", "a/l", "a/p", "ak", "anak"),
    currency=(r"\bRM\s?\d|MYR",),
    given_names=("Ahmad", "Aisyah", "Amir", "Farah", "Hafiz", "Ismail", "Mohd", "Muhammad", "Nor", "Nurul",
                 "Siti", "Zainal", "Lim", "Tan", "Wei", "Kumar", "Ravi", "Priya", "Aziz", "Faridah"),
    date_order="DMY",
    sum_labels=(
        ("header", r"\b(?:kuantiti|harga|keterangan|perkara|jumlah\s*\(rm\))\b"),
        ("count", r"\bjumlah\s*(?:kuantiti|item|barang)\b"),
        ("tax_included", r"\btermasuk\s*(?:gst|sst|cukai)\b"),
        ("subtotal", r"\b(?:jumlah\s*kecil|sebelum\s*(?:gst|sst|cukai)|tidak\s*termasuk\s*(?:gst|sst|cukai))\b"),
        ("rounding", r"\b(?:pelarasan\s*)?pembundaran\b"),
        ("discount", r"\b(?:diskaun|potongan)\b"),
        ("service", r"\bcaj\s*perkhidmatan\b"),
        ("tax", r"\b(?:cukai(?:\s*jualan|\s*perkhidmatan)?)\b"),
        ("change", r"\b(?:baki\s*(?:wang|tunai)?|wang\s*baki)\b"),
        ("tendered", r"\b(?:tunai|dibayar|bayaran\s*tunai)\b"),
        ("previous_balance", r"\b(?:baki\s*terdahulu|tunggakan)\b"),
        ("payment", r"\bbayaran\s*(?:diterima|terakhir)\b"),
        ("new_charges", r"\bcaj\s*semasa\b"),
        ("due", r"\b(?:jumlah\s*(?:perlu\s*dibayar|bayaran|tertunggak))\b"),
        ("total", r"\b(?:jumlah(?:\s*besar|\s*keseluruhan|\s*perlu\s*dibayar|\s*bayaran)?)\b"),
    ),
)
