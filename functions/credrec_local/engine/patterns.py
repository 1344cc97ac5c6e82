"""Text patterns for bills and statements: postcodes and regions per country, field labels, and
tolerant parsing of money and dates as OCR reads them.

The per-country data (postcodes, regions, street words, units, titles, name particles, currency, typical
words, date order) lives in the locale registry, ``engine/locales/`` (SG, MY, PH, ID, TH, HK, UK, AU,
US, CA, FR, DE, IN), and is compiled here into one postcode table and shared regexes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from .locales import LOCALES, POSTCODE_PRIORITY
from .locales import alt as _alt

# ------------------------------------------------------------------------------------------- regions
# Compiled from the locale registry (``engine/locales/``: one module per country).

MY_STATES = LOCALES["MY"].regions
PH_REGIONS = LOCALES["PH"].regions
ID_REGIONS = LOCALES["ID"].regions
TH_PROVINCES = LOCALES["TH"].regions
HK_REGIONS = LOCALES["HK"].regions
AU_STATES = LOCALES["AU"].state_codes
US_STATES = LOCALES["US"].state_codes
COUNTRY_NAMES = tuple(n for loc in LOCALES.values() for n in loc.country_names)

_I = re.IGNORECASE

# A line that *ends* an address: a postcode with its place, a state/region, or a country.
POSTCODE_PATTERNS: dict[str, re.Pattern[str]] = {
    code: rx for code, rx in ((c, loc.postcode_regex()) for c, loc in LOCALES.items()) if rx is not None}
_ALL_REGIONS = tuple(r for loc in LOCALES.values() for r in loc.regions)
_REGIONS_ALT = _alt(_ALL_REGIONS + COUNTRY_NAMES)
REGION_LINE = re.compile(r"^\s*(?:" + _REGIONS_ALT + r")(?:[\s,]+(?:" + _REGIONS_ALT + r"))*\s*\.?\s*$", _I)
# a place name followed by a 4-digit postcode (Philippines, Australia without state): only trusted in context
PLACE_4DIGIT = re.compile(r"^[A-Za-z][A-Za-z.' -]{2,}[ ,]+\d{4}\s*$")
REGION_WORD = re.compile(r"\b(?:" + _alt(tuple(w for loc in LOCALES.values() for w in loc.region_words)) + r")\b", _I)
HK_TAIL = re.compile(r"(?:,|\b)\s*(?:Hong Kong|Kowloon|New Territories|N\.?T\.?|H\.?K\.?)\s*\.?\s*$", _I)

# pieces of an address line
UNIT = re.compile("|".join(dict.fromkeys(u for loc in LOCALES.values() for u in loc.unit_patterns)), _I)
_STREET_WORDS = tuple(w for loc in LOCALES.values() for w in loc.street_words)
_STREET_SUFFIXES = tuple(w for loc in LOCALES.values() for w in loc.street_suffixes)
STREET = re.compile(r"\b(?:" + _alt(_STREET_WORDS) + r")\b\.?" +
                    (r"|\w(?:" + _alt(_STREET_SUFFIXES) + r")(?!\w)" if _STREET_SUFFIXES else ""), _I)
HOUSE_NUMBER = re.compile(r"^\s*(?:No\.?\s*)?\d{1,5}[A-Z]?(?:\s*[/-]\s*\d{1,4}[A-Z]?)?\b[ ,]", _I)

# ------------------------------------------------------------------------------------------- labels

_LOCALE_NAME_LABELS = "".join(f"|{src}" for loc in LOCALES.values() for src in loc.name_labels)
_LOCALE_ADDRESS_LABELS = "".join(f"|{src}" for loc in LOCALES.values() for src in loc.address_labels)
NAME_LABEL = re.compile(
    r"^\s*(?P<label>account\s*holder(?:'s)?(?:\s*name)?|account\s*name|customer\s*name|customer|bill\s*to|billed\s*to|"
    r"name\s*of\s*customer|holder\s*name|card\s*holder|cardholder|name|attn|attention|addressee|consumer\s*name|"
    r"registered\s*owner|nama(?:\s*pelanggan)?|pelanggan|policy\s*holder(?:\(s\)|s)?|policyholder(?:\(s\)|s)?|"
    r"named\s*insured|insured|member\s*name|recipient(?:'s)?\s*name|your\s*details" + _LOCALE_NAME_LABELS +
    r")\b\s*[:.;]?\s*(?P<rest>.*)$", _I)
ADDRESS_LABEL = re.compile(
    r"^\s*(?P<label>(?:service|premises|premise|mailing|supply|billing|correspondence|installation|postal|"
    r"residential|home|registered|delivery|property|site|customer)\s*address|address|alamat|addr" +
    _LOCALE_ADDRESS_LABELS + r")\b\.?\s*[:.;]?\s*(?P<rest>.*)$", _I)
# A heading over someone else's name and address (the issuer's branch, a payer, an agent, the return
# address): the block under it is never the holder's.
OTHER_PARTY_HEADING = re.compile(
    r"^\s*(?:branch(?:\s*(?:details|address))?|bank\s*details|(?:your\s*)?agent(?:'s)?(?:\s*(?:details|address))?|"
    r"payer(?:'s)?\b|sender|from|remit(?:tance)?(?:\s*(?:to|address))?|return\s*(?:to|address)|issued\s*by|"
    r"(?:mail|send)\s*(?:your\s*)?payments?\s*to|par\s*courrier|nous\s*(?:contacter|écrire|ecrire)|"
    r"service\s*clients?|absender)\b", _I)
# Business-only mail routing: a French CEDEX / TSA / CS sorting code; never a private person's address
BUSINESS_MAIL = re.compile(r"\b(?:CEDEX|TSA\s*\d+|CS\s*\d{4,})\b", _I)
# A form caption printed over or beside a value ("Street address (including apt. no.)", "City or town, state
# or province, country, and ZIP"): no digits, a field word, small print.
CAPTION_WORDS = re.compile(r"\b(?:address|street|city|town|state|province|country|zip|code|postal|apt|name|"
                           r"telephone|phone)\b", _I)
ACCOUNT_LABEL = re.compile(
    r"^\s*(?P<label>account\s*(?:number|no\.?|num|#|id)|acct\.?\s*(?:no\.?|number|#)?|a/c\s*(?:no\.?|number)?|"
    r"contract\s*account(?:\s*(?:no\.?|number))?|customer\s*(?:no\.?|number|id|ref(?:erence)?)|"
    r"card\s*(?:number|no\.?|account)|account|reference\s*(?:no\.?|number)|ref\.?\s*no\.?|"
    r"no\.?\s*akaun|nombor\s*akaun|invoice\s*(?:no\.?|number))\b\.?\s*[:.;]?\s*(?P<rest>.*)$", _I)
DATE_LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("due_date", re.compile(r"^\s*(?P<label>(?:payment\s*)?due\s*date|pay(?:ment)?\s*by|please\s*pay\s*by|due\s*by|"
                            r"payment\s*due|last\s*date\s*(?:for|of)\s*payment|pay\s*before)\b\s*[:.;]?\s*(?P<rest>.*)$", _I)),
    ("period", re.compile(r"^\s*(?P<label>(?:billing|statement|service|bill|supply|usage)\s*period|period|"
                          r"for\s*the\s*period(?:\s*of)?)\b\s*[:.;]?\s*(?P<rest>.*)$", _I)),
    ("statement_date", re.compile(r"^\s*(?P<label>statement\s*date)\b\s*[:.;]?\s*(?P<rest>.*)$", _I)),
    ("bill_date", re.compile(r"^\s*(?P<label>bill(?:ing)?\s*(?:issue\s*)?date|invoice\s*date|date\s*of\s*(?:issue|bill|invoice)|"
                             r"issue\s*date|date\s*issued|tarikh\s*bil|tax\s*invoice\s*date|date)\b\s*[:.;]?\s*(?P<rest>.*)$", _I)),
]
AMOUNT_LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("amount_due", re.compile(r"\b(?:total\s*amount\s*due|amount\s*due|total\s*due|amount\s*payable|total\s*payable|"
                              r"please\s*pay|balance\s*due|new\s*balance|statement\s*balance|amount\s*to\s*pay|"
                              r"total\s*outstanding|jumlah\s*perlu\s*dibayar|jumlah\s*bayaran|total\s*amount\s*payable)\b", _I)),
    ("previous_balance", re.compile(r"\b(?:previous\s*balance|balance\s*b/?f|balance\s*brought\s*forward|"
                                    r"balance\s*from\s*(?:last|previous)\s*bill|opening\s*balance|last\s*bill(?:\s*amount)?|"
                                    r"previous\s*bill|brought\s*forward|baki\s*terdahulu)\b", _I)),
    # receipts: what the customer handed over and what came back (total = tendered - change)
    ("change", re.compile(r"^\s*(?:change(?:\s*due)?|kembalian|baki)\b", _I)),
    ("tendered", re.compile(r"^\s*(?:cash(?:\s*tendered)?|tendered|amount\s*tendered|tunai|cash\s*paid)\b", _I)),
    ("payment", re.compile(r"\b(?:payments?\s*received|payment\s*-?\s*thank\s*you|less\s*:?\s*payments?|payments?|"
                           r"thank\s*you|paid|bayaran\s*diterima)\b", _I)),
    ("subtotal", re.compile(r"\b(?:sub\s*-?\s*total|before\s*(?:tax|gst|vat|sst)|net\s*amount)\b", _I)),
    ("tax", re.compile(r"^\s*(?:add\s*:?\s*)?(?:gst|vat|sst|ppn|sales\s*tax|service\s*tax|tax)(?![a-z])|"
                       r"\b(?:gst|vat|sst|ppn)\s*@?\s*\d+(?:\.\d+)?\s*%", _I)),
    ("total", re.compile(r"\btotal\b", _I)),
    ("credit", re.compile(r"\b(?:credit|refund|rebate|adjustment)\b", _I)),
    ("other", re.compile(r"\b(?:minimum\s*(?:payment|amount)|closing\s*balance|credit\s*limit|available\s*credit)\b", _I)),
]

# Words that cannot be part of a person's name (labels, money, document words, company words)
NAME_STOPWORDS = frozenset("""
account accounts holder bill billing billed invoice tax date due total amount amounts statement page service services
customer customers payment payments charges charge balance electricity water gas telecom mobile broadband summary
details detail information info number no period address street road avenue jalan blk block flat unit tower singapore
malaysia limited ltd pte sdn bhd inc bank power energy finance card credit debit thank please www http com
plan usage supply network previous received subtotal gst vat sst ppn month monthly your our dear reference ref
hotline enquiries enquiry call visit email website slip return detach undelivered box po pay paid minimum closing
opening deposit withdrawal transfer description contract consumer premises mailing meter reading current
company co corporation group holdings services utilities utility telecommunications communications centre center
important messages notes note keep records computer generated signature required thank valued fibre data roaming
checking savings department dept support agency agy branch office payer payer's recipient recipient's tin team
purchases card sum sen total electricity kwh road jalan lorong estate building court residences gardens city
district kowloon hong kong territories bangkok jakarta manila philippines indonesia thailand street tel fax
""".split()) | frozenset("""
référence synthèse synthese objet facture facturé relevé releve compte montant échéance echeance
numéro numero résumé resume consommation contrat client abonnement période periode
kundennummer kunde rechnung rechnungsdatum übersicht ubersicht uebersicht betreff konto kontoinhaber seite summe
betrag anschrift datum zeitraum verbrauch vertrag vertragskonto zählernummer
""".split())  # French and German document words (captions such as "RÉFÉRENCE CLIENT", "Übersicht")
TITLES = re.compile(r"^(?:" + "|".join(sorted({t for loc in LOCALES.values() for t in loc.titles}, key=len, reverse=True))
                    + r")\.?\s+(?:(?:dr|prof)\.?\s+){0,2}", _I)  # a courtesy title, then academic ones ("Frau Dr.")
NAME_PARTICLES = frozenset({"van", "von", "da", "dos", "la", "le", "al", "el", "y", "ap", "&", "and"} |
                           {p for loc in LOCALES.values() for p in loc.name_particles})
# currency markers that vote for a country (the country guess of ``extract``)
CURRENCY_COUNTRY: list[tuple[re.Pattern[str], str]] = [
    (re.compile(src), code) for code, loc in LOCALES.items() for src in loc.currency]
MARKER_COUNTRY: list[tuple[re.Pattern[str], str]] = [
    (re.compile(src, _I), code) for code, loc in LOCALES.items() for src in loc.markers]
COMPANY_WORDS = re.compile(r"\b(?:ltd|limited|pte|sdn|bhd|inc|corp|corporation|plc|llc|pty|gmbh|company|co\.|"
                           r"bank|power|energy|electric|water|gas|telecom|mobile|broadband|finance|services|utilities|"
                           r"authority|council|board|insurance|communications|savings|card|agency|agy|department|dept|branch|"
                           r"union|federal|trust|bancorp|financial|mutual|association|assn|"
                           # shops and trades (a receipt's letterhead is the shop, never a holder)
                           r"trading|traders?|enterprises?|minimarket|mini\s?market|supermarket|hypermarket|mart|"
                           r"stationery|bookstore|books|restaurant|restoran|cafe|caf[eé]|kedai|perniagaan|hardware|"
                           r"pharmacy|farmasi|bakery|florist|motors?|electrical|gifts?|deco|boutique|store|shop|"
                           r"hotel|clinic|klinik)\b" +
                           "".join(f"|(?:{src})" for loc in LOCALES.values() for src in loc.company_words), _I)
DOC_TITLE_WORDS = re.compile(r"\b(?:bill|invoice|statement|receipt|notice|summary|account|charges|advice|e-?bill|"
                             r"tax|page|details|information|customer|your)\b", _I)

URL_OR_MAIL = re.compile(r"(?:www\.|https?://|\.com\b|\.sg\b|\.my\b|@)", _I)

# ------------------------------------------------------------------------------------------- money

CURRENCY = (r"(?:S\$|SGD|SG\$|RM|MYR|PHP|Php|P(?=\s?\d)|₱|Rp\.?|IDR|THB|Baht|฿|HK\$|HKD|A\$|AUD|AU\$|US\$|USD|"
            r"CA\$|C\$|CAD|₹|INR|Rs\.?|"
            r"NZ\$|\$|£|GBP|€|EUR)")
# Indian grouping first ("12,34,567.00": thousands, then pairs), then the usual thousands groups, then bare
_NUM = r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?|\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
# a currency printed after the amount ("62,86 €", "1.234,50 EUR"): the euro countries' order
_CUR_AFTER = r"€|EUR"
MONEY_RE = re.compile(
    rf"(?P<neg>\(|-|\u2212)?\s*(?P<cur>{CURRENCY})?\s*(?P<neg2>-|\u2212)?\s*(?P<num>{_NUM})\s*(?P<cur2>{_CUR_AFTER})?"
    rf"\s*(?P<cr>CR|Cr|DR|Dr)?\s*\)?")
_MONEY_TAIL = re.compile(rf"(?P<money>(?:\(|-|\u2212)?\s*(?:{CURRENCY})?\s*(?:-|\u2212)?\s*(?:{_NUM})\s*(?:{_CUR_AFTER})?"
                         rf"\s*(?:CR|Cr|DR|Dr)?\s*\)?)\s*$")


@dataclass(frozen=True)
class Money:
    raw: str
    value: float
    currency: str | None
    credit: bool  # "CR" suffix or shown negative


def parse_number(num: str) -> float | None:
    """'1,234.56' / '1.234,56' / '24.953.560' / "1'234.50" / 'HK$1.139.44' (OCR read a comma as a dot)."""
    s = num.strip().replace(" ", "").replace("'", "")
    if not s or not any(c.isdigit() for c in s):
        return None
    seps = [(i, c) for i, c in enumerate(s) if c in ",."]
    if not seps:
        return float(s)
    last_i, _last_c = seps[-1]
    tail = len(s) - last_i - 1
    if tail in (1, 2):  # the last separator is the decimal point
        whole = re.sub(r"[.,]", "", s[:last_i])
        return float(f"{whole}.{s[last_i + 1:]}") if whole else float(f"0.{s[last_i + 1:]}")
    if tail == 3:  # thousands separators only
        return float(re.sub(r"[.,]", "", s))
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


_DOLLAR_AS_S = re.compile(r"(^|[\s(:-])(HK|US|A|AU|NZ|SG|S)?S(?=\d{1,3}(?:[,.]\d{3})*[.,]\d{2}\s*(?:CR|DR)?\)?$)")


def parse_money(text: str, *, whole: bool = True, require_marker: bool = False) -> Money | None:
    """A money amount: the whole text (``whole``) or its tail. ``require_marker``: currency or decimals needed.
    OCR often reads "$" as "S" ("S49.04", "HKS1,197.92", "SS548.92" for S$548.92): before an amount with cents that is taken as "$"."""
    t = _DOLLAR_AS_S.sub(lambda m: f"{m.group(1)}{m.group(2) or ''}$", text.strip())
    if not t:
        return None
    if whole:
        m = MONEY_RE.fullmatch(t)
        raw = t
    else:
        tm = _MONEY_TAIL.search(t)
        if not tm:
            return None
        raw = tm.group("money").strip()
        m = MONEY_RE.fullmatch(raw)
        # the tail must start a token: "Account 12345" is not money, "Total S$12.00" is
        group = tm.group("money")
        start = tm.start("money") + len(group) - len(group.lstrip())
        if start > 0 and t[start - 1].isalnum():
            return None
    if not m:
        return None
    num = m.group("num")
    if m.group("cur") and m.group("cur2"):
        return None  # "€ 12 €": two currencies, not one amount
    cur = m.group("cur") or m.group("cur2")
    has_decimals = bool(re.search(r"[.,]\d{1,2}$", num))
    if require_marker and not cur and not has_decimals and not re.search(r"[,.]\d{3}$", num):
        return None
    if not cur and not has_decimals and len(re.sub(r"\D", "", num)) >= 7 and not re.search(r"[,.]", num):
        return None  # a long bare digit run is an account or phone number, not money
    value = parse_number(num)
    if value is None:
        return None
    neg = bool(m.group("neg") or m.group("neg2"))
    cr = (m.group("cr") or "").upper() == "CR"
    return Money(raw=raw, value=-value if neg else value, currency=cur, credit=cr or neg)


# ------------------------------------------------------------------------------------------- dates

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTH_ALIASES = {"sept": 9, "mei": 5, "agu": 8, "agt": 8, "okt": 10, "des": 12, "ogo": 8, "dis": 12, "januari": 1,
                  "februari": 2, "maret": 3, "april": 4, "juni": 6, "juli": 7, "agustus": 8, "oktober": 10,
                  "desember": 12, "mac": 3, "julai": 7, "ogos": 8, "disember": 12}
_MON = r"(?P<mon>[^\W\d_]{3,10})\.?"
DATE_PATTERNS = [
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|e)?[\s\-/.]+{_MON}[\s\-/.,]+(?P<y>\d{{4}}|\d{{2}})\b"),  # 5 Mar 2026
    re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b"),  # March 5, 2026
    re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b"),  # 2026-03-05
    re.compile(r"\b(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})\b"),  # 05/03/2026
]


@dataclass(frozen=True)
class ParsedDate:
    raw: str
    value: dt.date | None  # None: the printed date cannot exist
    span: tuple[int, int]


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in _MONTH_ALIASES:
        return _MONTH_ALIASES[w]
    if w[:3] in _MONTHS and (len(w) == 3 or _full_month_ok(w)):
        return _MONTHS[w[:3]]
    return _month_other_language(w)


# languages of the countries in the locale registry whose month names the tables above do not hold
_DATEPARSER_LANGUAGES = ["fr", "de", "es", "nl", "it", "pt", "id", "ms", "tl"]


@functools.lru_cache(maxsize=1024)
def _month_other_language(word: str) -> int | None:
    """A month name in another language ("décembre", "März", "avr.") by ``dateparser``'s language data;
    None without dateparser or for a word that is no month."""
    if len(word) < 3 or not word.isalpha():
        return None
    try:
        import dateparser
    except ImportError:  # optional: without it only the tables above are known
        return None
    parsed = dateparser.parse(f"15 {word} 2001", languages=_DATEPARSER_LANGUAGES,
                              settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.month if parsed is not None and parsed.year == 2001 and parsed.day == 15 else None


def _full_month_ok(w: str) -> bool:
    full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december"]
    return any(f.startswith(w) for f in full)


def _year(y: str) -> int:
    n = int(y)
    return n + 2000 if n < 100 else n


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, *, month_first: bool = False) -> list[ParsedDate]:
    """Every date in ``text``, left to right. Numeric dates are day-first unless ``month_first``
    (US, Philippines) — and whichever reading is impossible loses."""
    found: list[ParsedDate] = []
    taken: list[tuple[int, int]] = []
    for pat in DATE_PATTERNS:
        for m in pat.finditer(text):
            span = m.span()
            if any(not (span[1] <= a or span[0] >= b) for a, b in taken):
                continue
            g = m.groupdict()
            value: dt.date | None
            if g.get("mon"):
                mon = _month(g["mon"])
                if mon is None:
                    continue
                value = _make(_year(g["y"]), mon, int(g["d"]))
            elif g.get("m"):
                value = _make(int(g["y"]), int(g["m"]), int(g["d"]))
            else:
                a, b = int(g["a"]), int(g["b"])
                y = _year(g["y"])
                if a > 12 and b <= 12:
                    d, mo = a, b
                elif b > 12 and a <= 12:
                    d, mo = b, a
                elif month_first:
                    d, mo = b, a
                else:
                    d, mo = a, b
                value = _make(y, mo, d)
            taken.append(span)
            found.append(ParsedDate(m.group(0), value, span))
    found.sort(key=lambda p: p.span[0])
    return found


def looks_like_date(text: str) -> bool:
    ds = find_dates(text)
    return bool(ds) and sum(d.span[1] - d.span[0] for d in ds) >= 0.6 * len(text.strip())


# ------------------------------------------------------------------------------------------- classifiers


def postcode_country(text: str) -> str | None:
    """The country whose postcode/region pattern ``text`` carries (first match in priority order)."""
    for country in POSTCODE_PRIORITY:
        if country in POSTCODE_PATTERNS and POSTCODE_PATTERNS[country].search(text):
            if country == "MY" and not _my_plausible(text):
                continue
            return country
    if HK_TAIL.search(text) or (REGION_WORD.search(text) and re.search(r"Hong Kong|Kowloon|New Territories", text, _I)):
        return "HK"
    return None


def _my_plausible(text: str) -> bool:
    m = POSTCODE_PATTERNS["MY"].search(text)
    if not m:
        return False
    after = text[m.end(1):].strip()
    # "47300 Petaling Jaya" yes; "12345 kWh" or "10110 Bangkok" (TH) handled by order; money/qty words no
    return not re.match(r"(?:kwh|m3|units?|gb|mb|days?|sen)\b", after, _I)


# countries whose postcode line has the same "5 digits + town" shape (credited to MY by the table)
SHARED_SHAPE = frozenset({"MY", "FR", "DE"})


def is_terminal_line(text: str, country: str | None = None) -> bool:
    """Does this line end a postal address (postcode line, state/region or country line)?"""
    found = postcode_country(text)
    if found in SHARED_SHAPE and country is not None and country not in SHARED_SHAPE:
        found = None  # "84686 Emily Springs" on a US page: a house number, not a "postcode + town" line
    if found or REGION_LINE.match(text) or HK_TAIL.search(text):
        return True
    return country in ("PH", "AU") and bool(PLACE_4DIGIT.match(text)) and not find_dates(text)


# A contact or registration line ("Customer Service 6123 4567 | GST Reg No. M2-…", "Hotline: …", "Fax …"):
# its numbers and "No." look like an address, but such a line is never part of the holder's block.
CONTACT_LINE = re.compile(r"\b(?:customer\s+(?:service|care|hotline)|hotline|helpline|call\s+(?:us|centre|center)|e-?mail|"
                          r"(?:gst|vat|sst|co\.?|company|br|abn|acn|npwp)\s*(?:reg(?:istration)?\.?\s*)?(?:no|number))\b"
                          r"|\b(?:tel|telephone|fax|phone|mobile)\.?\s*(?:no\.?)?\s*[:.]?\s*[+(]?\d", _I)


def address_evidence(text: str) -> float:
    """0..1: how much ``text`` looks like part of a postal address (0 for a contact/registration line)."""
    if CONTACT_LINE.search(text):
        return 0.0
    score = 0.0
    if postcode_country(text):
        score += 0.7
    if REGION_LINE.match(text) or REGION_WORD.search(text):
        score += 0.35
    if UNIT.search(text):
        score += 0.5
    if STREET.search(text):
        score += 0.4
    if HOUSE_NUMBER.match(text):
        score += 0.25
    return min(1.0, score)


def strip_title(text: str) -> str:
    return TITLES.sub("", text.strip(), count=1)


def name_score(text: str) -> float:
    """0..1: how much ``text`` looks like a person's name as printed on a bill (titles allowed)."""
    t = text.strip().strip(",;")
    if not 2 <= len(t) <= 60:
        return 0.0
    if re.search(r"\d|@|\$|£|%|#|:|\|", t):
        return 0.0
    if URL_OR_MAIL.search(t) or COMPANY_WORDS.search(t):
        return 0.0
    had_title = bool(TITLES.match(t))
    core = strip_title(t)
    tokens = [tok for tok in re.split(r"[\s,]+", core) if tok]
    if not tokens or len(tokens) > 7:
        return 0.0
    words = 0
    for tok in tokens:
        low = tok.lower().strip(".'")
        if low in NAME_PARTICLES:
            continue
        if low in NAME_STOPWORDS or any(part in NAME_STOPWORDS for part in low.split("-")):
            return 0.0
        if not re.fullmatch(r"[^\W\d_](?:[^\W\d_]|['\u2019.\-])*", tok):
            return 0.0
        if not (tok[0].isupper()):
            return 0.0
        words += 1
    if words == 0:
        return 0.0
    region_chars = sum(m.end() - m.start() for m in REGION_WORD.finditer(core))
    if STREET.search(core) or UNIT.search(core) or REGION_LINE.match(core) or region_chars >= 0.5 * len(core) or \
            (region_chars and "," in core):
        return 0.15
    if words == 1:
        return 0.55 if had_title else 0.45
    return 0.95 if had_title else 0.85


