"""Per-country content for synthetic bills: holder names, addresses, issuers, money and date formats.

Everything is drawn from a ``random.Random`` passed in, so one seed always gives the same document.
Issuer names are invented on purpose: the generator makes test fixtures, not look-alikes of real
companies' bills.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

# The countries a seed draws from when none is asked for. Kept as it was so that every seed gives the same
# document as before (tests and benchmark figures depend on it); newer countries are opt-in
# (``generate(seed, country="FR")``) and listed in EXTRA_COUNTRIES.
COUNTRIES: tuple[str, ...] = ("SG", "MY", "PH", "ID", "TH", "HK", "UK", "AU", "US")
EXTRA_COUNTRIES: tuple[str, ...] = ("CA", "FR", "DE", "IN")
ALL_COUNTRIES: tuple[str, ...] = COUNTRIES + EXTRA_COUNTRIES
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
# Canada: English and French given names and surnames as they mix on Canadian mail
_CA_GIVEN_M = ["Liam", "Noah", "Ethan", "Logan", "Samuel", "Gabriel", "Félix", "Mathieu", "Jean-François", "Étienne",
               "Olivier", "Connor", "Owen", "Marc-André", "Hunter", "Raj"]
_CA_GIVEN_F = ["Emma", "Olivia", "Ava", "Chloé", "Zoé", "Amélie", "Marie-Ève", "Charlotte", "Léa", "Sophie",
               "Madison", "Avery", "Geneviève", "Harpreet"]
_CA_SURNAMES = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Pelletier",
                "Bélanger", "Leblanc", "MacDonald", "Campbell", "Wilson", "Brown", "Smith", "Chen", "Singh", "Li",
                "O'Brien", "Fraser", "McKenzie", "Nguyen"]
# France: surnames often printed in capitals after (or before) the given name
_FR_GIVEN_M = ["Jean", "Pierre", "Philippe", "Nicolas", "Julien", "Hugo", "Louis", "Théo", "Jérôme", "François",
               "Jean-Luc", "Mathieu", "Antoine", "Sébastien", "Laurent", "Olivier"]
_FR_GIVEN_F = ["Marie", "Nathalie", "Isabelle", "Sophie", "Camille", "Léa", "Chloé", "Manon", "Maëlle", "Hélène",
               "Céline", "Aurélie", "Anne-Sophie", "Élodie", "Sandrine", "Valérie"]
_FR_SURNAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
                "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Bertrand", "Roux", "Fournier", "Girard", "Bonnet",
                "Dupont", "Lambert", "Fontaine", "Rousseau", "Mercier", "Guérin", "Faure", "Lemaire", "Le Gall",
                "Chevalier", "Barbier", "Perrin"]
# Germany
_DE_GIVEN_M = ["Thomas", "Michael", "Andreas", "Stefan", "Klaus", "Jürgen", "Wolfgang", "Lukas", "Felix", "Jonas",
               "Maximilian", "Sebastian", "Uwe", "Jörg", "Matthias", "Tobias"]
_DE_GIVEN_F = ["Sabine", "Ursula", "Petra", "Monika", "Katrin", "Julia", "Anna", "Lena", "Sophie", "Birgit",
               "Claudia", "Susanne", "Jana", "Hannah", "Annette", "Karin"]
_DE_SURNAMES = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
                "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz",
                "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler",
                "Vogel", "Jäger", "Scholz", "Huber"]
# India: given names, surnames, and middle names used before a surname
_IN_GIVEN_M = ["Rajesh", "Suresh", "Amit", "Vijay", "Deepak", "Rahul", "Arjun", "Sanjay", "Anil", "Ramesh",
               "Manoj", "Vikram", "Karthik", "Arun", "Nikhil", "Sachin"]
_IN_GIVEN_F = ["Priya", "Anjali", "Sunita", "Pooja", "Neha", "Lakshmi", "Kavita", "Meera", "Divya", "Ritu",
               "Shalini", "Swati", "Aishwarya", "Nandini", "Rekha", "Geeta"]
_IN_SURNAMES = ["Sharma", "Verma", "Gupta", "Singh", "Kumar", "Patel", "Shah", "Mehta", "Iyer", "Nair", "Reddy",
                "Rao", "Das", "Banerjee", "Chatterjee", "Mukherjee", "Joshi", "Kulkarni", "Deshpande", "Pillai",
                "Menon", "Agarwal", "Chopra", "Malhotra", "Khan", "Fernandes", "Bhat", "Saxena"]
_IN_MIDDLE = ["Kumar", "Prasad", "Chandra", "Nath", "Mohan", "Lal"]


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
    elif country in EXTRA_COUNTRIES:
        return _extra_person_name(country, rng, female)
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


def _extra_person_name(country: str, rng: random.Random, female: bool) -> str:
    """Holder names for CA, FR, DE and IN, with the titles and name orders their bills print."""
    if country == "CA":
        given = rng.choice(_CA_GIVEN_F if female else _CA_GIVEN_M)
        name = f"{given} {rng.choice(_CA_SURNAMES)}"
        if rng.random() < 0.3:
            french = any(ch in given for ch in "éèÉ") or "-" in given
            title = ("Mme" if female else "M.") if french else rng.choice(["Ms", "Mrs"] if female else ["Mr"])
            name = f"{title} {name}"
        return name.upper() if rng.random() < 0.35 else name
    if country == "FR":
        given = rng.choice(_FR_GIVEN_F if female else _FR_GIVEN_M)
        sur = rng.choice(_FR_SURNAMES)
        form = rng.randrange(5)
        if form == 0:  # "Mme Sophie DURAND"
            name = f"{'Mme' if female else 'M.'} {given} {sur.upper()}"
        elif form == 1:  # "MME DURAND SOPHIE": surname first, all capitals
            name = f"{'MME' if female else 'M'} {sur.upper()} {given.upper()}"
        elif form == 2:  # "Madame Sophie Durand"
            name = f"{'Madame' if female else 'Monsieur'} {given} {sur}"
        elif form == 3:  # a couple: "M. et Mme Jean DUPONT"
            name = f"M. et Mme {rng.choice(_FR_GIVEN_M)} {sur.upper()}"
        else:
            name = f"{given} {sur}"
        return name
    if country == "DE":
        given = rng.choice(_DE_GIVEN_F if female else _DE_GIVEN_M)
        sur = rng.choice(_DE_SURNAMES)
        name = f"{given} {sur}"
        if rng.random() < 0.1:
            name = f"Dr. {name}"
        if rng.random() < 0.5:
            name = f"{'Frau' if female else rng.choice(['Herr', 'Herrn'])} {name}"
        return name
    # IN
    given = rng.choice(_IN_GIVEN_F if female else _IN_GIVEN_M)
    sur = rng.choice(_IN_SURNAMES)
    form = rng.randrange(4)
    if form == 0:
        name = f"{given} {rng.choice([m for m in _IN_MIDDLE if m != sur])} {sur}"
    elif form == 1:  # an initial before the name, as South Indian names are often printed
        name = f"{rng.choice('ABCDGKMNPRSTV')}. {given} {sur}" if rng.random() < 0.5 else f"{given} {sur}"
    else:
        name = f"{given} {sur}"
    if rng.random() < 0.35:
        title = rng.choice(["Smt.", "Mrs.", "Ms."] if female else ["Shri", "Mr."])
        name = f"{title} {name}"
    return name.upper() if rng.random() < 0.3 else name


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


# Canada: (municipality, province, forward sortation areas). The postcode's second half is drawn
# (digit, letter, digit); D, F, I, O, Q and U are never used as letters in Canadian postcodes.
_CA_PLACES = [("Toronto", "ON", ("M5V", "M4C", "M6P", "M4Y")), ("Ottawa", "ON", ("K1P", "K2B", "K1S")),
              ("Mississauga", "ON", ("L5B", "L5M")), ("Hamilton", "ON", ("L8P", "L9A")), ("Montréal", "QC", ("H2X", "H3B", "H4A")),
              ("Québec", "QC", ("G1R", "G1V")), ("Laval", "QC", ("H7N",)), ("Gatineau", "QC", ("J8X", "J9H")),
              ("Vancouver", "BC", ("V6B", "V5K", "V6K")), ("Victoria", "BC", ("V8W", "V8R")), ("Calgary", "AB", ("T2P", "T3A")),
              ("Edmonton", "AB", ("T5J", "T6E")), ("Winnipeg", "MB", ("R3C", "R2M")), ("Regina", "SK", ("S4P",)),
              ("Saskatoon", "SK", ("S7K", "S7N")), ("Halifax", "NS", ("B3H", "B3K")), ("Fredericton", "NB", ("E3B",)),
              ("St. John's", "NL", ("A1C", "A1B")), ("Charlottetown", "PE", ("C1A",)), ("Whitehorse", "YT", ("Y1A",))]
_CA_STREETS_EN = ["Main Street", "King Street West", "Queen St E", "Yonge Street", "Maple Avenue", "Birch Cres",
                  "Lakeshore Road", "Bank Street", "Jasper Ave", "Portage Avenue", "Robson Street", "Oak Drive",
                  "Granville St", "Spring Garden Road", "Elm Court", "Victoria Blvd"]
_CA_STREETS_FR = ["rue Sainte-Catherine Ouest", "rue Saint-Denis", "boulevard René-Lévesque", "chemin du Lac",
                  "avenue du Parc", "rue Principale", "rue des Érables", "boulevard Laurier"]
_CA_LDU_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"

# France: (town, postcodes). Paris, Lyon and Marseille postcodes carry the arrondissement.
_FR_PLACES = [("Paris", tuple(f"750{n:02d}" for n in range(1, 21))), ("Lyon", tuple(f"6900{n}" for n in range(1, 10))),
              ("Marseille", tuple(f"130{n:02d}" for n in range(1, 17))), ("Toulouse", ("31000", "31200", "31400", "31500")),
              ("Nice", ("06000", "06100", "06300")), ("Nantes", ("44000", "44100", "44300")), ("Strasbourg", ("67000", "67100", "67200")),
              ("Montpellier", ("34000", "34070", "34090")), ("Bordeaux", ("33000", "33100", "33800")), ("Lille", ("59000", "59800")),
              ("Rennes", ("35000", "35200", "35700")), ("Reims", ("51100",)), ("Saint-Étienne", ("42000", "42100")),
              ("Grenoble", ("38000", "38100")), ("Dijon", ("21000",)), ("Angers", ("49000", "49100")), ("Nîmes", ("30000", "30900")),
              ("Clermont-Ferrand", ("63000", "63100")), ("Aix-en-Provence", ("13090", "13100")), ("Brest", ("29200",)),
              ("Tours", ("37000", "37100")), ("Amiens", ("80000", "80090")), ("Limoges", ("87000", "87100")), ("Annecy", ("74000",)),
              ("Metz", ("57000", "57070")), ("Besançon", ("25000",)), ("Orléans", ("45000", "45100")), ("Rouen", ("76000", "76100")),
              ("Caen", ("14000",)), ("Nancy", ("54000", "54100")), ("Boulogne-Billancourt", ("92100",)), ("Versailles", ("78000",)),
              ("Montreuil", ("93100",)), ("Villeurbanne", ("69100",)), ("Le Havre", ("76600",)), ("Perpignan", ("66000", "66100"))]
_FR_STREETS = ["rue de la République", "avenue Jean Jaurès", "boulevard Victor Hugo", "rue Nationale", "place de la Mairie",
               "allée des Tilleuls", "impasse des Lilas", "chemin des Vignes", "rue Pasteur", "rue du Général Leclerc",
               "quai de la Loire", "cours Mirabeau", "rue des Écoles", "route de Lyon", "rue de Londres", "avenue de la Gare",
               "rue Saint-Michel", "boulevard Gambetta", "rue des Jardins", "avenue Foch"]
_FR_BUILDINGS = ["Résidence Les Tilleuls", "Résidence du Parc", "Le Clos des Vignes", "Résidence Les Jardins de la Gare"]

# Germany: (town, postcodes)
_DE_PLACES = [("Berlin", ("10115", "10405", "10999", "12043", "13353")), ("Hamburg", ("20095", "20249", "22085", "22765")),
              ("München", ("80331", "80469", "80796", "81369")), ("Köln", ("50667", "50823", "51063")),
              ("Frankfurt am Main", ("60311", "60316", "60487")), ("Stuttgart", ("70173", "70176", "70597")),
              ("Düsseldorf", ("40210", "40477")), ("Leipzig", ("04103", "04275")), ("Dortmund", ("44135", "44137")),
              ("Essen", ("45127",)), ("Bremen", ("28195", "28203")), ("Dresden", ("01067", "01099")), ("Hannover", ("30159", "30161")),
              ("Nürnberg", ("90402", "90419")), ("Bonn", ("53111", "53113")), ("Münster", ("48143",)),
              ("Freiburg im Breisgau", ("79098",)), ("Mannheim", ("68159",)), ("Kiel", ("24103",)), ("Heidelberg", ("69117",)),
              ("Potsdam", ("14467",)), ("Rostock", ("18055",)), ("Augsburg", ("86150",)), ("Wiesbaden", ("65183",))]
_DE_STREETS = ["Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schillerstraße", "Goethestraße", "Lindenweg", "Am Markt",
               "Kirchgasse", "Berliner Allee", "Friedrichstraße", "Schulstraße", "Ringstraße", "Birkenweg", "Mozartstraße",
               "Kastanienallee", "Marktplatz", "Rosenstraße", "Heinrich-Heine-Straße", "Alte Dorfstraße", "Feldstr.",
               "Am Lindenhof", "Uhlandstraße", "Sonnenweg", "Kaiserdamm"]

# India: (city, state, PIN codes, localities)
_IN_PLACES = [("Mumbai", "Maharashtra", ("400050", "400069", "400076", "400092"), ("Bandra West", "Andheri East", "Powai", "Borivali West")),
              ("Pune", "Maharashtra", ("411038", "411007", "411045"), ("Kothrud", "Aundh", "Baner")),
              ("New Delhi", "Delhi", ("110024", "110017", "110005", "110075"), ("Lajpat Nagar", "Saket", "Karol Bagh", "Dwarka")),
              ("Bengaluru", "Karnataka", ("560038", "560034", "560078", "560066"), ("Indiranagar", "Koramangala", "JP Nagar", "Whitefield")),
              ("Chennai", "Tamil Nadu", ("600017", "600020", "600040"), ("T. Nagar", "Adyar", "Anna Nagar")),
              ("Hyderabad", "Telangana", ("500034", "500081", "500016"), ("Banjara Hills", "Madhapur", "Begumpet")),
              ("Kolkata", "West Bengal", ("700019", "700091", "700034"), ("Ballygunge", "Salt Lake", "Behala")),
              ("Ahmedabad", "Gujarat", ("380009", "380015", "380054"), ("Navrangpura", "Satellite", "Bodakdev")),
              ("Jaipur", "Rajasthan", ("302001", "302017", "302021"), ("C-Scheme", "Malviya Nagar", "Vaishali Nagar")),
              ("Lucknow", "Uttar Pradesh", ("226010", "226001"), ("Gomti Nagar", "Hazratganj")),
              ("Kochi", "Kerala", ("682020", "682024"), ("Kadavanthra", "Edappally")),
              ("Noida", "Uttar Pradesh", ("201301", "201309"), ("Sector 18", "Sector 62")),
              ("Gurugram", "Haryana", ("122002", "122011"), ("DLF Phase 2", "Sushant Lok")),
              ("Indore", "Madhya Pradesh", ("452010", "452001"), ("Vijay Nagar", "Palasia"))]
_IN_STREETS = ["MG Road", "Nehru Marg", "Station Road", "Link Road", "SV Road", "100 Feet Road", "Ring Road", "Gandhi Marg",
               "Tilak Marg", "Church Street", "Main Road", "Hill Road", "Park Street", "Residency Road"]
_IN_BUILDINGS = ["Sai Krupa Apartments", "Shanti Niketan Society", "Green Park Residency", "Sunrise Towers",
                 "Ganga Heights", "Lotus Enclave", "Shivam Apartments", "Kaveri Residency"]


def _ca_postcode(fsa: str, rng: random.Random) -> str:
    return f"{fsa} {rng.randint(0, 9)}{rng.choice(_CA_LDU_LETTERS)}{rng.randint(0, 9)}"


def _ca_address(rng: random.Random) -> list[str]:
    """Canada Post order: civic number and street (unit first, "4B-123"), then "TOWN PR A1A 1A1"."""
    city, prov, fsas = rng.choice(_CA_PLACES)
    pc = _ca_postcode(rng.choice(fsas), rng)
    street = rng.choice(_CA_STREETS_FR if prov == "QC" and rng.random() < 0.7 else _CA_STREETS_EN)
    no = rng.randint(1, 4999)
    last = f"{city}, {prov} {pc}" if rng.random() < 0.3 else f"{city} {prov} {pc}"
    form = rng.randrange(4)
    if form == 0:
        return [f"{no} {street}", last]
    if form == 1:
        return [f"{rng.randint(1, 30)}{rng.choice('ABCD')}-{no} {street}", last]
    if form == 2:
        return [f"{no} {street}", f"{rng.choice(['Apt', 'Unit', 'Suite'])} {rng.randint(101, 2400)}", last]
    return [f"{rng.choice(['Apt', 'Unit'])} {rng.randint(1, 40)}, {no} {street}", last]


def _fr_address(rng: random.Random) -> list[str]:
    """La Poste order: (building / flat), number and street, then "75009 PARIS" (town in capitals)."""
    town, pcs = rng.choice(_FR_PLACES)
    pc = rng.choice(pcs)
    no = str(rng.randint(1, 180)) + rng.choice(["", "", "", "", " bis", " ter"])
    street = f"{no} {rng.choice(_FR_STREETS)}"
    if rng.random() < 0.5:
        street = street.upper()
    last = f"{pc} {town.upper()}"
    form = rng.randrange(4)
    if form == 0:
        return [street, last]
    if form == 1:
        return [f"Appt {rng.randint(1, 60)}, Bât. {rng.choice('ABCDE')}", street, last]
    if form == 2:
        return [rng.choice(_FR_BUILDINGS), street, last]
    return [street, last]


def _de_address(rng: random.Random) -> list[str]:
    """Deutsche Post order: street and number ("Hauptstraße 5"), then "10115 Berlin"."""
    town, pcs = rng.choice(_DE_PLACES)
    no = f"{rng.randint(1, 140)}{rng.choice(['', '', '', '', 'a', 'b'])}"
    street = f"{rng.choice(_DE_STREETS)} {no}"
    last = f"{rng.choice(pcs)} {town}"
    if rng.random() < 0.2:
        return [street, f"{rng.randint(1, 5)}. OG links" if rng.random() < 0.5 else f"Wohnung {rng.randint(1, 24)}", last]
    return [street, last]


def _in_address(rng: random.Random) -> list[str]:
    """House / flat and building, street or locality, then city with the 6-digit PIN and the state."""
    city, state, pins, localities = rng.choice(_IN_PLACES)
    pin = rng.choice(pins)
    pin_p = pin if rng.random() < 0.8 else f"{pin[:3]} {pin[3:]}"
    locality = rng.choice(localities)
    form = rng.randrange(4)
    if form == 0:
        return [f"Flat No. {rng.randint(1, 19)}0{rng.randint(1, 8)}, {rng.choice(_IN_BUILDINGS)}",
                f"{rng.choice(_IN_STREETS)}, {locality}", f"{city} - {pin_p}", state]
    if form == 1:
        return [f"{rng.randint(1, 300)}, {rng.choice(_IN_STREETS)}", locality, f"{city}, {state} {pin_p}"]
    if form == 2:
        return [f"{rng.choice('ABCDEFGH')}-{rng.randint(1, 250)}, {locality}", f"{city} {pin_p}", state]
    return [f"H. No. {rng.randint(1, 20)}-{rng.randint(1, 9)}-{rng.randint(10, 999)}, {rng.choice(_IN_STREETS)}",
            locality, f"{city}, {state} - {pin_p}"]


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
            "HK": _hk_address, "UK": _uk_address, "AU": _au_address, "US": _us_address, "CA": _ca_address,
            "FR": _fr_address, "DE": _de_address, "IN": _in_address}
# how often the whole address is printed in capitals, for the countries added later (the original nine
# keep their draw: 0.2, none for HK)
_UPPER_SHARE = {"CA": 0.35, "FR": 0.0, "DE": 0.03, "IN": 0.15}


def address_lines(country: str, rng: random.Random) -> list[str]:
    """A realistic postal address for ``country`` as printed lines (upper case sometimes)."""
    lines = _ADDRESS[country](rng)
    if country in _UPPER_SHARE:
        if rng.random() < _UPPER_SHARE[country]:
            lines = [ln.upper() for ln in lines]
    elif country not in ("HK",) and rng.random() < 0.2:
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
    "CA": ["Maple Leaf", "Northern Lights", "Prairie", "Laurentian", "Rideau", "Boreal"],
    "FR": ["Hexagone", "Val de Loire", "Provence", "Armor", "Garonne", "Alpes"],
    "DE": ["Rheinland", "Spreetal", "Nordlicht", "Alpenland", "Elbtal", "Hanse"],
    "IN": ["Deccan", "Ganga", "Indus", "Sahyadri", "Coromandel", "Kaveri"],
}
_ISSUER_SUFFIX = {
    "electricity": ["Power", "Energy", "Electric", "Power & Light"],
    "water": ["Water", "Water Services", "Water Utilities"],
    "gas": ["Gas", "Gas Company", "Energy Gas"],
    "telecom": ["Telecom", "Mobile", "Broadband", "Communications"],
    "credit_card": ["Bank", "Card Services", "Finance"],
    "bank_statement": ["Bank", "Savings Bank", "Commercial Bank"],
}
# French and German issuers name their trade in their language
_ISSUER_SUFFIX_LOCAL = {
    "FR": {"electricity": ["Énergie", "Électricité"], "water": ["Eaux", "Eau Services"], "gas": ["Gaz", "Énergie Gaz"],
           "telecom": ["Télécom", "Mobile", "Fibre"], "credit_card": ["Banque", "Crédit"],
           "bank_statement": ["Banque", "Banque Populaire"]},
    "DE": {"electricity": ["Energie", "Strom", "Stadtwerke"], "water": ["Wasser", "Wasserwerke"],
           "gas": ["Gas", "Gasversorgung"], "telecom": ["Telekom", "Mobilfunk", "Netz"],
           "credit_card": ["Bank", "Kreditbank"], "bank_statement": ["Bank", "Volksbank"]},
}
_ISSUER_FORM = {"SG": "Pte Ltd", "MY": "Sdn Bhd", "PH": "Inc.", "ID": "PT", "TH": "Co., Ltd.", "HK": "Limited",
                "UK": "Ltd", "AU": "Pty Ltd", "US": "Inc.", "CA": "Inc.", "FR": "SA", "DE": "GmbH", "IN": "Ltd"}


def issuer_name(country: str, kind: str, rng: random.Random) -> str:
    suffixes = _ISSUER_SUFFIX_LOCAL.get(country, _ISSUER_SUFFIX)
    base = f"{rng.choice(_ISSUER_WORDS[country])} {rng.choice(suffixes[kind])}"
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
    symbol_after: bool = False  # "62,86 €" (France, Germany)
    lakh: bool = False  # Indian grouping: 12,34,567.00


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
    "CA": Money("$", ",", ".", 2, "HST", 0.13, 1.3),
    "FR": Money("€", " ", ",", 2, "TVA", 0.20, 0.9, symbol_after=True),
    "DE": Money("€", ".", ",", 2, "MwSt.", 0.19, 0.9, symbol_after=True),
    "IN": Money("Rs.", ",", ".", 2, "GST", 0.18, 25.0, lakh=True),
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
    if m.lakh and len(whole) > 3:  # last three digits, then pairs
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
        while len(whole) > 2:
            groups.insert(0, whole[-2:])
            whole = whole[:-2]
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = m.thousands.join(groups)
    if frac:
        text += m.decimal + frac
    if symbol and m.symbol_after:
        text = f"{text} {m.symbol}"
    elif symbol:
        sep = " " if m.symbol.rstrip(".").isalpha() and (rng is None or rng.random() < 0.7) else ""
        text = f"{m.symbol}{sep}{text}"
    return f"-{text}" if neg else text


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


_MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]
_MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
              "November", "Dezember"]
# the date styles each later-added country prints (see format_date)
_EXTRA_DATE_STYLES = {"CA": ["ymd_iso", "mdy_long", "dmy_long"], "FR": ["dmy_num", "dmy_long_fr"],
                      "DE": ["dmy_dot", "dmy_long_de"], "IN": ["dmy_num", "dmy_dash", "dmy_short", "dmy_numdash"]}


def date_style(country: str, rng: random.Random) -> str:
    if country in _EXTRA_DATE_STYLES:
        return rng.choice(_EXTRA_DATE_STYLES[country])
    if country in ("US", "PH"):
        return rng.choice(["mdy_long", "mdy_num", "dmy_short"] if country == "PH" else ["mdy_long", "mdy_num"])
    return rng.choice(["dmy_short", "dmy_num", "dmy_long", "dmy_dash"])


def table_date_style(country: str) -> str:
    """The short numeric style of a statement's transaction table."""
    return {"US": "mdy_num", "PH": "mdy_num", "CA": "ymd_iso", "FR": "dmy_num", "DE": "dmy_dot",
            "IN": "dmy_num"}.get(country, "dmy_short")


def format_date(d: dt.date, style: str) -> str:
    mon = _MONTHS[d.month - 1]
    if style == "ymd_iso":
        return d.isoformat()
    if style == "dmy_long_fr":
        return f"{'1er' if d.day == 1 else d.day} {_MONTHS_FR[d.month - 1]} {d.year}"
    if style == "dmy_dot":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "dmy_long_de":
        return f"{d.day}. {_MONTHS_DE[d.month - 1]} {d.year}"
    if style == "dmy_numdash":
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
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
