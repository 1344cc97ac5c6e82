"""An evaluation set made by a different method: bills written as HTML/CSS, rendered by headless Chromium.

    .venv/bin/python tests/bench/htmlbills.py                       # 26 pages (half degraded), scored
    .venv/bin/python tests/bench/htmlbills.py --pages 52 --seed 7   # more pages, another draw
    .venv/bin/python tests/bench/htmlbills.py --out /tmp/htmlset --generate-only   # then: real.py /tmp/htmlset

The engine's extraction rules were developed on ``credrec_local.docgen`` (PIL drawing on a canvas) and on
eight real pages. This bench measures them on pages made another way, with nothing shared with docgen:

* **Six layouts written here as HTML/CSS** (``LAYOUTS``): a letter with a window-envelope address block; a
  two-column header (issuer left, "Bill to" right); a table-heavy bank statement ("Account holder:" in a
  key/value table, with the branch address beside it); a card statement with the holder inside a summary box
  and a "send payments to" slip; a French/German-style letter with the sender line above a right-hand
  window; a grid utility bill (Indian/Canadian style: "Consumer name", "Billing address" cells, the office's
  address at the foot).
* **The 13 countries of the locale registry**, with names, streets, towns and issuers from small word lists
  written for this file (``docgen.data`` is not imported), printed in several of the machine's fonts
  (DejaVu, Liberation, FreeFont), upper or title case, with or without a title.
* **Distractor addresses** on every page: the issuer's own address, a branch/office or a "send payments to"
  PO box. Reporting one of them as the holder's, or an organisation as the holder, counts as "distractor".
* **Degradation written here** (not docgen's): half of the pages go through a small OpenCV scan or phone-photo
  simulation (rotation, perspective, blur, uneven light, sensor noise, JPEG).

Pages are deterministic per ``--seed``. Truth goes beside them in ``truth.json``, in the real-dev truth format
(``name``, ``name_variants``, ``address_lines``, ``address``, ``distractor_addresses``, ``country``,
``capture`` plus ``layout`` and ``font``), so ``tests/bench/real.py FOLDER`` scores the folder too. This
script scores it with ``real.py``'s own functions (OCR cached by ``tests/bench/ocrcache.py``) and prints
tables per country, per layout and per capture, then every miss. Nothing generated is kept unless ``--out``
is given. Needs chromium + chromium-driver (``make browserdeps``); without them it says so and exits 0.
Never fails the build on its figures.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "functions"))
sys.path.insert(0, str(ROOT))

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
PAGE_W, PAGE_H = 1240, 1754  # A4 at 150 dpi
COUNTRIES = ("SG", "MY", "PH", "ID", "TH", "HK", "UK", "AU", "US", "CA", "FR", "DE", "IN")
FONTS = ("DejaVu Sans", "Liberation Sans", "Liberation Serif", "FreeSans", "DejaVu Serif", "Liberation Sans Narrow",
         "FreeSerif")
MONO_FONTS = ("Liberation Mono", "DejaVu Sans Mono", "FreeMono")


# ----------------------------------------------------------------------------------------------- word lists
# Written for this bench only. Each country: how people are named, how its addresses are written, who bills.

@dataclass(frozen=True)
class Person:
    name: str  # as printed, without a title
    title: str  # "" or the title printed in front ("Mr", "Mme", "Herrn", "Smt"…)
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Country:
    code: str
    lang: str  # label language: "en", "fr", "de"
    currency: str
    person: Callable[[random.Random], Person]
    address: Callable[[random.Random], list[str]]
    issuers: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, kind "utility"/"bank"/"card"/"telecom", address)
    pay_to: tuple[str, ...]  # a "send payments to" address (lines)


def _pick(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


def _sg_person(rng: random.Random) -> Person:
    kind = rng.random()
    if kind < 0.55:
        n = f"{_pick(rng, 'Tan', 'Lim', 'Ng', 'Goh', 'Chua', 'Koh', 'Teo', 'Ong')} " \
            f"{_pick(rng, 'Hui', 'Wei', 'Jia', 'Kok', 'Siew', 'Boon', 'Mei')} " \
            f"{_pick(rng, 'Ling', 'Ming', 'Hao', 'Keat', 'Yee', 'Huat', 'Xin')}"
        return Person(n, _pick(rng, "", "Mr", "Ms", "Mdm"))
    if kind < 0.8:
        return Person(f"{_pick(rng, 'Nur Aisyah', 'Siti Hajar', 'Farah Nadia')} binte "
                      f"{_pick(rng, 'Ismail', 'Rahim', 'Osman', 'Yusof')}", _pick(rng, "", "Ms"))
    return Person(f"{_pick(rng, 'Muhammad Faizal', 'Ahmad Zaki', 'Hafiz')} bin {_pick(rng, 'Rahman', 'Salleh', 'Jamil')}",
                  _pick(rng, "", "Mr"))


def _sg_address(rng: random.Random) -> list[str]:
    if rng.random() < 0.65:
        blk = rng.randint(101, 899)
        street = _pick(rng, "Tampines Street 41", "Jurong West Street 52", "Ang Mo Kio Avenue 10", "Bedok North Road",
                       "Woodlands Drive 14", "Clementi Avenue 4", "Yishun Ring Road", "Toa Payoh Lorong 8")
        return [f"Blk {blk} {street}", f"#{rng.randint(2, 16):02d}-{rng.randint(10, 480)}",
                f"Singapore {rng.choice('5674')}{rng.randint(10000, 99999)}"]
    street = _pick(rng, "Jalan Kembangan", "Lorong Marzuki", "Sennett Avenue", "Thomson Ridge", "Joo Chiat Place")
    return [f"{rng.randint(2, 88)} {street}", f"Singapore {rng.choice('24')}{rng.randint(10000, 99999)}"]


def _my_person(rng: random.Random) -> Person:
    kind = rng.random()
    if kind < 0.4:
        return Person(f"{_pick(rng, 'Ahmad Firdaus', 'Mohd Hakimi', 'Azlan Shah')} bin "
                      f"{_pick(rng, 'Osman', 'Abdullah', 'Razak', 'Hamzah')}", _pick(rng, "", "Encik"))
    if kind < 0.7:
        return Person(f"{_pick(rng, 'Lim', 'Wong', 'Chong', 'Yap', 'Lee')} {_pick(rng, 'Chee', 'Mei', 'Kah', 'Soo')} "
                      f"{_pick(rng, 'Keong', 'Fong', 'Wai', 'Ling')}", "")
    return Person(f"{_pick(rng, 'Kavitha', 'Thanalakshmi', 'Saraswathy')} a/p {_pick(rng, 'Raman', 'Muniandy', 'Govindasamy')}",
                  _pick(rng, "", "Puan"))


def _my_address(rng: random.Random) -> list[str]:
    town, pc, state = rng.choice([("Petaling Jaya", "473", "Selangor"), ("Shah Alam", "404", "Selangor"),
                                  ("Johor Bahru", "812", "Johor"), ("Ipoh", "304", "Perak"),
                                  ("Kuala Lumpur", "561", "Wilayah Persekutuan"), ("George Town", "104", "Pulau Pinang")])
    lines = [f"No. {rng.randint(2, 120)}, Jalan {_pick(rng, 'SS 2/64', 'Melati 3', 'Bukit Indah 7', 'Kenari 12', 'Meranti Jaya 5')}",
             f"Taman {_pick(rng, 'Sri Muda', 'Melawati', 'Bukit Indah', 'Desa Jaya', 'Seri Kembangan')}",
             f"{pc}{rng.randint(10, 99)} {town}"]
    if rng.random() < 0.6:
        lines.append(state)
    return lines


def _ph_person(rng: random.Random) -> Person:
    first = _pick(rng, "Juan Carlo", "Maria Angelica", "Jose Miguel", "Kristine Joy", "Mark Anthony", "Rowena")
    mid = rng.choice("MDSRBV")
    last = _pick(rng, "Dela Cruz", "Santos", "Villanueva", "Bautista", "Reyes", "Mendoza", "Aquino")
    return Person(f"{first} {mid}. {last}", "", (f"{first} {last}",))


def _ph_address(rng: random.Random) -> list[str]:
    city, zip_ = rng.choice([("Marikina City", "1805"), ("Quezon City", "1109"), ("Pasig City", "1600"),
                             ("Cebu City", "6000"), ("Davao City", "8000"), ("Makati City", "1210")])
    street = _pick(rng, "Sampaguita St.", "Mabini Street", "Rizal Avenue", "Acacia Lane", "P. Burgos Street")
    first = f"Blk {rng.randint(1, 40)} Lot {rng.randint(1, 30)} {street}" if rng.random() < 0.5 else \
        f"{rng.randint(10, 999)} {street}"
    brgy = f"Brgy. {_pick(rng, 'Malanday', 'San Antonio', 'Commonwealth', 'Lahug', 'Poblacion')}"
    last = f"{city} {zip_}" if rng.random() < 0.5 else f"{zip_} {city}"
    return [first, brgy, last]


def _id_person(rng: random.Random) -> Person:
    return Person(f"{_pick(rng, 'Dewi', 'Budi', 'Agus', 'Siti', 'Rina', 'Yohanes', 'Eko')} "
                  f"{_pick(rng, 'Lestari', 'Santoso', 'Setiawan', 'Rahmawati', 'Kurniawan', 'Wibowo', 'Pratama')}",
                  _pick(rng, "", "Bapak", "Ibu"))


def _id_address(rng: random.Random) -> list[str]:
    city = _pick(rng, "Jakarta Pusat", "Jakarta Selatan", "Bandung", "Surabaya", "Semarang", "Kota Bekasi")
    return [f"Jl. {_pick(rng, 'Kenanga', 'Melati Raya', 'Cempaka Putih Tengah', 'Gatot Subroto', 'Diponegoro')} "
            f"No. {rng.randint(1, 150)}",
            f"RT {rng.randint(1, 12):03d}/RW {rng.randint(1, 9):03d}",
            f"Kel. {_pick(rng, 'Cempaka Putih Timur', 'Tebet Barat', 'Sukajadi', 'Gubeng', 'Pedurungan')}, "
            f"Kec. {_pick(rng, 'Cempaka Putih', 'Tebet', 'Sukasari', 'Gubeng', 'Pedurungan')}",
            f"{city} {rng.randint(10110, 60299)}"]


def _th_person(rng: random.Random) -> Person:
    return Person(f"{_pick(rng, 'Somchai', 'Nattaya', 'Kittipong', 'Siriporn', 'Anucha', 'Pimchanok')} "
                  f"{_pick(rng, 'Wongsawat', 'Chaiyaporn', 'Srisuk', 'Thongdee', 'Rattanakorn')}", _pick(rng, "", "Khun"))


def _th_address(rng: random.Random) -> list[str]:
    prov, pc = rng.choice([("Bangkok", "10310"), ("Bangkok", "10110"), ("Nonthaburi", "11000"),
                           ("Chiang Mai", "50200"), ("Khon Kaen", "40000")])
    return [f"{rng.randint(1, 199)}/{rng.randint(1, 80)} Moo {rng.randint(1, 12)}, "
            f"Soi {_pick(rng, 'Ladprao 71', 'Sukhumvit 39', 'Ramkhamhaeng 24', 'Nimmanhaemin 9')}",
            f"{_pick(rng, 'Khwaeng Wang Thonglang', 'Tambon Suthep', 'Khwaeng Khlong Toei Nuea', 'Tambon Bang Kraso')}, "
            f"{_pick(rng, 'Khet Wang Thonglang', 'Amphoe Mueang', 'Khet Watthana')}",
            f"{prov} {pc}"]


def _hk_person(rng: random.Random) -> Person:
    sur = _pick(rng, "CHAN", "WONG", "LEUNG", "CHEUNG", "LAU", "HO")
    given = _pick(rng, "Tai Man", "Ka Yan", "Siu Ming", "Wing Sze", "Chi Keung")
    return Person(f"{sur} {given}", _pick(rng, "", "Mr", "Ms"))


def _hk_address(rng: random.Random) -> list[str]:
    flat = f"Flat {rng.randint(1, 32)}{rng.choice('ABCDEFGH')}, {rng.randint(2, 40)}/F"
    estate = _pick(rng, "Block 3, Lok Fu Garden", "Tower 2, Laguna City", "Kwai Shing East Estate, Block 5",
                   "Harmony Court")
    street = f"{rng.randint(1, 188)} {_pick(rng, 'Wang Tau Hom Road', 'Cha Kwo Ling Road', 'Kwai Shing Circuit', 'Electric Road')}"
    region = _pick(rng, "Kowloon", "Hong Kong", "New Territories")
    return [flat, estate, street, region]


def _uk_person(rng: random.Random) -> Person:
    return Person(f"{_pick(rng, 'James', 'Olivia', 'Harriet', 'Daniel', 'Priya', 'Tom')} "
                  f"{_pick(rng, 'Whitfield', 'Ashworth', 'Okafor', 'Pemberton', 'Hargreaves', 'Lowe')}",
                  _pick(rng, "", "Mr", "Mrs", "Ms", "Dr"))


def _uk_address(rng: random.Random) -> list[str]:
    town, pc = rng.choice([("London", "W6 0BE"), ("Leeds", "LS6 2AB"), ("Bristol", "BS7 8NU"),
                           ("Manchester", "M20 3FG"), ("Norwich", "NR2 4PD")])
    lines = [f"{rng.randint(1, 140)} {_pick(rng, 'Brackenbury Road', 'Cardigan Lane', 'Ashley Down Road', 'Palatine Road', 'Unthank Road')}"]
    if rng.random() < 0.4:
        lines.append(_pick(rng, "Headingley", "Didsbury", "Hammersmith", "Bishopston"))
    return [*lines, town, pc] if rng.random() < 0.4 else [*lines, f"{town} {pc}"]


def _au_person(rng: random.Random) -> Person:
    return Person(f"{_pick(rng, 'Chloe', 'Liam', 'Mitchell', 'Sarah', 'Nguyen Van', 'Jack')} "
                  f"{_pick(rng, 'Fitzgerald', 'Kowalski', 'Brennan', 'Tran', 'McAllister')}", _pick(rng, "", "Mr", "Ms"))


def _au_address(rng: random.Random) -> list[str]:
    sub, st, pc = rng.choice([("TOOWONG", "QLD", "4066"), ("BRUNSWICK", "VIC", "3056"), ("PARRAMATTA", "NSW", "2150"),
                              ("FREMANTLE", "WA", "6160"), ("GLENELG", "SA", "5045")])
    first = f"Unit {rng.randint(1, 20)}, {rng.randint(2, 300)} " if rng.random() < 0.4 else f"{rng.randint(2, 300)} "
    return [first + _pick(rng, "Kambala Street", "Sydney Road", "Church St", "Marine Parade", "Jetty Road"),
            f"{sub} {st} {pc}"]


def _us_person(rng: random.Random) -> Person:
    first = _pick(rng, "Jennifer", "Marcus", "Emily", "Robert", "Alicia", "Kevin")
    last = _pick(rng, "Delgado", "Thompson", "Nakamura", "O'Brien", "Schultz", "Washington")
    if rng.random() < 0.4:
        mid = rng.choice("ABJKLR")
        return Person(f"{first} {mid}. {last}", "", (f"{first} {last}",))
    return Person(f"{first} {last}", "")


def _us_address(rng: random.Random) -> list[str]:
    city, st, z = rng.choice([("Columbus", "OH", "43214"), ("Tucson", "AZ", "85719"), ("Raleigh", "NC", "27607"),
                              ("Spokane", "WA", "99203"), ("Albany", "NY", "12208")])
    street = f"{rng.randint(100, 9999)} {_pick(rng, 'Maple Grove Ln', 'N Campbell Ave', 'Hillsborough St', 'W 14th Ave', 'Delaware Ave')}"
    lines = [street + (f" Apt {rng.randint(1, 40)}{rng.choice('ABC')}" if rng.random() < 0.3 else "")]
    return [*lines, f"{city}, {st} {z}" + (f"-{rng.randint(1000, 9999)}" if rng.random() < 0.3 else "")]


def _ca_person(rng: random.Random) -> Person:
    return Person(f"{_pick(rng, 'Émilie', 'Mathieu', 'Graham', 'Aisha', 'Kwame', 'Sophie')} "
                  f"{_pick(rng, 'Tremblay', 'Gagnon', 'MacDonald', 'Singh', 'Boateng', 'Lefebvre')}", _pick(rng, "", "Mr", "Ms"))


def _ca_address(rng: random.Random) -> list[str]:
    if rng.random() < 0.4:
        return [f"{rng.randint(100, 4999)} rue {_pick(rng, 'Saint-Denis', 'Beaubien Est', 'de Bleury')}, app. {rng.randint(1, 12)}",
                f"Montréal QC H2{rng.choice('JKRS')} {rng.randint(1, 9)}{rng.choice('ABCEG')}{rng.randint(1, 9)}"]
    town, prov, pc = rng.choice([("Toronto", "ON", "M4E 1G6"), ("Halifax", "NS", "B3H 2Y9"),
                                 ("Calgary", "AB", "T2N 1M7"), ("Winnipeg", "MB", "R3L 0Z4")])
    return [f"{rng.randint(12, 2999)} {_pick(rng, 'Birchmount Road', 'Spring Garden Rd', '10 Ave NW', 'Corydon Avenue')}",
            f"{town} {prov} {pc}"]


def _fr_person(rng: random.Random) -> Person:
    first = _pick(rng, "Claire", "Julien", "Maëlle", "Thibault", "Nadia", "Hélène")
    last = _pick(rng, "Dubois", "Lefèvre", "Moreau", "Benali", "Rousseau", "Garnier")
    if rng.random() < 0.5:
        return Person(f"{last.upper()} {first}", _pick(rng, "M.", "Mme"), (f"{first} {last}",))
    return Person(f"{first} {last}", _pick(rng, "", "M.", "Mme", "Madame"))


def _fr_address(rng: random.Random) -> list[str]:
    pc, town = rng.choice([("69003", "LYON"), ("33000", "BORDEAUX"), ("44100", "NANTES"), ("31400", "TOULOUSE"),
                           ("75011", "PARIS")])
    lines = []
    if rng.random() < 0.35:
        lines.append(f"Résidence {_pick(rng, 'Les Pins', 'Le Clos Fleuri', 'Bellevue')}, Bât. {rng.choice('ABC')}")
    lines.append(f"{rng.randint(1, 120)} {_pick(rng, 'allée des Tilleuls', 'rue Paul Bert', 'avenue Jean Jaurès', 'boulevard Voltaire', 'impasse des Lilas')}")
    return [*lines, f"{pc} {town}"]


def _de_person(rng: random.Random) -> Person:
    return Person(f"{_pick(rng, 'Jonas', 'Lena', 'Katharina', 'Mehmet', 'Tobias', 'Anja')} "
                  f"{_pick(rng, 'Becker', 'Schäfer', 'Yilmaz', 'Hoffmann', 'Krüger', 'Wagner')}", _pick(rng, "", "Herrn", "Frau"))


def _de_address(rng: random.Random) -> list[str]:
    pc, town = rng.choice([("50674", "Köln"), ("80469", "München"), ("04109", "Leipzig"), ("28195", "Bremen"),
                           ("70173", "Stuttgart")])
    return [f"{_pick(rng, 'Lindenstraße', 'Am Mühlenweg', 'Goethestr.', 'Bahnhofstraße', 'Kastanienallee')} {rng.randint(1, 90)}"
            + (rng.choice("ab") if rng.random() < 0.2 else ""), f"{pc} {town}"]


def _in_person(rng: random.Random) -> Person:
    return Person(f"{_pick(rng, 'Rajesh Kumar', 'Ananya', 'Venkatesh', 'Pooja', 'Sandeep', 'Meenakshi')} "
                  f"{_pick(rng, 'Sharma', 'Iyer', 'Reddy', 'Patil', 'Banerjee', 'Nair')}", _pick(rng, "", "Shri", "Smt", "Mr"))


def _in_address(rng: random.Random) -> list[str]:
    city, state, pin = rng.choice([("Bengaluru", "Karnataka", "560038"), ("Pune", "Maharashtra", "411004"),
                                   ("Chennai", "Tamil Nadu", "600020"), ("Hyderabad", "Telangana", "500034"),
                                   ("Kolkata", "West Bengal", "700019")])
    lines = [f"Flat No. {rng.randint(101, 904)}, {_pick(rng, 'Sai Krupa Apartments', 'Green Meadows', 'Shanti Niketan CHS')}",
             f"{_pick(rng, '14th Cross, Indiranagar', 'Prabhat Road, Erandwane', '2nd Main Road, Adyar', 'Road No. 10, Banjara Hills', 'Gariahat Road')}"]
    return [*lines, f"{city} - {pin}", state] if rng.random() < 0.5 else [*lines, f"{city}, {state} {pin}"]


COUNTRY_DATA: dict[str, Country] = {
    "SG": Country("SG", "en", "S$", _sg_person, _sg_address,
                  (("Merlion Power Pte Ltd", "utility", ("31 Kallang Place #04-10", "Singapore 339159")),
                   ("Straits Union Bank", "bank", ("9 Raffles Quay", "Singapore 048619"))),
                  ("Robinson Road PO Box 1188", "Singapore 902188")),
    "MY": Country("MY", "en", "RM", _my_person, _my_address,
                  (("Tenaga Cahaya Berhad", "utility", ("Wisma Cahaya, 12 Jalan Bangsar", "59200 Kuala Lumpur")),
                   ("Bank Seri Nusantara Berhad", "card", ("Menara Seri, 8 Jalan Tun Razak", "50400 Kuala Lumpur"))),
                  ("Peti Surat 10112", "50706 Kuala Lumpur")),
    "PH": Country("PH", "en", "PHP", _ph_person, _ph_address,
                  (("Luzon Water Services Inc.", "utility", ("MWSS Compound, Katipunan Road", "Quezon City 1105")),
                   ("Pacific Isles Bank", "bank", ("6750 Ayala Avenue", "Makati City 1226"))),
                  ("P.O. Box 2044 MCPO", "1260 Makati City")),
    "ID": Country("ID", "en", "Rp", _id_person, _id_address,
                  (("PT Listrik Nusantara", "utility", ("Jl. Trunojoyo Blok M I/135", "Jakarta Selatan 12160")),
                   ("Bank Samudra Indonesia", "bank", ("Jl. Jend. Sudirman Kav. 44", "Jakarta Pusat 10210"))),
                  ("Kotak Pos 1400", "Jakarta 10014")),
    "TH": Country("TH", "en", "THB", _th_person, _th_address,
                  (("Metro Electricity Authority", "utility", ("30 Soi Chidlom, Phloen Chit Road", "Bangkok 10330")),
                   ("Siam Orchid Bank PCL", "card", ("1222 Rama III Road", "Bangkok 10120"))),
                  ("GPO Box 1911", "Bangkok 10501")),
    "HK": Country("HK", "en", "HK$", _hk_person, _hk_address,
                  (("Harbour Light & Power Co Ltd", "utility", ("18/F Harbour Centre", "25 Harbour Road, Wan Chai", "Hong Kong")),
                   ("Victoria Peak Bank Limited", "card", ("1 Queen's Road Central", "Hong Kong"))),
                  ("GPO Box 3300", "Hong Kong")),
    "UK": Country("UK", "en", "£", _uk_person, _uk_address,
                  (("Northgate Energy Ltd", "utility", ("Northgate House, 40 Wellington Street", "Leeds LS1 4DL")),
                   ("Albion Building Society", "bank", ("Albion House, 3 Corn Street", "Bristol BS1 1HT"))),
                  ("PO Box 7730", "Glasgow G2 9BB")),
    "AU": Country("AU", "en", "$", _au_person, _au_address,
                  (("Southern Cross Energy Pty Ltd", "utility", ("Level 9, 121 Exhibition Street", "MELBOURNE VIC 3000")),
                   ("Coral Coast Credit Union", "card", ("88 Eagle Street", "BRISBANE QLD 4000"))),
                  ("Locked Bag 4410", "SYDNEY NSW 2001")),
    "US": Country("US", "en", "$", _us_person, _us_address,
                  (("Cascade Valley Electric Co.", "utility", ("1200 Commerce Blvd", "Portland, OR 97204")),
                   ("First Prairie National Bank", "bank", ("500 Main Street", "Des Moines, IA 50309"))),
                  ("PO Box 660402", "Dallas, TX 75266-0402")),
    "CA": Country("CA", "en", "$", _ca_person, _ca_address,
                  (("Maple Hydro Corporation", "utility", ("700 University Avenue", "Toronto ON M5G 1X6")),
                   ("Banque Laurentide du Nord", "card", ("1981 McGill College Avenue", "Montréal QC H3A 3A8"))),
                  ("PO Box 4580 Stn A", "Toronto ON M5W 4Z9")),
    "FR": Country("FR", "fr", "€", _fr_person, _fr_address,
                  (("Électricité du Rhône SA", "utility", ("TSA 40211", "69403 LYON CEDEX 03")),
                   ("Crédit des Provinces", "bank", ("12 place de la Bourse", "33076 BORDEAUX CEDEX"))),
                  ("Service Encaissement TSA 90117", "92894 NANTERRE CEDEX 9")),
    "DE": Country("DE", "de", "€", _de_person, _de_address,
                  (("Stadtwerke Rheinaue GmbH", "utility", ("Postfach 10 14 52", "50454 Köln")),
                   ("Hansa Direktbank AG", "bank", ("Ballindamm 17", "20095 Hamburg"))),
                  ("Zahlungsservice, Postfach 20 11 70", "80011 München")),
    "IN": Country("IN", "en", "Rs.", _in_person, _in_address,
                  (("Deccan Power Distribution Co. Ltd", "utility", ("Corporate Office, K.R. Circle", "Bengaluru - 560001")),
                   ("Bharat Commerce Bank", "card", ("Nariman Bhavan, 227 Backbay Reclamation", "Mumbai - 400021"))),
                  ("Card Centre, P.B. No. 5120", "Chennai - 600002")),
}

LABELS: dict[str, dict[str, str]] = {
    "en": {"bill": "Your bill", "statement": "Statement of account", "card": "Credit card statement",
           "account": "Account number", "date": "Statement date", "due": "Payment due", "total": "Total amount due",
           "holder": "Account holder", "mailing": "Mailing address", "branch": "Home branch", "bill_to": "Bill to",
           "customer": "Consumer name", "billing_address": "Billing address", "pay_to": "Send payments to",
           "dear": "Dear customer", "body": "Thank you for being our customer. This statement shows your charges for the "
           "period and the amount to pay by the due date. Please keep it for your records.",
           "previous": "Previous balance", "payment": "Payment received, thank you", "charges": "Current charges",
           "tax": "Tax", "summary": "Account summary", "limit": "Credit limit", "minimum": "Minimum payment",
           "office": "Issued by", "meter": "Meter number", "usage": "Usage (kWh)", "reg": "Registered office",
           "subject": "Subject", "page": "Page 1 of 2"},
    "fr": {"bill": "Votre facture", "statement": "Relevé de compte", "card": "Relevé de carte",
           "account": "Référence client", "date": "Date de facture", "due": "À payer avant le", "total": "Montant à payer",
           "holder": "Titulaire du compte", "mailing": "Adresse postale", "branch": "Votre agence", "bill_to": "Facturé à",
           "customer": "Nom du client", "billing_address": "Adresse de facturation", "pay_to": "Envoyez votre règlement à",
           "dear": "Bonjour", "body": "Vous trouverez ci-dessous le détail de votre consommation et le montant à "
           "régler avant la date indiquée. Conservez ce document.",
           "previous": "Solde précédent", "payment": "Paiement reçu, merci", "charges": "Consommation de la période",
           "tax": "TVA", "summary": "Synthèse", "limit": "Plafond", "minimum": "Paiement minimum",
           "office": "Émis par", "meter": "N° de compteur", "usage": "Consommation (kWh)", "reg": "Siège social",
           "subject": "Objet", "page": "Page 1 sur 2"},
    "de": {"bill": "Ihre Rechnung", "statement": "Kontoauszug", "card": "Kreditkartenabrechnung",
           "account": "Kundennummer", "date": "Rechnungsdatum", "due": "Fällig am", "total": "Zu zahlender Betrag",
           "holder": "Kontoinhaber", "mailing": "Postanschrift", "branch": "Ihre Filiale", "bill_to": "Rechnungsempfänger",
           "customer": "Kundenname", "billing_address": "Rechnungsanschrift", "pay_to": "Zahlungen an",
           "dear": "Guten Tag", "body": "Nachfolgend finden Sie die Aufstellung Ihres Verbrauchs und den Betrag, "
           "der zum genannten Termin fällig ist. Bitte bewahren Sie dieses Schreiben auf.",
           "previous": "Vorheriger Saldo", "payment": "Zahlungseingang, danke", "charges": "Verbrauch im Zeitraum",
           "tax": "MwSt.", "summary": "Übersicht", "limit": "Kreditrahmen", "minimum": "Mindestbetrag",
           "office": "Aussteller", "meter": "Zählernummer", "usage": "Verbrauch (kWh)", "reg": "Sitz der Gesellschaft",
           "subject": "Betreff", "page": "Seite 1 von 2"},
}


# -------------------------------------------------------------------------------------------------- a page

@dataclass
class Bill:
    """Everything one page prints, drawn once from the page's seed."""

    country: Country
    person: Person
    address: list[str]
    issuer: str
    kind: str
    issuer_address: list[str]
    pay_to: list[str]
    font: str
    holder_font: str
    upper: bool
    accent: str
    account: str
    date: str
    due: str
    amounts: list[tuple[str, str]] = field(default_factory=list)
    total: str = ""

    @property
    def L(self) -> dict[str, str]:
        return LABELS[self.country.lang]

    def printed_name(self) -> str:
        text = f"{self.person.title} {self.person.name}".strip()
        return text.upper() if self.upper else text

    def printed_address(self) -> list[str]:
        return [ln.upper() for ln in self.address] if self.upper else list(self.address)

    def money(self, value: float) -> str:
        c = self.country
        if c.lang in ("fr", "de"):
            return f"{value:,.2f}".replace(",", " ").replace(".", ",") + " €"
        if c.code == "ID":
            return f"Rp {value * 1000:,.0f}".replace(",", ".")
        return f"{c.currency}{value:,.2f}" if c.currency in ("S$", "$", "£", "HK$") else f"{c.currency} {value:,.2f}"