def is_label_text(text: str) -> bool:
    t = text.strip()
    if t.endswith(":"):
        return True
    for pat in (NAME_LABEL, ADDRESS_LABEL, ACCOUNT_LABEL):
        m = pat.match(t)
        if m and not m.group("rest"):
            return True
    return any(p.match(t) and not p.match(t).group("rest") for _, p in DATE_LABELS)  # type: ignore[union-attr]


def amount_label(text: str) -> str | None:
    for label, pat in AMOUNT_LABELS:
        if pat.search(text):
            return label
    return None


def date_label(text: str) -> tuple[str, str] | None:
    """(kind, rest-of-text) when ``text`` starts with a date label."""
    for kind, pat in DATE_LABELS:
        m = pat.match(text)
        if m:
            return kind, m.group("rest")
    return None


def fix_postcode_ocr(text: str) -> str:
    """Letters OCR often puts inside digit runs of postcodes (O→0, I/l→1, S→5 between digits)."""
    def fix(m: re.Match[str]) -> str:
        return m.group(0).translate(str.maketrans("OoIl", "0011"))
    return re.sub(r"(?<=\d)[OoIl](?=\d)|(?<=\d{2})[Oo](?=\b)|\b[Oo](?=\d{4,5}\b)", fix, text)


def fix_address_ocr(text: str) -> str:
    """Postcode digit fixes plus common misreadings of address abbreviations (Indonesian "Jl." read "JI.")."""
    from .normalize import fix_postcodes

    t = fix_postcodes(fix_postcode_ocr(text))  # digits first, then each locale's letter/digit positions
    t = re.sub(r"\bJI\.(?=\s)", "Jl.", t)
    t = re.sub(r"(?<=[A-Za-z0-9])#(?=\s?\d)", " #", t)  # "Street 61#21-410" → "Street 61 #21-410"
    t = re.sub(r"\bJL\.(?=\s)", "JL.", t)
    return t
