"""Indonesia: 5-digit postcode after the city/regency, RT/RW, kelurahan/kecamatan, Jl./Gg."""

from .base import Locale, alt

REGIONS = ("DKI Jakarta", "Jakarta Pusat", "Jakarta Selatan", "Jakarta Barat", "Jakarta Timur", "Jakarta Utara",
           "Jawa Barat", "Jawa Tengah", "Jawa Timur", "Banten", "Bali", "Sumatera Utara", "Sumatera Barat",
           "Sumatera Selatan", "DI Yogyakarta", "Yogyakarta", "Kalimantan Timur", "Kalimantan Barat",
           "Sulawesi Selatan", "Riau", "Lampung", "Papua")

LOCALE = Locale(
    code="ID",
    name="Indonesia",
    postcode=(r"(?:\b(?:Jakarta|Kab\.|Kota|Bandung|Surabaya|Semarang|Medan|Denpasar|Bogor|Tangerang|Bekasi|Depok|"
              r"Yogyakarta|Makassar|Malang|" + alt(REGIONS) + r")[A-Za-z .,]*?\s(\d{5})\b)"),
    regions=REGIONS,
    region_words=REGIONS,
    country_names=("Indonesia",),
    street_words=("Jl", "JI", "Gang", "Gg", "Kel", "Kec", "Kab", "Kelurahan", "Kecamatan", "Perumahan", "Komplek",
                  "Blok"),
    unit_patterns=(r"\bRT\s*\d+\s*/\s*RW\s*\d+",),
    titles=("bapak", "bpk", "ibu", "sdr", "sdri"),
    currency=(r"\bRp\.?\s?\d|IDR",),
    given_names=("Agus", "Ahmad", "Andi", "Budi", "Dewi", "Eko", "Fitri", "Hendra", "Indah", "Joko",
                 "Kurniawan", "Lestari", "Muhammad", "Nur", "Putri", "Rina", "Siti", "Sri", "Tri", "Wahyu",
                 "Yohanes", "Yulia", "Dian", "Rizky", "Bambang", "Agustina", "Hadi", "Setiawan"),
    date_order="DMY",
    sum_labels=(
        ("header", r"\b(?:jumlah\s*barang|harga\s*satuan|keterangan|qty)\b"),
        ("tax_included", r"\btermasuk\s*(?:ppn|pajak)\b"),
        ("subtotal", r"\b(?:sub\s*total|dpp|sebelum\s*pajak)\b"),
        ("rounding", r"\bpembulatan\b"),
        ("discount", r"\b(?:diskon|potongan)\b"),
        ("service", r"\b(?:biaya\s*layanan|service)\b"),
        ("tax", r"\b(?:ppn|pajak|pb1)\b"),
        ("change", r"\bkembali(?:an)?\b"),
        ("tendered", r"\b(?:tunai|bayar|dibayar)\b"),
        ("due", r"\b(?:total\s*tagihan|jumlah\s*tagihan|total\s*bayar)\b"),
        ("total", r"\b(?:total\s*bayar|jumlah\s*(?:tagihan|bayar)|grand\s*total)\b"),
    ),
)