# given names that are women's (for the title in front); names not listed here keep whatever title was drawn
FEMALE_GIVEN = frozenset({
    "Nur", "Siti", "Farah", "Kavitha", "Thanalakshmi", "Saraswathy", "Maria", "Kristine", "Rowena", "Dewi", "Rina",
    "Nattaya", "Siriporn", "Pimchanok", "Olivia", "Harriet", "Priya", "Chloe", "Sarah", "Jennifer", "Emily", "Alicia",
    "Émilie", "Aisha", "Sophie", "Claire", "Maëlle", "Nadia", "Hélène", "Lena", "Katharina", "Anja", "Ananya", "Pooja",
    "Meenakshi"})
MALE_GIVEN = frozenset({
    "Muhammad", "Ahmad", "Hafiz", "Mohd", "Azlan", "Juan", "Jose", "Mark", "Budi", "Agus", "Yohanes", "Eko", "Somchai",
    "Kittipong", "Anucha", "James", "Daniel", "Tom", "Liam", "Mitchell", "Nguyen", "Jack", "Marcus", "Robert", "Kevin",
    "Mathieu", "Graham", "Kwame", "Julien", "Thibault", "Jonas", "Mehmet", "Tobias", "Rajesh", "Venkatesh", "Sandeep"})
_TO_FEMALE = {"Mr": "Ms", "Encik": "Puan", "Bapak": "Ibu", "M.": "Mme", "Monsieur": "Madame", "Herrn": "Frau",
              "Shri": "Smt"}
