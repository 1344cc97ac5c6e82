"""Per-country content for synthetic bills: holder names, addresses, issuers, money and date formats.

Everything is drawn from a ``random.Random`` passed in, so one seed always gives the same document.
Issuer names are invented on purpose: the generator makes test fixtures, not look-alikes of real
companies' bills.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

COUNTRIES: tuple[str, ...] = ("SG", "MY", "PH", "ID", "TH", "HK", "UK", "AU", "US")
KINDS: tuple[str, ...] = ("electricity", "water", "gas", "telecom", "credit_card", "bank_statement")

# ---------------------------------------------------------------------------------------------- names

_SG_CHINESE_SURNAMES = ["Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Chan", "Koh", "Teo", "Ang", "Yeo",
                        "Tay", "Ho", "Low", "Toh", "Sim", "Chong", "Chia", "Seah", "Quek", "Foo", "Heng"]
_SG_CHINESE_GIVEN = ["Wei Ming", "Mei Ling", "Boon Huat", "Hui Min", "Jun Jie", "Xiu Ying", "Kok Wah", "Siew Lan",
                     "Chee Keong", "Li Ting", "Zhi Hao", "Pei Shan", "Yong Sheng", "Shu Fen", "Kian Seng",
                     "Wan Ting", "Guo Liang", "Ai Ling", "Teck Meng", "Jia Hui"]
_WESTERN_GIVEN_M = ["James", "John", "Michael", "David", "Daniel", "Matthew", "Andrew", "Thomas", "Christopher",
                    "William", "Benjamin", "Samuel", "Joshua", "Ryan", "Nathan", "Peter", "Kenneth", "Vincent",
                    "Alan", "Jason", "Raymond", "Patrick", "Oliver", "George", "Harry", "Jack", "Liam", "Noah"]
_WESTERN_GIVEN_F = ["Mary", "Sarah", "Emma", "Olivia", "Sophie", "Jessica", "Emily", "Rachel", "Grace", "Hannah",
                    "Michelle", "Jennifer", "Karen", "Catherine", "Charlotte", "Amelia", "Chloe", "Isabella",
                    "Joanne", "Rebecca", "Natalie", "Victoria", "Lucy", "Megan"]
_MALAY_GIVEN_M = ["Muhammad Hafiz", "Ahmad Faizal", "Mohd Azlan", "Muhammad Irfan", "Hairul Nizam", "Khairul Anuar",
                  "Syed Hamid", "Mohamad Rizal", "Azman", "Zulkifli", "Ismail", "Hakim", "Firdaus", "Shahrul Nizam"]
_MALAY_GIVEN_F = ["Nur Aisyah", "Siti Nurhaliza", "Nurul Izzah", "Farah Nadia", "Aminah", "Noraini", "Zarina",
                  "Siti Aminah", "Nur Syafiqah", "Rosnah", "Hidayah", "Aishah"]
_MALAY_FATHERS = ["Ismail", "Rahman", "Abdullah", "Hassan", "Osman", "Yusof", "Ibrahim", "Ahmad", "Salleh",
                  "Hamzah", "Kassim", "Mohamed", "Abu Bakar", "Razak"]
_INDIAN_GIVEN_M = ["Rajesh", "Suresh", "Arjun", "Vijay", "Ganesh", "Kumar", "Ravi", "Prakash", "Sanjay", "Manoj",
                   "Karthik", "Balakrishnan"]
_INDIAN_GIVEN_F = ["Priya", "Kavitha", "Lakshmi", "Deepa", "Anitha", "Meena", "Shanthi", "Revathi", "Sangeetha",
                   "Malathi"]
_INDIAN_FATHERS = ["Kumar", "Subramaniam", "Ramasamy", "Krishnan", "Muthu", "Rajendran", "Pillai", "Nair",
                   "Selvaraj", "Govindasamy", "Arumugam", "Velu"]
_MY_CHINESE_SURNAMES = ["Lee", "Wong", "Tan", "Lim", "Chong", "Yap", "Ooi", "Khoo", "Cheah", "Liew", "Loh", "Teh",
                        "Chin", "Gan", "Soo", "Tey"]
_MY_CHINESE_GIVEN = ["Chong Wei", "Siew Ling", "Kah Hoe", "Mei Yee", "Wai Keong", "Pei Ling", "Soon Huat",
                     "Hui Ying", "Yew Chuan", "Lay Peng", "Kok Leong", "Sook Fun"]
_PH_GIVEN_M = ["Juan Miguel", "Jose", "Mark Anthony", "John Paul", "Christian", "Rodel", "Jericho", "Ramon",
               "Carlo", "Paolo", "Angelo", "Emmanuel", "Rafael"]
_PH_GIVEN_F = ["Maria Cristina", "Ma. Theresa", "Kristine", "Jocelyn", "Angelica", "Rowena", "Maricel", "Liza",
               "Camille", "Patricia", "Jasmine", "Lorna"]
_PH_SURNAMES = ["Dela Cruz", "Santos", "Reyes", "Garcia", "Mendoza", "Bautista", "Villanueva", "Ramos", "Aquino",
                "Castillo", "Fernandez", "De Leon", "Navarro", "Manalo", "Pascual", "Soriano", "Tolentino"]
_PH_MIDDLE = ["Santos", "Reyes", "Cruz", "Lopez", "Gonzales", "Torres", "Rivera", "Flores", "Mercado", "Salazar"]
_ID_SINGLE = ["Sutrisno", "Wulandari", "Suharti", "Mulyadi", "Supriyadi", "Sumarni", "Kusnadi", "Rusdianto",
              "Haryanto", "Sulastri", "Widodo", "Purwanti"]
_ID_GIVEN = ["Budi", "Siti", "Agus", "Dewi", "Eko", "Rina", "Andi", "Putri", "Rizky", "Ayu", "Dimas", "Fitri",
             "Hendra", "Indah", "Yusuf", "Ratna", "Bambang", "Sri"]
_ID_FAMILY = ["Santoso", "Wijaya", "Hidayat", "Saputra", "Setiawan", "Kurniawan", "Pratama", "Nugroho", "Lestari",
              "Susanto", "Gunawan", "Rahmawati", "Siregar", "Nasution", "Simanjuntak", "Halim"]
_TH_GIVEN_M = ["Somchai", "Anan", "Prasert", "Thanawat", "Wichai", "Nattapong", "Chaiwat", "Kittipong", "Surachai"]
_TH_GIVEN_F = ["Siriporn", "Kanya", "Malee", "Ratana", "Supaporn", "Pimchanok", "Waraporn", "Nisa"]
_TH_FAMILY = ["Jaidee", "Thongchai", "Srisuk", "Saetang", "Wongsawat", "Rattanakorn", "Kaewmanee", "Boonmee",
              "Chaiyaporn", "Phromsuwan", "Sukprasert", "Intharasuk", "Suwannarat", "Panyawong"]
_HK_SURNAMES = ["Chan", "Wong", "Lee", "Cheung", "Lau", "Ho", "Ng", "Leung", "Tse", "Yip", "Kwok", "Lam", "Tsang",
                "Chow", "Mak", "Fung", "Poon", "Siu"]
_HK_GIVEN = ["Tai Man", "Ka Ming", "Siu Fung", "Wing Yan", "Chi Keung", "Mei Kuen", "Kwok Wai", "Hoi Ling",
             "Chun Kit", "Suk Yee", "Wai Lun", "Ka Yan", "Yiu Wah", "Lok Yi"]
_UK_SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Davies", "Evans", "Thomas", "Roberts",
                "Walker", "Wright", "Thompson", "O'Connor", "Smith-Jones", "Hughes", "McDonald", "Clarke", "Patel",
                "Khan"]
_AU_SURNAMES = ["Nguyen", "Smith", "Kelly", "Ryan", "O'Brien", "Murphy", "Martin", "Anderson", "White", "Campbell",
                "Mitchell", "Stewart", "Papadopoulos", "Russo", "Singh", "Clarke", "MacLeod"]
_US_SURNAMES = ["Johnson", "Williams", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
                "Anderson", "Jackson", "Harris", "Robinson", "Kim", "Nguyen", "O'Neill", "Washington", "Baker"]


def _title(rng: random.Random, female: bool, styles: tuple[str, ...] = ("Mr", "Ms", "Mrs", "Mdm")) -> str:
    if female:
        choices = [t for t in styles if t in ("Ms", "Mrs", "Mdm", "Miss")] or ["Ms"]
    else:
        choices = [t for t in styles if t in ("Mr",)] or ["Mr"]
    return rng.choice(choices)


def person_name(country: str, rng: random.Random) -> str:
    """A realistic holder name for ``country``, sometimes with a title, as it would be printed."""
    female = rng.random() < 0.5
    title_p = 0.35
    if country == "SG":
        group = rng.choices(["chinese", "malay", "indian", "western"], [0.6, 0.18, 0.14, 0.08])[0]
        if group == "chinese":
            sur, given = rng.choice(_SG_CHINESE_SURNAMES), rng.choice(_SG_CHINESE_GIVEN)
            name = f"{sur} {given}" if rng.random() < 0.8 else f"{rng.choice(_WESTERN_GIVEN_F if female else _WESTERN_GIVEN_M)} {sur} {given}"
        elif group == "malay":
            given = rng.choice(_MALAY_GIVEN_F if female else _MALAY_GIVEN_M)
            name = f"{given} {'binte' if female else 'bin'} {rng.choice(_MALAY_FATHERS)}"
            title_p = 0.1
        elif group == "indian":
            given = rng.choice(_INDIAN_GIVEN_F if female else _INDIAN_GIVEN_M)
            name = f"{given} {'d/o' if female else 's/o'} {rng.choice(_INDIAN_FATHERS)}"
            title_p = 0.1
        else:
            name = f"{rng.choice(_WESTERN_GIVEN_F if female else _WESTERN_GIVEN_M)} {rng.choice(_UK_SURNAMES)}"
        styles: tuple[str, ...] = ("Mr", "Ms", "Mdm", "Mrs")
    elif country == "MY":
        group = rng.choices(["malay", "chinese", "indian"], [0.55, 0.3, 0.15])[0]
        if group == "malay":
            given = rng.choice(_MALAY_GIVEN_F if female else _MALAY_GIVEN_M)
            name = f"{given} {'binti' if female else 'bin'} {rng.choice(_MALAY_FATHERS)}"
            title_p = 0.1
            styles = ("Encik", "Puan")
        elif group == "chinese":
            name = f"{rng.choice(_MY_CHINESE_SURNAMES)} {rng.choice(_MY_CHINESE_GIVEN)}"
            styles = ("Mr", "Ms", "Mdm")
        else:
            given = rng.choice(_INDIAN_GIVEN_F if female else _INDIAN_GIVEN_M)
            name = f"{given} {'a/p' if female else 'a/l'} {rng.choice(_INDIAN_FATHERS)}"
            title_p = 0.1
            styles = ("Mr", "Ms")
        if styles == ("Encik", "Puan"):
            if rng.random() < title_p:
                return f"{'Puan' if female else 'Encik'} {name}"
            return name.upper() if rng.random() < 0.3 else name
    elif country == "PH":
        given = rng.choice(_PH_GIVEN_F if female else _PH_GIVEN_M)
        sur = rng.choice(_PH_SURNAMES)
        if rng.random() < 0.5:
            name = f"{given} {rng.choice(_PH_MIDDLE)[0]}. {sur}"
        else:
            name = f"{given} {sur}"
        styles = ("Mr", "Ms", "Mrs")
    elif country == "ID":
        if rng.random() < 0.3:
            name = rng.choice(_ID_SINGLE)
            title_p = 0.15
        else:
            name = f"{rng.choice(_ID_GIVEN)} {rng.choice(_ID_FAMILY)}"
        styles = ("Bapak", "Ibu")
        if rng.random() < title_p:
            return f"{'Ibu' if female else 'Bapak'} {name}"
        return name.upper() if rng.random() < 0.3 else name
    elif country == "TH":
        name = f"{rng.choice(_TH_GIVEN_F if female else _TH_GIVEN_M)} {rng.choice(_TH_FAMILY)}"
        styles = ("Mr", "Ms", "Mrs", "Miss")
    elif country == "HK":
        sur, given = rng.choice(_HK_SURNAMES), rng.choice(_HK_GIVEN)
        english = rng.choice(_WESTERN_GIVEN_F if female else _WESTERN_GIVEN_M)
        form = rng.randrange(4)
        if form == 0:
            name = f"{sur.upper()} {given}"
        elif form == 1:
            name = f"{english} {sur} {given}"
        elif form == 2:
            name = f"{sur} {given}, {english}"
        else:
            name = f"{english} {sur}"
        styles = ("Mr", "Ms", "Mrs", "Miss")
    else:
        given = rng.choice(_WESTERN_GIVEN_F if female else _WESTERN_GIVEN_M)
        sur = rng.choice({"UK": _UK_SURNAMES, "AU": _AU_SURNAMES, "US": _US_SURNAMES}[country])
        if country == "US" and rng.random() < 0.5:
            name = f"{given} {rng.choice('ABCDEFGHJKLMRST')}. {sur}"
        elif country == "UK" and rng.random() < 0.25:
            name = f"{given[0]} {sur}"
        else:
            name = f"{given} {sur}"
        styles = ("Mr", "Ms", "Mrs", "Miss", "Dr")
    if rng.random() < title_p:
        title = _title(rng, female, styles)
        if country == "US" and rng.random() < 0.6:
            title += "."
        name = f"{title} {name}"
    if rng.random() < 0.25:
        name = name.upper()
    return name


# ------------------------------------------------------------------------------------------ addresses

# (street, postcode sector) for HDB estates
_SG_HDB = [("Ang Mo Kio Avenue 3", 56), ("Ang Mo Kio Avenue 10", 56), ("Bedok North Street 1", 46),
           ("Bedok Reservoir Road", 47), ("Jurong West Street 42", 64), ("Jurong East Street 21", 60),
           ("Tampines Street 21", 52), ("Tampines Avenue 9", 52), ("Yishun Ring Road", 76), ("Yishun Street 61", 76),
           ("Lorong 1 Toa Payoh", 31), ("Toa Payoh Lorong 8", 31), ("Bukit Batok West Avenue 6", 65),
           ("Woodlands Drive 14", 73), ("Woodlands Street 83", 73), ("Sengkang East Way", 54),
           ("Compassvale Road", 54), ("Punggol Field", 82), ("Edgefield Plains", 82), ("Clementi Avenue 2", 12),
           ("Hougang Avenue 8", 53), ("Pasir Ris Drive 6", 51), ("Choa Chu Kang Avenue 4", 68),
           ("Serangoon North Avenue 1", 55), ("Bukit Panjang Ring Road", 67), ("Marsiling Drive", 73),
           ("Telok Blangah Crescent", 9), ("Geylang Bahru", 33), ("Whampoa Drive", 32), ("Bishan Street 12", 57)]
_SG_PRIVATE = [("Orchard Boulevard", "24"), ("Marina Boulevard", "01"), ("Lorong Chuan", "55"), ("Thomson Road", "30"),
               ("Cairnhill Circle", "22"), ("Holland Road", "27"), ("Bukit Timah Road", "25"), ("Pasir Panjang Road", "11"),
               ("Upper Serangoon Road", "53"), ("East Coast Road", "42"), ("River Valley Road", "23"),
               ("Tanjong Rhu Road", "43"), ("Jalan Bunga Rampai", "53"), ("Sixth Avenue", "27")]
_SG_CONDOS = ["Parkview Residences", "The Verandah", "Caspian Grove", "Emerald Heights", "Riverbay Suites",
              "Orchid Park Condominium", "The Laurels", "Seaside Towers", "Cascadia Court", "Meyer Haven"]

# (city/area, postcode, state) for Malaysia
_MY_PLACES = [("Petaling Jaya", "47300", "Selangor"), ("Shah Alam", "40400", "Selangor"), ("Subang Jaya", "47500", "Selangor"),
              ("Puchong", "47100", "Selangor"), ("Klang", "41200", "Selangor"), ("Kajang", "43000", "Selangor"),
              ("Kuala Lumpur", "58200", "Wilayah Persekutuan Kuala Lumpur"), ("Kuala Lumpur", "50400", "Wilayah Persekutuan Kuala Lumpur"),
              ("Cheras", "56000", "Kuala Lumpur"), ("Bayan Lepas", "11900", "Pulau Pinang"), ("George Town", "10450", "Pulau Pinang"),
              ("Johor Bahru", "81100", "Johor"), ("Skudai", "81300", "Johor"), ("Ipoh", "30450", "Perak"),
              ("Melaka", "75450", "Melaka"), ("Seremban", "70300", "Negeri Sembilan"), ("Kuantan", "25200", "Pahang"),
              ("Kota Kinabalu", "88300", "Sabah"), ("Kuching", "93350", "Sarawak"), ("Alor Setar", "05150", "Kedah"),
              ("Kota Bharu", "15150", "Kelantan"), ("Kuala Terengganu", "20300", "Terengganu"), ("Putrajaya", "62502", "Putrajaya")]
_MY_STREETS = ["Jalan SS2/24", "Jalan Mawar 3", "Jalan Harmonium 23/4", "Jalan Kuchai Lama", "Lorong Kenari 2",
               "Jalan Tun Razak", "Jalan PJU 1A/41", "Jalan Setia Prima U13/S", "Jalan Bukit Bintang", "Jalan Dato Onn",
               "Persiaran Surian", "Jalan Puteri 5/8", "Jalan Ampang", "Lorong Maarof", "Jalan Tebrau", "Jalan Kenanga 12"]
_MY_TAMAN = ["Taman Sri Muda", "Taman Desa Tebrau", "Taman Bukit Indah", "Taman Connaught", "Taman Melawati",
             "Taman Sri Petaling", "Bandar Baru Bangi", "Taman Tun Dr Ismail", "Bandar Puteri", "Taman Megah"]
_MY_FLATS = ["Pangsapuri Seri Intan", "Residensi Bayu", "Kondominium Vista Angkasa", "Apartment Sri Ria",
             "Menara Duta", "Pangsapuri Cempaka"]

_PH_PLACES = [("Makati City", "1210", "Metro Manila"), ("Quezon City", "1109", "Metro Manila"),
              ("Pasig City", "1605", "Metro Manila"), ("Taguig City", "1634", "Metro Manila"),
              ("Mandaluyong City", "1550", "Metro Manila"), ("Manila", "1004", "Metro Manila"),
              ("Bacoor", "4102", "Cavite"), ("Cebu City", "6000", "Cebu"), ("Davao City", "8000", "Davao del Sur"),
              ("Antipolo City", "1870", "Rizal"), ("Iloilo City", "5000", "Iloilo"), ("San Fernando", "2000", "Pampanga")]
_PH_STREETS = ["J.P. Rizal Street", "Mabini St.", "Bonifacio Avenue", "Aguinaldo Highway", "Katipunan Avenue",
               "Ortigas Avenue", "Osmena Boulevard", "Magsaysay Street", "Del Pilar St.", "Burgos Street"]
_PH_BARANGAYS = ["Brgy. Poblacion", "Brgy. San Antonio", "Brgy. San Roque", "Brgy. Molino III", "Brgy. Kapitolyo",
                 "Brgy. Loyola Heights", "Brgy. Lahug", "Brgy. Bel-Air", "Brgy. Malate", "Brgy. Fort Bonifacio"]
_PH_BUILDINGS = ["Palm Grove Residences", "Greenfield Towers", "Azure Heights", "Manila Bay Suites", "Sunrise Tower"]
_PH_SUBDIVISIONS = ["Villa Verde Subdivision", "Greenwoods Executive Village", "Mabuhay Homes", "Pinecrest Village"]

_ID_PLACES = [("Jakarta Pusat", "10220", "DKI Jakarta", "Kel. Karet Tengsin", "Kec. Tanah Abang"),
              ("Jakarta Selatan", "12190", "DKI Jakarta", "Kel. Senayan", "Kec. Kebayoran Baru"),
              ("Jakarta Barat", "11470", "DKI Jakarta", "Kel. Tanjung Duren", "Kec. Grogol Petamburan"),
              ("Surabaya", "60241", "Jawa Timur", "Kel. Darmo", "Kec. Wonokromo"),
              ("Bandung", "40115", "Jawa Barat", "Kel. Lebakgede", "Kec. Coblong"),
              ("Kab. Bogor", "16913", "Jawa Barat", "Kel. Sukamaju", "Kec. Cibinong"),
              ("Semarang", "50241", "Jawa Tengah", "Kel. Candisari", "Kec. Candisari"),
              ("Medan", "20152", "Sumatera Utara", "Kel. Petisah Tengah", "Kec. Medan Petisah"),
              ("Denpasar", "80234", "Bali", "Kel. Sumerta", "Kec. Denpasar Timur"),
              ("Yogyakarta", "55223", "DI Yogyakarta", "Kel. Terban", "Kec. Gondokusuman"),
              ("Tangerang Selatan", "15412", "Banten", "Kel. Pondok Jaya", "Kec. Pondok Aren")]
_ID_STREETS = ["Jl. Jend. Sudirman", "Jl. Diponegoro", "Jl. Gatot Subroto", "Jl. Merdeka", "Jl. Gajah Mada",
               "Jl. Ahmad Yani", "Jl. Pahlawan", "Jl. Raya Bogor", "Jl. Kebon Jeruk", "Jl. Cendrawasih", "Jl. Melati"]
_ID_ESTATES = ["Perumahan Griya Asri", "Perumahan Taman Indah", "Komplek Permata Hijau", "Perumahan Bumi Serpong"]

_TH_PLACES = [("Khlong Tan Nuea", "Watthana", "Bangkok", "10110"), ("Khlong Toei", "Khlong Toei", "Bangkok", "10110"),
              ("Bang Rak", "Bang Rak", "Bangkok", "10500"), ("Chatuchak", "Chatuchak", "Bangkok", "10900"),
              ("Huai Khwang", "Huai Khwang", "Bangkok", "10310"), ("Bang Kapi", "Bang Kapi", "Bangkok", "10240"),
              ("Suthep", "Mueang Chiang Mai", "Chiang Mai", "50200"), ("Nong Prue", "Bang Lamung", "Chon Buri", "20150"),
              ("Talat Yai", "Mueang Phuket", "Phuket", "83000"), ("Bang Kraso", "Mueang Nonthaburi", "Nonthaburi", "11000"),
              ("Nai Mueang", "Mueang Khon Kaen", "Khon Kaen", "40000")]
_TH_STREETS = ["Soi Sukhumvit 71", "Soi Ari 4", "Soi Lat Phrao 15", "Charoen Krung Road", "Rama IX Road",
               "Phahonyothin Road", "Soi Thonglor 10", "Nimmanhaemin Road", "Ratchadaphisek Road", "Soi Ramkhamhaeng 24"]
_TH_CONDOS = ["The Riverside Condo", "Lumpini Place", "Siri Residence", "Baan Suan Condo", "Noble Park"]

# (estate/building, street or None, district, region)
_HK_PLACES = [("Taikoo Shing", None, "Quarry Bay", "Hong Kong"), ("Kornhill", None, "Quarry Bay", "Hong Kong"),
              ("Wing Fat Building", "123 Nathan Road", "Tsim Sha Tsui", "Kowloon"),
              ("Grand Harbour Court", "8 Hung Hom South Road", "Hung Hom", "Kowloon"),
              ("Kwong Ming Court", None, "Tseung Kwan O", "New Territories"),
              ("Lok Fu Estate", None, "Wong Tai Sin", "Kowloon"), ("City One Shatin", None, "Sha Tin", "New Territories"),
              ("Kam Fai Mansion", "28 Sai Yeung Choi Street South", "Mong Kok", "Kowloon"),
              ("Hoi Tao Building", "65 King's Road", "North Point", "Hong Kong"),
              ("South Horizons", None, "Ap Lei Chau", "Hong Kong"), ("Belvedere Garden", None, "Tsuen Wan", "New Territories"),
              ("Sun Fung Mansion", "210 Hennessy Road", "Wan Chai", "Hong Kong"),
              ("Laguna City", None, "Kwun Tong", "Kowloon"), ("Tai Po Centre", None, "Tai Po", "New Territories")]

_UK_PLACES = [("Cambridge", "CB4 3LF"), ("Stockport", "SK7 2JT"), ("Leeds", "LS6 2AB"), ("Bristol", "BS8 1TH"),
              ("London", "SW1A 1AA"), ("London", "E14 5HQ"), ("Manchester", "M14 6HP"), ("Edinburgh", "EH3 9DR"),
              ("Birmingham", "B15 2TT"), ("Cardiff", "CF10 3AT"), ("Oxford", "OX2 6GG"), ("Norwich", "NR2 4TJ")]
_UK_STREETS = ["Victoria Road", "Orchard Close", "Church Lane", "High Street", "Station Road", "Mill Lane",
               "Kings Avenue", "The Green", "Park Crescent", "Queensway", "Elm Grove", "Chestnut Drive"]
_AU_PLACES = [("Fitzroy", "VIC", "3065"), ("Bondi", "NSW", "2026"), ("Glenelg", "SA", "5045"), ("Paddington", "QLD", "4064"),
              ("Fremantle", "WA", "6160"), ("Parramatta", "NSW", "2150"), ("Carlton", "VIC", "3053"),
              ("Kingston", "ACT", "2604"), ("Sandy Bay", "TAS", "7005"), ("Southport", "QLD", "4215")]
_AU_STREETS = ["Smith Street", "Beach Road", "Wattle Crescent", "George Street", "Bourke Street", "Gouger Street",
               "Ocean Parade", "Banksia Avenue", "Kangaroo Point Road", "Anzac Highway"]
_US_PLACES = [("Springfield", "IL", "62704"), ("Austin", "TX", "78701"), ("Portland", "OR", "97205"),
              ("Columbus", "OH", "43215"), ("Denver", "CO", "80203"), ("Seattle", "WA", "98109"), ("Miami", "FL", "33130"),
              ("Brooklyn", "NY", "11215"), ("San Jose", "CA", "95126"), ("Atlanta", "GA", "30308"), ("Boston", "MA", "02116")]
_US_STREETS = ["Maple Avenue", "Oak Street", "Elm Ct", "Washington Blvd", "Lakeview Drive", "Pine Street",
               "Sunset Boulevard", "Cedar Lane", "Main Street", "Highland Ave", "Park Place"]


def _sg_address(rng: random.Random) -> list[str]:
    if rng.random() < 0.7:  # HDB
        street, sector = rng.choice(_SG_HDB)
        blk_no = rng.randint(1, 799)
        suffix = rng.choice(["", "", "", "A", "B", "C"])
        blk = f"{blk_no}{suffix}"
        unit = f"#{rng.randint(2, 25):02d}-{rng.randint(1, 450):0{rng.choice([2, 2, 3])}d}"
        postcode = f"{sector:02d}{blk_no:04d}"[-6:]
        city = rng.choice(["Singapore", "Singapore", "SINGAPORE"])
        pc_line = f"{city} {postcode}" if rng.random() < 0.85 else f"{city} ({postcode})"
        blk_word = rng.choice(["Blk", "Blk", "Block", "BLK", ""])
        blk_part = f"{blk_word} {blk}".strip()
        form = rng.randrange(4)
        if form == 0:
            return [f"{blk_part} {street}", unit, pc_line]
        if form == 1:
            return [f"{blk_part} {street} {unit}", pc_line]
        if form == 2:
            return [f"{blk_part} {street}", f"{unit}", f"{pc_line}"] if rng.random() < 0.5 else [
                f"{unit}, {blk_part}", street, pc_line]
        return [f"{blk_part} {street}", f"{unit} {pc_line}"] if rng.random() < 0.4 else [
            f"{blk_part} {street}", unit, pc_line]
    street, district = rng.choice(_SG_PRIVATE)
    house = rng.randint(1, 300)
    postcode = f"{district}{rng.randint(0, 9999):04d}"
    pc_line = f"{rng.choice(['Singapore', 'SINGAPORE'])} {postcode}"
    if rng.random() < 0.35:  # landed property
        return [f"{house} {street}", pc_line]
    unit = f"#{rng.randint(2, 40):02d}-{rng.randint(1, 12):02d}"
    condo = rng.choice(_SG_CONDOS)
    if rng.random() < 0.5:
        return [f"{house} {street}", f"{unit} {condo}", pc_line]
    return [f"{condo}", f"{house} {street} {unit}", pc_line]


def _my_address(rng: random.Random) -> list[str]:
    city, pc, state = rng.choice(_MY_PLACES)
    street = rng.choice(_MY_STREETS)
    no = rng.randint(1, 120)
    form = rng.randrange(5)
    if form == 0:
        return [f"No. {no}, {street}", f"{pc} {city}", state]
    if form == 1:
        return [f"No. {no}, {street},", f"{pc} {city}, {state}"]
    if form == 2:
        return [f"{no}, {street}", rng.choice(_MY_TAMAN), f"{pc} {city}, {state}"]
    if form == 3:
        unit = f"{rng.choice('ABCD')}-{rng.randint(1, 30)}-{rng.randint(1, 12)}"
        return [f"{unit}, {rng.choice(_MY_FLATS)}", street, f"{pc} {city}", state]
    return [f"Lot {no}, {street}", rng.choice(_MY_TAMAN), pc + " " + city, state.upper() if rng.random() < 0.3 else state]


def _ph_address(rng: random.Random) -> list[str]:
    city, pc, region = rng.choice(_PH_PLACES)
    form = rng.randrange(3)
    if form == 0:
        return [f"Unit {rng.randint(2, 40)}{rng.randint(1, 20):02d}, Tower {rng.randint(1, 4)} {rng.choice(_PH_BUILDINGS)}",
                f"{rng.randint(1, 999)} {rng.choice(_PH_STREETS)}, {rng.choice(_PH_BARANGAYS)}", f"{city} {pc}", region]
    if form == 1:
        return [f"Blk {rng.randint(1, 40)} Lot {rng.randint(1, 60)}, Phase {rng.randint(1, 5)}",
                rng.choice(_PH_SUBDIVISIONS), f"{rng.choice(_PH_BARANGAYS)}, {city}", f"{region} {pc}"]
    return [f"{rng.randint(1, 999)} {rng.choice(_PH_STREETS)}, {rng.choice(_PH_BARANGAYS)}", f"{city} {pc}"]


def _id_address(rng: random.Random) -> list[str]:
    city, pc, prov, kel, kec = rng.choice(_ID_PLACES)
    rt = f"RT {rng.randint(1, 15):03d}/RW {rng.randint(1, 12):03d}"
    form = rng.randrange(3)
    if form == 0:
        return [f"{rng.choice(_ID_STREETS)} No. {rng.randint(1, 250)}", f"{rt}, {kel}", kec, f"{city} {pc}"]
    if form == 1:
        return [f"{rng.choice(_ID_ESTATES)} Blok {rng.choice('ABCDEF')}{rng.randint(1, 12)} No. {rng.randint(1, 40)}",
                f"{kel}, {kec}", f"{city}, {prov} {pc}"]
    return [f"{rng.choice(_ID_STREETS)} No. {rng.randint(1, 250)}", f"{city} {pc}", prov]


def _th_address(rng: random.Random) -> list[str]:
    sub, dist, prov, pc = rng.choice(_TH_PLACES)
    house = f"{rng.randint(1, 999)}/{rng.randint(1, 300)}"
    bangkok = prov == "Bangkok"
    form = rng.randrange(3)
    if form == 0:
        return [f"{house} Moo {rng.randint(1, 12)}, {rng.choice(_TH_STREETS)}",
                f"{sub}, {dist}" if bangkok else f"Tambon {sub}, Amphoe {dist}", f"{prov} {pc}"]
    if form == 1:
        return [f"{rng.choice(_TH_CONDOS)}, Room {rng.randint(2, 40)}{rng.randint(1, 30):02d}",
                f"{rng.randint(1, 999)} {rng.choice(_TH_STREETS)}", f"{sub}, {dist}, {prov} {pc}"]
    return [f"{house} {rng.choice(_TH_STREETS)}", f"{'Khwaeng' if bangkok else 'Tambon'} {sub}",
            f"{'Khet' if bangkok else 'Amphoe'} {dist}", f"{prov} {pc}"]


def _hk_address(rng: random.Random) -> list[str]:
    estate, street, district, region = rng.choice(_HK_PLACES)
    floor = rng.randint(2, 45)
    floor_s = f"{floor}/F"
    flat = rng.choice(["A", "B", "C", "D", "E", "F", "G", "H", str(rng.randint(1, 20))])
    if street is None:  # estate with blocks
        block = rng.choice([f"Block {rng.randint(1, 12)}", f"Block {rng.choice('ABCDEFG')}", f"Tower {rng.randint(1, 8)}"])
        lines = [f"Flat {flat}, {floor_s}, {block}", estate, f"{district}, {region}"]
        if rng.random() < 0.3:
            lines = [f"Flat {flat}, {floor_s}, {block}, {estate}", district, region]
    else:
        room = rng.choice(["Flat", "Room", "Rm"])
        lines = [f"{room} {flat}, {floor_s}, {estate}", street, f"{district}, {region}"]
    if rng.random() < 0.3:
        lines = [ln.upper() for ln in lines]
    return lines


def _uk_address(rng: random.Random) -> list[str]:
    city, pc = rng.choice(_UK_PLACES)
    street = rng.choice(_UK_STREETS)
    no = rng.randint(1, 180)
    form = rng.randrange(3)
    if form == 0:
        return [f"Flat {rng.randint(1, 12)}, {no} {street}", city, pc]
    if form == 1:
        return [f"{no} {street}", rng.choice(["Bramhall", "Headingley", "Clifton", "Didsbury", "Jesmond"]), city, pc]
    return [rng.choice(["The Old Rectory", "Rose Cottage", "Ivy House"]), street, f"{city} {pc}"]


def _au_address(rng: random.Random) -> list[str]:
    suburb, state, pc = rng.choice(_AU_PLACES)
    street = rng.choice(_AU_STREETS)
    no = rng.randint(1, 220)
    form = rng.randrange(3)
    if form == 0:
        return [f"Unit {rng.randint(1, 40)}, {no} {street}", f"{suburb} {state} {pc}"]
    if form == 1:
        return [f"{rng.randint(1, 40)}/{no} {street}", f"{suburb.upper()} {state} {pc}"]
    return [f"{no} {street}", f"{suburb} {state} {pc}"]


def _us_address(rng: random.Random) -> list[str]:
    city, state, zipc = rng.choice(_US_PLACES)
    street = rng.choice(_US_STREETS)
    no = rng.randint(10, 9999)
    if rng.random() < 0.3:
        zipc = f"{zipc}-{rng.randint(1000, 9999)}"
    form = rng.randrange(3)
    if form == 0:
        return [f"{no} {street} Apt {rng.randint(1, 30)}{rng.choice('ABCD')}", f"{city}, {state} {zipc}"]
    if form == 1:
        return [f"{no} {street}", f"Suite {rng.randint(100, 900)}", f"{city}, {state} {zipc}"]
    return [f"{no} {street}", f"{city}, {state} {zipc}"]


_ADDRESS = {"SG": _sg_address, "MY": _my_address, "PH": _ph_address, "ID": _id_address, "TH": _th_address,
            "HK": _hk_address, "UK": _uk_address, "AU": _au_address, "US": _us_address}


def address_lines(country: str, rng: random.Random) -> list[str]:
    """A realistic postal address for ``country`` as printed lines (upper case sometimes)."""
    lines = _ADDRESS[country](rng)
    if country not in ("HK",) and rng.random() < 0.2:
        lines = [ln.upper() for ln in lines]
    return [ln.strip() for ln in lines if ln.strip()]


# --------------------------------------------------------------------------------------------- issuers

_ISSUER_WORDS = {
    "SG": ["Lion City", "Merlion", "Straits", "Temasek Bay", "Kallang"],
    "MY": ["Semenanjung", "Nusantara", "Malaya", "Bumi Hijau", "Klang Valley"],
    "PH": ["Luzon", "Kapuluan", "Bayanihan", "Mabuhay", "Visayas"],
    "ID": ["Nusa", "Garuda", "Cahaya", "Samudra", "Merapi"],
    "TH": ["Siam", "Chao Phraya", "Lanna", "Andaman", "Krung"],
    "HK": ["Harbour", "Victoria Peak", "Kowloon Bay", "Pearl River", "Lantau"],
    "UK": ["Albion", "Northern Shires", "Thames Valley", "Pennine", "Severn"],
    "AU": ["Southern Cross", "Coral Coast", "Murray", "Outback", "Harbourside"],
    "US": ["Great Lakes", "Pioneer", "Cascade", "Liberty", "Bluebonnet"],
}
_ISSUER_SUFFIX = {
    "electricity": ["Power", "Energy", "Electric", "Power & Light"],
    "water": ["Water", "Water Services", "Water Utilities"],
    "gas": ["Gas", "Gas Company", "Energy Gas"],
    "telecom": ["Telecom", "Mobile", "Broadband", "Communications"],
    "credit_card": ["Bank", "Card Services", "Finance"],
    "bank_statement": ["Bank", "Savings Bank", "Commercial Bank"],
}
_ISSUER_FORM = {"SG": "Pte Ltd", "MY": "Sdn Bhd", "PH": "Inc.", "ID": "PT", "TH": "Co., Ltd.", "HK": "Limited",
                "UK": "Ltd", "AU": "Pty Ltd", "US": "Inc."}


def issuer_name(country: str, kind: str, rng: random.Random) -> str:
    base = f"{rng.choice(_ISSUER_WORDS[country])} {rng.choice(_ISSUER_SUFFIX[kind])}"
    if kind in ("credit_card", "bank_statement") or rng.random() < 0.5:
        return base
    form = _ISSUER_FORM[country]
    return f"PT {base}" if form == "PT" else f"{base} {form}"


# ----------------------------------------------------------------------------------------- money/dates


@dataclass(frozen=True)
class Money:
    symbol: str  # printed before the number, e.g. "S$", "RM", "Rp"
    thousands: str
    decimal: str
    decimals: int
    tax_name: str | None
    tax_rate: float
    scale: float  # typical bill size relative to 100 units


MONEY = {
    "SG": Money("S$", ",", ".", 2, "GST", 0.09, 1.2),
    "MY": Money("RM", ",", ".", 2, "SST", 0.08, 2.5),
    "PH": Money("PHP", ",", ".", 2, "VAT", 0.12, 40.0),
    "ID": Money("Rp", ".", ",", 0, "PPN", 0.11, 9000.0),
    "TH": Money("THB", ",", ".", 2, "VAT", 0.07, 20.0),
    "HK": Money("HK$", ",", ".", 2, None, 0.0, 6.0),
    "UK": Money("£", ",", ".", 2, "VAT", 0.05, 0.9),
    "AU": Money("$", ",", ".", 2, "GST", 0.10, 1.6),
    "US": Money("$", ",", ".", 2, "Sales tax", 0.0625, 1.0),
}


def format_money(country: str, value: float, *, symbol: bool = True, rng: random.Random | None = None) -> str:
    m = MONEY[country]
    neg = value < 0
    value = abs(value)
    if m.decimals:
        whole, frac = f"{value:.{m.decimals}f}".split(".")
    else:
        whole, frac = f"{round(value):d}", ""
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = m.thousands.join(groups)
    if frac:
        text += m.decimal + frac
    if symbol:
        sep = " " if m.symbol.isalpha() and (rng is None or rng.random() < 0.7) else ""
        text = f"{m.symbol}{sep}{text}"
    return f"-{text}" if neg else text


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def date_style(country: str, rng: random.Random) -> str:
    if country in ("US", "PH"):
        return rng.choice(["mdy_long", "mdy_num", "dmy_short"] if country == "PH" else ["mdy_long", "mdy_num"])
    return rng.choice(["dmy_short", "dmy_num", "dmy_long", "dmy_dash"])


def format_date(d: dt.date, style: str) -> str:
    mon = _MONTHS[d.month - 1]
    if style == "mdy_long":
        return f"{mon} {d.day}, {d.year}"
    if style == "mdy_num":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "dmy_num":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "dmy_long":
        return f"{d.day} {mon} {d.year}"
    if style == "dmy_dash":
        return f"{d.day:02d}-{mon[:3]}-{d.year}"
    return f"{d.day:02d} {mon[:3]} {d.year}"


def account_number(kind: str, rng: random.Random) -> str:
    digits = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    if kind == "credit_card":
        return f"{rng.choice('45')}{digits(3)} {digits(2)}XX XXXX {digits(4)}"
    if kind == "bank_statement":
        return rng.choice([f"{digits(3)}-{digits(6)}-{digits(1)}", f"{digits(4)} {digits(4)} {digits(4)}", digits(10)])
    return rng.choice([digits(10), f"{digits(4)}-{digits(4)}-{digits(2)}", f"{digits(3)} {digits(3)} {digits(3)}",
                       f"{rng.choice('ABCDEFGHKLMNPRSTW')}{digits(9)}", digits(12)])