_TO_MALE = {v: k for k, v in _TO_FEMALE.items()} | {"Mrs": "Mr", "Mdm": "Mr"}


def _gendered(person: Person) -> Person:
    """The drawn title agrees with the given name ("Ms Aisha", never "Mr Aisha"); the draw itself is unchanged."""
    words = person.name.split()
    given = next((w for w in words if w in FEMALE_GIVEN or w in MALE_GIVEN), "")
    swap = _TO_FEMALE if given in FEMALE_GIVEN else _TO_MALE if given in MALE_GIVEN else {}
    return Person(person.name, swap.get(person.title, person.title), person.variants)


def draw_bill(country: str, rng: random.Random, layout: str = "") -> Bill:
    c = COUNTRY_DATA[country]
    # statements and card summaries come from the bank, the other layouts from either issuer
    issuers = [i for i in c.issuers if i[1] in ("bank", "card")] if layout in ("statement_table", "card_summary") \
        else list(c.issuers)
    issuer, kind, iaddr = rng.choice(issuers)
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    day, month = rng.randint(1, 26), rng.randint(0, 10)
    if c.lang in ("fr", "de"):
        date, due = f"{day:02d}.{month + 1:02d}.2025", f"{day + 2:02d}.{month + 2:02d}.2025"
    elif country == "US":
        date, due = f"{months[month]} {day}, 2025", f"{months[month + 1]} {day + 2}, 2025"
    else:
        date, due = f"{day} {months[month]} 2025", f"{day + 2} {months[month + 1]} 2025"
    font = rng.choice(FONTS)
    bill = Bill(country=c, person=_gendered(c.person(rng)), address=c.address(rng), issuer=issuer, kind=kind,
                issuer_address=list(iaddr), pay_to=list(c.pay_to), font=font,
                holder_font=rng.choice(MONO_FONTS) if rng.random() < 0.2 else font, upper=rng.random() < 0.45,
                accent=rng.choice(("#0b4f8a", "#a4161a", "#1b7f3b", "#6a2c91", "#d46a00", "#00707a")),
                account=f"{rng.randint(10, 99)}-{rng.randint(100000, 999999)}-{rng.randint(1, 9)}", date=date, due=due)
    prev = rng.uniform(40, 400)
    charges = rng.uniform(30, 300)
    tax = charges * 0.08
    bill.amounts = [(bill.L["previous"], bill.money(prev)), (bill.L["payment"], "-" + bill.money(prev)),
                    (bill.L["charges"], bill.money(charges)), (bill.L["tax"], bill.money(tax))]
    bill.total = bill.money(charges + tax)
    return bill


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _lines(lines: list[str]) -> str:
    return "<br>".join(_e(x) for x in lines)


def _head(b: Bill, extra_css: str = "") -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>"
            f"html,body{{margin:0;padding:0;background:#fff;width:{PAGE_W}px;height:{PAGE_H}px;overflow:hidden}}"
            f"body{{font-family:'{b.font}';font-size:19px;color:#1a1a1a;position:relative}}"
            f".holder{{font-family:'{b.holder_font}';font-size:21px;line-height:1.35}}"
            f".accent{{color:{b.accent}}} .small{{font-size:15px;color:#444}} h1{{margin:0}}"
            f"table{{border-collapse:collapse}} td,th{{padding:6px 10px}}"
            f".amounts td{{border-bottom:1px solid #ccc}} .amounts td:last-child{{text-align:right}}"
            f"{extra_css}</style></head><body>")


def _amount_table(b: Bill, width: int = 640) -> str:
    rows = "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in b.amounts)
    return (f"<table class='amounts' style='width:{width}px'>{rows}"
            f"<tr><td><b>{_e(b.L['total'])}</b></td><td><b>{_e(b.total)}</b></td></tr></table>")


def _filler(b: Bill, top: int) -> str:
    """A paragraph of small print at the foot: makes the page less empty, never names a person."""
    text = ("Customer service is available Monday to Friday. Payments by direct debit are collected on the "
            "due date. Late payment may incur a charge. " * 3) if b.country.lang == "en" else b.L["body"] * 2
    return f"<div class='small' style='position:absolute;left:90px;right:90px;top:{top}px'>{_e(text)}</div>"


def layout_window_letter(b: Bill) -> str:
    """A letter: issuer letterhead with its address at the top right, the holder in a window-envelope block."""
    return (_head(b) +
            f"<div style='position:absolute;left:90px;top:70px'><h1 class='accent' style='font-size:38px'>{_e(b.issuer)}</h1></div>"
            f"<div class='small' style='position:absolute;right:90px;top:70px;text-align:right'>{_lines(b.issuer_address)}</div>"
            f"<div class='holder' style='position:absolute;left:110px;top:300px'>{_e(b.printed_name())}<br>{_lines(b.printed_address())}</div>"
            f"<div style='position:absolute;right:90px;top:300px;text-align:right'>{_e(b.L['date'])}: {_e(b.date)}<br>"
            f"{_e(b.L['account'])}: {_e(b.account)}<br>{_e(b.L['page'])}</div>"
            f"<div style='position:absolute;left:90px;right:90px;top:620px'><h2>{_e(b.L['bill'])}</h2>"
            f"<p>{_e(b.L['dear'])},</p>"
            f"<p>{_e(b.L['body'])}</p>{_amount_table(b)}<p>{_e(b.L['due'])}: <b>{_e(b.due)}</b></p></div>"
            + _filler(b, 1500) + "</body></html>")


def layout_two_column(b: Bill) -> str:
    """Invoice style: the issuer and its address in the left column, "Bill to" and the holder in the right."""
    return (_head(b, ".col{position:absolute;top:90px;width:480px}") +
            f"<div style='position:absolute;left:0;right:0;top:0;height:40px;background:{b.accent}'></div>"
            f"<div class='col' style='left:90px'><h1 class='accent' style='font-size:32px'>{_e(b.issuer)}</h1>"
            f"<div style='margin-top:10px'>{_lines(b.issuer_address)}</div><div class='small'>Tel 1800 555 0199</div></div>"
            f"<div class='col' style='left:700px'><div class='small' style='text-transform:uppercase;letter-spacing:2px'>"
            f"{_e(b.L['bill_to'])}</div><div class='holder' style='margin-top:6px'>{_e(b.printed_name())}<br>"
            f"{_lines(b.printed_address())}</div></div>"
            f"<div style='position:absolute;left:90px;right:90px;top:520px'>"
            f"<table style='width:100%;border:1px solid #999'><tr style='background:#eee'><th>{_e(b.L['account'])}</th>"
            f"<th>{_e(b.L['date'])}</th><th>{_e(b.L['due'])}</th></tr><tr><td>{_e(b.account)}</td><td>{_e(b.date)}</td>"
            f"<td>{_e(b.due)}</td></tr></table><h2 style='margin-top:50px'>{_e(b.L['bill'])}</h2>{_amount_table(b, 1060)}</div>"
            + _filler(b, 1400) + "</body></html>")


def layout_statement_table(b: Bill) -> str:
    """A bank statement: key/value table with "Account holder", the mailing address and the home branch's."""
    rng = random.Random(b.account)
    tx = "".join(f"<tr><td>{d:02d}/{rng.randint(1, 12):02d}</td><td>{_e(rng.choice(['POS PURCHASE', 'TRANSFER IN', 'ATM WITHDRAWAL', 'STANDING ORDER', 'INTEREST']))}"
                 f" {rng.randint(1000, 9999)}</td><td>{_e(b.money(rng.uniform(5, 900)))}</td><td>{_e(b.money(rng.uniform(100, 9000)))}</td></tr>"
                 for d in range(1, 28, 3))
    kv = (f"<tr><th>{_e(b.L['holder'])}:</th><td>{_e(b.printed_name())}</td></tr>"
          f"<tr><th>{_e(b.L['mailing'])}:</th><td>{_lines(b.printed_address())}</td></tr>"
          f"<tr><th>{_e(b.L['account'])}:</th><td>{_e(b.account)}</td></tr>"
          f"<tr><th>{_e(b.L['branch'])}:</th><td>{_lines(b.issuer_address)}</td></tr>")
    return (_head(b, "th{text-align:left;vertical-align:top;font-weight:bold} .kv td,.kv th{border:1px solid #bbb}"
                     ".tx th{background:#ddd;border-bottom:2px solid #333} .tx td{border-bottom:1px solid #ddd}") +
            f"<div style='position:absolute;left:90px;top:70px'><h1 class='accent' style='font-size:34px'>{_e(b.issuer)}</h1>"
            f"<div style='font-size:26px;margin-top:8px'>{_e(b.L['statement'])}</div><div>{_e(b.date)}</div></div>"
            f"<table class='kv' style='position:absolute;left:90px;top:290px;width:1060px'>{kv}</table>"
            f"<table class='tx' style='position:absolute;left:90px;top:720px;width:1060px'><tr><th>Date</th><th>Description</th>"
            f"<th>Amount</th><th>Balance</th></tr>{tx}</table>"
            + _filler(b, 1500) + "</body></html>")


def layout_card_summary(b: Bill) -> str:
    """A card statement: the holder inside a bordered summary box; a payment slip with "send payments to"."""
    card = f"**** **** **** {random.Random(b.account).randint(1000, 9999)}"
    return (_head(b, ".box{border:2px solid #333;border-radius:8px;padding:18px}") +
            f"<div style='position:absolute;left:90px;top:60px'><h1 class='accent' style='font-size:34px'>{_e(b.issuer)}</h1>"
            f"<div>{_e(b.L['card'])} · {_e(b.date)}</div></div>"
            f"<div class='box' style='position:absolute;left:90px;top:230px;width:1024px;height:300px'>"
            f"<div class='small' style='font-weight:bold'>{_e(b.L['summary'])}</div>"
            f"<div class='holder' style='position:absolute;left:20px;top:60px'>{_e(b.printed_name())}<br>{_lines(b.printed_address())}</div>"
            f"<table style='position:absolute;left:600px;top:50px;width:420px'>"
            f"<tr><td>{_e(b.L['limit'])}</td><td style='text-align:right'>{_e(b.money(8000))}</td></tr>"
            f"<tr><td>{_e(b.L['total'])}</td><td style='text-align:right'><b>{_e(b.total)}</b></td></tr>"
            f"<tr><td>{_e(b.L['minimum'])}</td><td style='text-align:right'>{_e(b.money(25))}</td></tr>"
            f"<tr><td>{_e(b.L['due'])}</td><td style='text-align:right'>{_e(b.due)}</td></tr></table></div>"
            f"<div style='position:absolute;left:90px;top:600px'>{_amount_table(b, 1060)}</div>"
            f"<div style='position:absolute;left:60px;right:60px;top:1230px;border-top:3px dashed #777'></div>"
            f"<div style='position:absolute;left:90px;top:1270px'><b>{_e(b.L['pay_to'])}:</b><br>{_e(b.issuer)}<br>{_lines(b.pay_to)}</div>"
            f"<div style='position:absolute;left:700px;top:1270px'>{_e(card)}<br>{_e(b.printed_name())}<br>"
            f"{_e(b.L['total'])}: {_e(b.total)}</div>"
            f"<div class='small' style='position:absolute;left:90px;top:1560px'>{_e(b.L['reg'])}: {_e(b.issuer)}, "
            f"{_e(', '.join(b.issuer_address))}</div></body></html>")


def layout_euro_right(b: Bill) -> str:
    """A French/German letter: sender line above a right-hand window, the holder at the right, "Objet"/"Betreff"."""
    sender = f"{b.issuer} · {' · '.join(b.issuer_address)}"
    found = re.search(r"[^\W\d_]{3,}(?:[ -][^\W\d_]{3,})*", b.issuer_address[-1])
    town = re.sub(r"\s*\bCEDEX\b", "", found.group(0), flags=re.I).title() if found else ""
    return (_head(b) +
            f"<div style='position:absolute;left:90px;top:70px'><h1 class='accent' style='font-size:36px'>{_e(b.issuer)}</h1></div>"
            f"<div style='position:absolute;left:90px;top:260px;width:420px'>{_e(b.L['account'])}<br><b>{_e(b.account)}</b><br><br>"
            f"{_e(b.L['date'])}<br><b>{_e(b.date)}</b></div>"
            f"<div style='position:absolute;left:660px;top:230px;font-size:13px;text-decoration:underline'>{_e(sender)}</div>"
            f"<div class='holder' style='position:absolute;left:660px;top:275px'>{_e(b.printed_name())}<br>{_lines(b.printed_address())}</div>"
            f"<div style='position:absolute;right:90px;top:560px'>{_e(town)}, {_e(b.date)}</div>"
            f"<div style='position:absolute;left:90px;right:90px;top:640px'><b>{_e(b.L['subject'])}: {_e(b.L['bill'])}</b>"
            f"<p>{_e(b.L['dear'])},</p><p>{_e(b.L['body'])}</p>{_amount_table(b)}<p>{_e(b.L['due'])}: <b>{_e(b.due)}</b></p></div>"
            f"<div class='small' style='position:absolute;left:90px;right:90px;top:1580px;border-top:1px solid #999;padding-top:8px'>"
            f"{_e(b.L['reg'])}: {_e(b.issuer)}, {_e(', '.join(b.issuer_address))}</div></body></html>")


def layout_grid_bill(b: Bill) -> str:
    """A grid utility bill (Indian/Canadian style): labelled cells, meter table, the issuing office at the foot."""
    rng = random.Random(b.account)
    prev_read = rng.randint(1000, 9000)
    use = rng.randint(80, 600)
    cell = "border:1px solid #444;vertical-align:top;padding:10px"
    return (_head(b, f".g td{{{cell}}} .lab{{font-size:14px;color:#555;text-transform:uppercase}}") +
            f"<div style='position:absolute;left:60px;right:60px;top:50px;text-align:center'><h1 class='accent' style='font-size:32px'>"
            f"{_e(b.issuer)}</h1><div>{_e(b.L['bill'])} — {_e(b.date)}</div></div>"
            f"<table class='g' style='position:absolute;left:60px;top:190px;width:1120px'>"
            f"<tr><td style='width:62%'><div class='lab'>{_e(b.L['customer'])}</div><div class='holder'>{_e(b.printed_name())}</div></td>"
            f"<td><div class='lab'>{_e(b.L['account'])}</div>{_e(b.account)}</td></tr>"
            f"<tr><td><div class='lab'>{_e(b.L['billing_address'])}</div><div class='holder'>{_lines(b.printed_address())}</div></td>"
            f"<td><div class='lab'>{_e(b.L['meter'])}</div>{rng.randint(10000000, 99999999)}<br><br>"
            f"<div class='lab'>{_e(b.L['due'])}</div>{_e(b.due)}</td></tr></table>"
            f"<table class='g' style='position:absolute;left:60px;top:640px;width:1120px'><tr><td>Previous reading</td>"
            f"<td>Present reading</td><td>{_e(b.L['usage'])}</td></tr><tr><td>{prev_read}</td><td>{prev_read + use}</td>"
            f"<td>{use}</td></tr></table>"
            f"<div style='position:absolute;left:60px;top:850px'>{_amount_table(b, 1120)}</div>"
            f"<div style='position:absolute;left:60px;top:1380px;width:700px'><b>{_e(b.L['office'])}:</b><br>"
            f"{_e(b.issuer)}<br>{_lines(b.issuer_address)}</div>"
            + _filler(b, 1580) + "</body></html>")


LAYOUTS: dict[str, Callable[[Bill], str]] = {
    "window_letter": layout_window_letter, "two_column": layout_two_column, "statement_table": layout_statement_table,
    "card_summary": layout_card_summary, "euro_right": layout_euro_right, "grid_bill": layout_grid_bill,
}
# the distractor addresses each layout prints (the issuer's is on every page)
_PRINTS_PAY_TO = {"card_summary"}


# -------------------------------------------------------------------------------------------- degradation

def degrade(png: bytes, rng: random.Random, kind: str) -> bytes:
    """A scan ("scan": grey, slight rotation, blur, noise, JPEG) or a phone photo ("photo": perspective on a
    darker background, uneven light, colour cast, blur, noise, smaller, JPEG). Written here with OpenCV."""
    import cv2
    import numpy as np

    img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    h, w = img.shape[:2]
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    if kind == "scan":
        angle = rng.uniform(-1.8, 1.8)
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(250, 250, 250))
        img = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.0))
        f = img.astype(np.float32) * rng.uniform(0.85, 0.95) + rng.uniform(8, 20)  # toner and paper tone
        f += nrng.normal(0, rng.uniform(3, 7), f.shape[:2])[..., None]
        quality = rng.randint(55, 80)
    else:
        pad = 60
        canvas = np.full((h + 2 * pad, w + 2 * pad, 3), (70, 80, 90), np.uint8)
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        jit = [rng.uniform(-0.025, 0.025) * w for _ in range(8)]
        dst = np.float32([[pad + jit[0], pad + jit[1]], [pad + w + jit[2], pad + jit[3]],
                          [pad + w + jit[4], pad + h + jit[5]], [pad + jit[6], pad + h + jit[7]]])
        img = cv2.warpPerspective(img, cv2.getPerspectiveTransform(src, dst), (canvas.shape[1], canvas.shape[0]),
                                  dst=canvas, borderMode=cv2.BORDER_TRANSPARENT)
        yy, xx = np.mgrid[0:img.shape[0], 0:img.shape[1]].astype(np.float32)
        light = 1.0 - rng.uniform(0.15, 0.3) * (xx / img.shape[1] * rng.uniform(0.3, 1) + yy / img.shape[0] * rng.uniform(0.3, 1)) / 2
        f = img.astype(np.float32) * light[..., None] * np.float32([rng.uniform(0.85, 0.95), 0.97, 1.0])  # warm cast
        f = cv2.GaussianBlur(f, (0, 0), rng.uniform(0.7, 1.3))
        f += nrng.normal(0, rng.uniform(4, 9), f.shape)
        scale = rng.uniform(0.75, 0.9)
        f = cv2.resize(np.clip(f, 0, 255), None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        quality = rng.randint(60, 85)
    ok, buf = cv2.imencode(".jpg", np.clip(f, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return bytes(buf)


# ---------------------------------------------------------------------------------------------- rendering

def browser_available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


@contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole set, its viewport pinned to the page size."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="credrec-htmlbills-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--force-device-scale-factor=1", "--font-render-hinting=none", f"--window-size={PAGE_W},{PAGE_H}",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": PAGE_W, "height": PAGE_H, "deviceScaleFactor": 1, "mobile": False})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def render(driver: Any, html_path: Path) -> bytes:
    import base64

    driver.get(html_path.resolve().as_uri())
    driver.execute_script("return document.fonts.ready")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "clip": {"x": 0, "y": 0, "width": PAGE_W, "height": PAGE_H, "scale": 1}})
    return base64.b64decode(shot["data"])


def plan(pages: int, degraded_share: float = 0.5) -> list[tuple[str, str, str]]:
    """(country, layout, capture) per page: countries cycle, layouts cycle (13 and 6 are coprime, so every pair
    comes up over 78 pages); the last ``degraded_share`` of the pages are scanned or photographed, alternating
    by runs of six pages so that both captures see every layout."""
    layouts = list(LAYOUTS)
    out = []
    n_clean = round(pages * (1 - degraded_share))
    for i in range(pages):
        capture = "digital-raster" if i < n_clean else ("scan", "photo")[(i // len(layouts)) % 2]
        out.append((COUNTRIES[i % len(COUNTRIES)], layouts[i % len(layouts)], capture))
    return out


def truth_of(b: Bill, layout: str, capture: str) -> dict[str, Any]:
    distractors = [", ".join(b.issuer_address)]
    if layout in _PRINTS_PAY_TO:
        distractors.append(", ".join(b.pay_to))
    return {"name": b.person.name, "name_variants": list(b.person.variants), "name_is_placeholder": False,
            "address_lines": list(b.address), "address": ", ".join(b.address), "distractor_addresses": distractors,
            "issuer": b.issuer, "doc_type": b.kind, "country": b.country.code, "address_country": b.country.code,
            "capture": capture, "layout": layout, "font": b.font, "holder_font": b.holder_font,
            "upper_case": b.upper, "title": b.person.title, "format": "png" if capture == "digital-raster" else "jpg"}


def generate(out: Path, pages: int, seed: int, degraded_share: float = 0.5) -> dict[str, Any]:
    """Write ``pages`` pages (and their .html) and ``truth.json`` into ``out``; returns the truth."""
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, Any] = {}
    with chromium() as driver:
        for i, (country, layout, capture) in enumerate(plan(pages, degraded_share)):
            rng = random.Random(f"{seed}:{i}")
            bill = draw_bill(country, rng, layout)
            stem = f"html_{i:03d}_{country}_{layout}"
            html_path = out / f"{stem}.html"
            html_path.write_text(LAYOUTS[layout](bill), encoding="utf-8")
            png = render(driver, html_path)
            if capture == "digital-raster":
                fname = f"{stem}.png"
                (out / fname).write_bytes(png)
            else:
                fname = f"{stem}.jpg"
                (out / fname).write_bytes(degrade(png, rng, capture))
            truth[fname] = truth_of(bill, layout, capture)
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False), encoding="utf-8")
    return truth


# ------------------------------------------------------------------------------------------------ scoring

def _group(records: list[dict[str, Any]], key: str) -> list[list[str]]:
    rows = []
    for value in sorted({r[key] for r in records}):
        rs = [r for r in records if r[key] == value]
        rows.append([value, str(len(rs)), f"{sum(bool(r['name_ok']) for r in rs)} / {len(rs)}",
                     f"{statistics.mean(r['address_f1'] for r in rs):.2f}", f"{sum(r['address_exact'] for r in rs)} / {len(rs)}",
                     f"{sum(r['distractor_address'] for r in rs)}", f"{sum(r['organisation_name'] for r in rs)}"])
    rows.append(["**all**", str(len(records)), f"{sum(bool(r['name_ok']) for r in records)} / {len(records)}",
                 f"{statistics.mean(r['address_f1'] for r in records):.2f}" if records else "—",
                 f"{sum(r['address_exact'] for r in records)} / {len(records)}",
                 f"{sum(r['distractor_address'] for r in records)}", f"{sum(r['organisation_name'] for r in records)}"])
    return rows


HEADERS = ["pages", "name exact", "address token F1", "address exact", "distractor address picked",
           "organisation as holder"]


def report(records: list[dict[str, Any]], command: str) -> None:
    from tests.bench.real import _cell, table

    print(f"\n### HTML/Chromium-rendered bills (evaluation set, not docgen) — `{command}`\n")
    for key, title in (("country", "country"), ("layout", "layout"), ("capture", "capture")):
        print(table([title, *HEADERS], _group(records, key)))
        print()
    misses = [r for r in records if not r["name_ok"] or r["address_f1"] < 1.0 or r["distractor"]]
    if misses:
        print(f"Misses ({len(misses)}):\n")
        print(table(["file", "capture", "truth name", "reported name", "F1", "truth address", "reported address"],
                    [[r["file"], r["capture"], _cell(r["truth_name"], 28), _cell(r["name"] or "—", 28),
                      f"{r['address_f1']:.2f}", _cell(r["truth_address"], 48), _cell(r["address"] or "—", 48)]
                     for r in misses]))
    for r in records:
        if "error" in r:
            print(f"\n- {r['file']}: {r['error']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=26, help="pages to make (default 26: two per country)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--degraded", type=float, default=0.5, help="share of scanned/photographed pages (default 0.5)")
    ap.add_argument("--out", type=Path, help="keep the pages, their HTML and truth.json here")
    ap.add_argument("--generate-only", action="store_true", help="make the folder, do not run the engine")
    ap.add_argument("--backend", default="rapidocr")
    ap.add_argument("--no-cache", action="store_true", help="OCR every page again")
    ap.add_argument("--json", type=Path, help="write every per-file result here")
    args = ap.parse_args(argv)
    if not browser_available():
        print("htmlbills: chromium / chromium-driver not installed (make browserdeps): skipped")
        return 0
    from tests.bench import real
    from tests.bench.ocrcache import DEFAULT_DIR as CACHE

    out = args.out or Path(tempfile.mkdtemp(prefix="credrec-htmlbills-"))
    try:
        truth = generate(out, args.pages, args.seed, args.degraded)
        if args.generate_only:
            print(f"{len(truth)} pages and truth.json in {out}")
            return 0
        records = real.evaluate(out, cache=None if args.no_cache else CACHE, backend=args.backend)
        for r in records:
            r["layout"] = truth[r["file"]]["layout"]
        report(records, f"tests/bench/htmlbills.py --pages {args.pages} --seed {args.seed} --degraded {args.degraded}")
        if args.json:
            args.json.write_text(json.dumps(records, indent=1, ensure_ascii=False, default=str))
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
