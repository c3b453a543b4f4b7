"""Find stated dates in text: English, Serbian (both scripts), Slovene and French months,
numeric forms (the day first, the year first as Hungarian and Japanese write them, ISO, the
Japanese eras' years), the Solar Hijri calendar's (through jdatetime), the lunar Hijri
calendar's (through hijridate), in any digits, and (through dateparser) the months of the
newsroom's other languages.

Pure functions. A date is only returned when day, month and year are all written down: no
guessed year, no default day, and nothing later than the ``latest`` date the caller allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser
import jdatetime
from dateparser.data.languages_info import language_order
from hijridate import Hijri

from crawler.core.language import MARKS

__all__ = [
    "LANGUAGE_CODES",
    "MONTHS",
    "MONTH_NAMES",
    "PUBLISHED_LABEL",
    "PUBLISHED_LABEL_ONLY",
    "UPDATED_LABEL",
    "StatedDate",
    "find_date",
    "find_stated_date",
    "parse_datetime",
    "published_part",
    "written_dates",
]

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    # English; Serbian Latin and Cyrillic (nominative and genitive); Slovene (nominative and
    # genitive, where it differs from Serbian); French; "juni" and "juli", June and July in
    # Bosnian as in German, Dutch and the Scandinavian languages.
    1: (
        *("january", "jan", "januar", "januara", "јануар", "јануара", "јан", "januarja"),
        *("janvier", "janv"),
    ),
    2: (
        *("february", "feb", "februar", "februara", "фебруар", "фебруара", "феб", "februarja"),
        *("février", "févr"),
    ),
    3: ("march", "mar", "mart", "marta", "март", "марта", "мар", "marec", "marca", "mars"),
    4: ("april", "apr", "aprila", "април", "априла", "апр", "avril", "avr"),
    5: ("may", "maj", "maja", "мај", "маја", "mai"),
    6: ("june", "jun", "juna", "juni", "јун", "јуна", "junij", "junija", "juin"),
    7: ("july", "jul", "jula", "juli", "јул", "јула", "julij", "julija", "juillet", "juil"),
    8: ("august", "aug", "avgust", "avgusta", "avg", "август", "августа", "авг", "août"),
    9: (
        "september",
        "sep",
        "sept",
        "septembar",
        "septembra",
        "септембар",
        "септембра",
        "сеп",
        "septembre",
    ),
    10: (
        *("october", "oct", "oktobar", "oktobra", "okt", "октобар", "октобра", "окт", "oktober"),
        "octobre",
    ),
    11: ("november", "nov", "novembar", "novembra", "новембар", "новембра", "нов", "novembre"),
    12: (
        "december",
        "dec",
        "decembar",
        "decembra",
        "децембар",
        "децембра",
        "дец",
        "décembre",
        "déc",
    ),
}
#: The Levantine Arabic months (Syria, Lebanon, Jordan, Iraq, Palestine: "30 أيلول 2026",
#: "1 كانون الأول 2026"), with and without the hamza their sites may leave out; dateparser
#: knows only the Egyptian names ("نوفمبر"), which the newsroom's language reads.
_LEVANTINE_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("كانون الثاني", "كانون الثانى"),
    2: ("شباط",),
    3: ("آذار", "اذار"),
    4: ("نيسان",),
    5: ("أيار", "ايار", "أيّار"),
    6: ("حزيران",),
    7: ("تموز", "تمّوز"),
    8: ("آب", "اب"),
    9: ("أيلول", "ايلول"),
    10: ("تشرين الأول", "تشرين الاول"),
    11: ("تشرين الثاني", "تشرين الثانى"),
    12: ("كانون الأول", "كانون الاول"),
}
#: The Arabic months of Egypt and the Maghreb's east, as most Arab sites write them ("4
#: ديسمبر، 2026"), in the spellings with and without the hamza and the final yeh or heh.
_ARABIC_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("يناير",),
    2: ("فبراير",),
    3: ("مارس",),
    4: ("أبريل", "ابريل", "إبريل"),
    5: ("مايو",),
    6: ("يونيو", "يونيه"),
    7: ("يوليو", "يوليه"),
    8: ("أغسطس", "اغسطس"),
    9: ("سبتمبر",),
    10: ("أكتوبر", "اكتوبر"),
    11: ("نوفمبر",),
    12: ("ديسمبر",),
}
MONTHS: dict[str, int] = {
    name: n
    for table in (_MONTH_NAMES, _LEVANTINE_MONTHS, _ARABIC_MONTHS)
    for n, names in table.items()
    for name in names
}

#: What a line that states when a story was published says ("Published: 13.09.2019 |
#: Updated: ...", "publié le", "Objavljeno").
PUBLISHED_LABEL = re.compile(
    r"published|posted|created|objavljeno|објављено|objavljen|publié|veröffentlicht"
    r"|erstellt|pubblicato|publicado|zveřejněno|publikováno|paskelbta|sukurta"
    r"|เผยแพร่|นำเข้าข้อมูล",
    re.IGNORECASE,
)
#: Such a label alone, its date taken out (trafilatura leaves SPIP's "publié le" without its
#: <time>): "Posted on", "publié le", "Objavljeno:", "Veröffentlicht am".
PUBLISHED_LABEL_ONLY = re.compile(
    rf"\W*(?:{PUBLISHED_LABEL.pattern})(?:\s+(?:on|at|le|am|il|el|em|dne|dana))?\W*",
    re.IGNORECASE,
)


#: What a line that states when a page changed, not when its story was published, says:
#: "Last updated", "Ažurirano", "Zuletzt geändert", "Senast uppdaterad", "Stand:", "As of".
UPDATED_LABEL = re.compile(
    r"updated|modified|last change|last update|измен|ажурир|izmen|ažurir|posodoblj|mise? à jour"
    r"|aktualisier|geändert|\bänderung|aggiorna|actualizad[oa]|[uú]ltima actualizaci[oó]n"
    r"|actualizat|ultima actualizare|atualizad[oa]|frissítve"
    r"|módosítva|ενημερώθηκε|τελευταία ενημέρωση|uppdaterad|oppdatert|opdateret|bijgewerkt"
    r"|derni[eè]re modification|modifié le|ultima modifica|última modificación"
    r"|aktualiz|актуализиран|обновлен[оа]?(?!\w)|жаңартыл|оновлено|güncellen|päivitetty"
    r"|\bas of\b|\bstand:|\bstanje na dan|\bétat au\b|atnaujint"
    r"|วันที่ปรับปรุง|ปรับปรุงล่าสุด|ปรับปรุงข้อมูล|แก้ไขล่าสุด",
    re.IGNORECASE,
)


def published_part(line: str) -> str:
    """The part of ``line`` that says when a story was published, where it then says when it
    was updated ("วันที่นำเข้าข้อมูล 20 พ.ย. 2569 วันที่ปรับปรุงข้อมูล 21 พ.ย. 2569 | 412 view",
    "Published: 5 May 2026 | Updated: 6 May 2026"): a date line as short as that part. The
    whole line otherwise."""
    updated = UPDATED_LABEL.search(line)
    if updated is None or PUBLISHED_LABEL.search(line, 0, updated.start()) is None:
        return line
    return line[: updated.start()]


#: A comma, or the Arabic one that WordPress writes in "12 نوفمبر، 2026" (its "j F، Y").
_COMMA = "[,\u060c]"
#: Any month of `MONTHS`, as a regex's alternatives (the longest first; a name of two words
#: apart by any space).
MONTH_NAMES = "|".join(
    r"\s+".join(map(re.escape, name.split())) for name in sorted(MONTHS, key=len, reverse=True)
)
_MONTH = "(?P<month>" + MONTH_NAMES + ")"
_DAY = r"(?P<day>0?[1-9]|[12]\d|3[01])"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = r"(?:,?\s*(?:at\s+|u\s+)?(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?:\s*h)?)?"
# Word boundaries that also hold for Cyrillic letters.
_B, _E = r"(?<![\w])", r"(?![\w])"

_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # 15. November 2017 / 24. мај 2022. / 20 Nov. 2015 / 15 November, 2017 / 1er mai 2025
        # / 27th November, 2026 / 3rd of December 2026
        rf"{_B}{_DAY}(?:\.|er|(?:st|nd|rd|th)(?:\s+of)?)?\s*{_MONTH}\.?{_COMMA}?\s+{_YEAR}{_E}"
        rf"\.?{_TIME}",
        # Jun 4 2021 / June 4, 2021
        rf"{_B}{_MONTH}\.?\s+{_DAY}(?:st|nd|rd|th)?{_COMMA}?\s+{_YEAR}{_E}{_TIME}",
        # 2017-11-15 (ISO)
        rf"{_B}{_YEAR}-(?P<nmonth>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])"
        r"(?:[T\s](?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d))?(?!\d)",
        # 15.11.2017. (day first, as written in Serbia and most of Europe)
        rf"{_B}{_DAY}\.\s?(?P<nmonth>0?[1-9]|1[0-2])\.\s?{_YEAR}{_E}\.?{_TIME}",
        # 2026. 12. 14., 2026.12.14. and 2026. december 14. (the year first, as Hungarian
        # writes a date: its spaces or two digits and its closing stop tell it from a version
        # number, "2019.1.2.", and from a sentence's year before the next's "March 8"), or
        # two digits each without it (Lithuania's "Sukurta: 2026.10.06")
        rf"{_B}{_YEAR}\.\s(?P<nmonth>0?[1-9]|1[0-2])\.\s(?P<day>0?[1-9]|[12]\d|3[01])\.(?!\d){_TIME}",
        rf"{_B}{_YEAR}\.(?P<nmonth>0[1-9]|1[0-2])\.(?P<day>0[1-9]|[12]\d|3[01])(?!\.?\d)\.?{_TIME}",
        rf"{_B}{_YEAR}\.\s+{_MONTH}\s+(?P<day>0?[1-9]|[12]\d|3[01])\.(?!\d){_TIME}",
        # 2026年12月1日, 令和8年12月1日 (Japanese: the Gregorian year, or the era's), 2026/11/27
        rf"(?<!\d)(?:{_YEAR}|(?P<era>令和|平成)(?P<eyear>元|[1-9]\d?))年\s?"
        r"(?P<nmonth>0?[1-9]|1[0-2])月\s?(?P<day>0?[1-9]|[12]\d|3[01])日",
        rf"{_B}{_YEAR}/(?P<nmonth>0?[1-9]|1[0-2])/(?P<day>0?[1-9]|[12]\d|3[01])(?![\d/]){_TIME}",
        # 16/04/2024 or 11/15/2017: read only where the order shows (a part over 12 is the
        # day, or only one reading is not in the future); 03/04/2024 read in May could be
        # either, and no date is better than a guess
        rf"{_B}(?P<first>0?[1-9]|[12]\d|3[01])/(?P<second>0?[1-9]|[12]\d|3[01])/{_YEAR}{_E}{_TIME}",
        # 20-11-2026 ("Date: (20-11-2026)", "Event | 07-12-2026 | Belgrade"): with dashes,
        # the day first, as Europe and India write them (a run of numbers, "Tel.
        # 11-30-2006", "Broj: 02-14-2016/21", is none)
        rf"(?<![\w/-])(?P<day>0?[1-9]|[12]\d|3[01])-(?P<nmonth>0?[1-9]|1[0-2])-{_YEAR}"
        rf"(?![\w/-]){_TIME}",
        # 06 28 2022: the same, parted by single spaces, each part of two digits (a Sitecore
        # template's card date), not a run of numbers ("Tel. +381 11 30 2006")
        rf"(?<![\d+]\s){_B}(?P<first>0[1-9]|[12]\d|3[01]) (?P<second>0[1-9]|[12]\d|3[01]) "
        rf"{_YEAR}{_E}(?!\s?\d)",
        # 30 Nov 26: the month named, the year's last two figures (NATO School's bylines, "By
        # the Public Affairs Office, 16 Nov 22"), where the line ends or a comma, a semicolon
        # or a last stop follows ("On 11 Oct 17, the ..."): not "on 5 May 26 people", "24 Dec
        # 10 – 13" (hours), "3 mars 25 €", "30. nov. 25. decembra"
        rf"{_B}{_DAY}\.?\s+{_MONTH}\.?\s+(?P<cyear>\d\d)(?=\s*$|[,;]|\.\s*$)",
    )
)


#: Japanese eras: the Gregorian year before each one's first (令和 began in 2019).
_ERAS = {"令和": 2018, "平成": 1988}

#: Persian, Arabic-Indic and Thai digits, read as the ASCII ones (one character for one: a
#: match's place in the text stays).
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩๐๑๒๓๔๕๖๗๘๙", "0123456789" * 3)
_WIDE_DIGIT = re.compile("[۰-۹٠-٩๐-๙]")
_PERSIAN_DIGIT = re.compile("[۰-۹٠-٩]")
#: The Solar Hijri calendar's months, as Persian writes them, and with the Arabic letters
#: yeh and kaf an older Iranian site types for Persian's ("دي" for "دی").
_SOLAR_MONTHS = {
    spelled: number
    for number, name in enumerate(
        (
            *("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور"),
            *("مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"),
        ),
        start=1,
    )
    for spelled in (name, name.replace("ی", "ي").replace("ک", "ك"))
}
#: What marks a date of the lunar Hijri calendar ("١٣٩٠/٠٥/١٢هـ", "۱۴۴۷ ه.ق").
_LUNAR_MARK = r"(?!\s*(?:هـ(?!\s?\.?\s?ش)|ه\s?\.?\s?ق|ق\b))"
#: A Solar Hijri date: 1405/09/11 (the year first, as Iran writes it) or 11 آذر 1405. Its
#: years (1300-1499 here) are a lunar Hijri year's too, a few decades apart: a lunar year of
#: now reads as a solar one decades ahead, which no page states, and one the page marks
#: lunar (`_LUNAR_MARK`) is none. The figures only in Persian or Arabic-Indic digits
#: (`_solar`): in ASCII digits "1403/11/25" is as likely a file's number ("Ref. No.").
_SOLAR_YEAR = r"(?P<year>1[34]\d\d)"
_SOLAR = (
    re.compile(
        rf"(?<![\d/-]){_SOLAR_YEAR}/(?P<nmonth>0?[1-9]|1[0-2])/(?P<day>0?[1-9]|[12]\d|3[01])"
        rf"(?![\d/]){_LUNAR_MARK}"
    ),
    re.compile(
        rf"{_B}{_DAY}\s+(?P<month>{'|'.join(_SOLAR_MONTHS)})\s+{_SOLAR_YEAR}(?!\d){_LUNAR_MARK}"
    ),
)


#: The Thai months, by name and abbreviated as Thai writes them ("พ.ย.", its stops optional).
_THAI_MONTH_NAMES = (
    *(("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย.")),
    *(("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค.")),
    *(("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค.")),
)
_THAI_MONTHS = {
    name.replace(".", ""): number
    for number, names in enumerate(_THAI_MONTH_NAMES, start=1)
    for name in names
}
#: The Buddhist era's years, 543 ahead of the Gregorian ones.
_BUDDHIST_ERA = 543
#: A Thai date: "27 พ.ย. 2569", "24 พฤศจิกายน พ.ศ. 2569" (the Buddhist era's year, as Thai
#: pages write it), "20 พฤศจิกายน 2026" or "ค.ศ. 2026" (the Gregorian one); its digits may be
#: Thai ("๑๐ พฤศจิกายน ๒๕๖๙", read as ASCII by `_apart`).
_THAI = re.compile(
    rf"(?<!\d){_DAY}\s*(?P<month>"
    + "|".join(
        r"\.?".join(map(re.escape, filter(None, name.split(".")))) + r"\.?"
        if "." in name
        else re.escape(name)
        for name in sorted((n for names in _THAI_MONTH_NAMES for n in names), key=len, reverse=True)
    )
    + r")\s*(?:(?P<era>พ\.\s?ศ\.|ค\.\s?ศ\.)\s*)?(?P<year>2[45]\d\d|(?:19|20)\d\d)(?!\d)"
)
_THAI_LETTER = re.compile("[\u0e01-\u0e4f]")


def _thai(match: re.Match[str], latest: date | None) -> StatedDate | None:
    """The Gregorian day of a Thai date (`_THAI`), or None: no such day, or later than
    ``latest``. A year of the Buddhist era is 543 ahead; one marked "ค.ศ." or in the
    Gregorian range is Gregorian."""
    year = int(match.group("year"))
    if year >= 2400:
        if (match.group("era") or "").startswith("ค"):
            return None  # a Gregorian year that cannot be
        year -= _BUDDHIST_ERA
    month = _THAI_MONTHS[match.group("month").replace(".", "")]
    try:
        day = date(year, month, int(match.group("day")))
    except ValueError:
        return None  # 31 November
    if latest is not None and day > latest + timedelta(days=1):
        return None
    return StatedDate(day)


#: A figure with its calendar's mark written on to it: the Gregorian "2026م" (ميلادي), the
#: lunar Hijri "1448هـ"; read apart ("2026 م"), so that the year ends where its figures do.
_ERA_MARK = re.compile(r"(?<=\d)(?=(?:هـ|م|ه)(?![^\W\d_]))")
#: The lunar Hijri calendar's months, as Arabic writes them and English spells them, their
#: letters only (`_lunar_key`: no space, hyphen or apostrophe; an alef without its hamza or
#: madda, as editors often type it).
_LUNAR_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم", "muharram"),
    2: ("صفر", "safar"),
    3: ("ربيع الأول", "rabi al-awwal", "rabi ul-awwal", "rabi i"),
    4: ("ربيع الآخر", "ربيع الثاني", "rabi al-thani", "rabi al-akhir", "rabi ul-akhir", "rabi ii"),
    5: ("جمادى الأولى", "جمادى الأول", "jumada al-awwal", "jumada al-ula", "jumada i"),
    6: ("جمادى الآخرة", "جمادى الثانية", "jumada al-thani", "jumada al-akhirah", "jumada ii"),
    7: ("رجب", "rajab"),
    8: ("شعبان", "shaban"),
    9: ("رمضان", "ramadan", "ramadhan"),
    10: ("شوال", "shawwal"),
    11: ("ذو القعدة", "ذي القعدة", "dhu al-qadah", "dhul-qadah", "dhu al-qidah", "dhul-qidah"),
    12: ("ذو الحجة", "ذي الحجة", "dhu al-hijjah", "dhul-hijjah"),
}


def _lunar_key(name: str) -> str:
    """``name`` as `_LUNAR_MONTHS` keys it: its letters only, case-folded, each alef bare."""
    letters = "".join(character for character in name.casefold() if character.isalpha())
    return letters.translate(str.maketrans("أإآ", "ااا"))


_LUNAR_MONTHS = {
    _lunar_key(name): number for number, names in _LUNAR_MONTH_NAMES.items() for name in names
}
#: A lunar Hijri year (1343-1500: the Umm al-Qura calendar's years hijridate converts).
_LUNAR_YEAR = r"(?P<year>1[34]\d\d)"
#: What marks a date in figures as the lunar Hijri calendar's: "هـ", "ه.ق", "H", "AH" (not
#: the solar "ه.ش", "هـ.ش", "ه ش").
_SOLAR_SIGN = r"\s?\.?\s?ش"
_LUNAR_MARKED = (
    rf"\s*(?:هـ(?!{_SOLAR_SIGN})|ه\s?\.?\s?ق|ه(?![^\W\d_]|{_SOLAR_SIGN})"
    r"|A\.?H\.?(?![^\W\d_])|H(?![^\W\d_]))"
)
_LUNAR_DAY = r"(?P<day>0?[1-9]|[12]\d|30)"
_LUNAR = (
    # 16/01/1448 H, 1448/01/16هـ: in figures, marked
    re.compile(rf"(?<![\d/-]){_LUNAR_DAY}/(?P<nmonth>0?[1-9]|1[0-2])/{_LUNAR_YEAR}{_LUNAR_MARKED}"),
    re.compile(
        rf"(?<![\d/-]){_LUNAR_YEAR}/(?P<nmonth>0?[1-9]|1[0-2])/{_LUNAR_DAY}(?![\d/]){_LUNAR_MARKED}"
    ),
    # 17 جمادى الأولى 1448, 5 Jumada al-Awwal 1448 AH: the month named (of three words at most)
    re.compile(
        rf"{_B}{_LUNAR_DAY}\s+(?P<month>[^\W\d_][\w'’ʿ-]*(?:\s[^\W\d_][\w'’ʿ-]*){{0,2}})"
        rf"\s+{_LUNAR_YEAR}(?!\d)"
    ),
)
#: Days by which a lunar Hijri date, as the page's calendar counts it (the moon sighted, the
#: arithmetic calendar), may fall from the Umm al-Qura calendar's.
_LUNAR_SLACK = 2


def _lunar_days(text: str) -> list[tuple[int, date]]:
    """The Gregorian days of the lunar Hijri dates ``text`` states (`_LUNAR`), each with where
    it starts, in the order they stand."""
    found = []
    for pattern in _LUNAR:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("month"):
                month = _LUNAR_MONTHS.get(_lunar_key(groups["month"]))
                if month is None:
                    continue
            else:
                month = int(groups["nmonth"])
            try:
                day = Hijri(int(groups["year"]), month, int(groups["day"])).to_gregorian()
            except (ValueError, OverflowError):
                continue  # 30 Safar in a year of 29 days, a year the calendar does not hold
            found.append((match.start(), date(day.year, day.month, day.day)))
    return sorted(found)


#: A year the lunar Hijri calendar has now, or nearly: a text without one needs no `_LUNAR`.
_LUNAR_YEARS = re.compile(r"(?<!\d)1[34]\d\d(?!\d)")


@dataclass(frozen=True)
class StatedDate:
    """A date as a page states it, with the time of day when one is written next to it."""

    day: date
    time: time | None = None

    def as_utc(self, zone: str) -> datetime:
        """The stated moment in UTC, reading a bare time in the newsroom's ``zone``."""
        local = datetime.combine(self.day, self.time or time(0), tzinfo=ZoneInfo(zone))
        return local.astimezone(ZoneInfo("UTC"))


def written_dates(text: str) -> set[date]:
    """The days ``text`` writes with the month's name ("1 December 2026", "December 1,
    2026"), in the months of the table above."""
    days = set()
    for pattern in _PATTERNS[:2]:
        for match in pattern.finditer(text):
            stated = _to_date(match, None)
            if stated is not None:
                days.add(stated.day)
    return days


def find_date(
    text: str, latest: date | None = None, day_first: bool | None = None
) -> StatedDate | None:
    """The first complete date in ``text`` (not after ``latest``), or None. ``day_first``:
    a date such as 05/11/2024, which either order reads, is read the day first (a language
    that writes its dates so, where the line says what the date is); ``False``: the month
    first (the page writes them so); None: as the order shows, else not at all."""
    read, written = _apart(text)
    stated, hijri = _find(read, written, latest, day_first)
    return stated if stated is not None else _lunar_date(read, hijri, latest)


def _apart(text: str) -> tuple[str, str]:
    """``text`` to read dates in (its calendars' marks apart from its figures, `_ERA_MARK`,
    and its Persian and Arabic-Indic digits as ASCII ones, one character for one), and as
    written (its marks apart only: `_solar` asks which digits a year was written in)."""
    if text.isascii():
        return text, text
    written = _ERA_MARK.sub(" ", text)
    wide = _WIDE_DIGIT.search(written) is not None
    return (written.translate(_DIGITS) if wide else written), written


def _find(
    text: str, written: str, latest: date | None, day_first: bool | None
) -> tuple[StatedDate | None, list[tuple[int, date]]]:
    """The first Gregorian or Solar Hijri date of ``text`` (`_apart`'s reading of
    ``written``), and the lunar Hijri days it states (`_lunar_days`), which order a date
    beside them that reads both ways ("7/2/2026 (16/01/1448 H)": 2 July) and are the date
    only where no other is read (`_lunar_date`, the callers' to ask)."""
    wide = text != written
    hijri = _lunar_days(text) if _LUNAR_YEARS.search(text) else []
    near = tuple(day for _, day in hijri)
    best: tuple[int, StatedDate] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            stated = _to_date(match, latest, day_first, near)
            if stated is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), stated)
                break
    for pattern in _SOLAR if wide else ():
        for match in pattern.finditer(text):
            stated = _solar(match, latest, written)
            if stated is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), stated)
                break
    if not text.isascii() and _THAI_LETTER.search(text):
        for match in _THAI.finditer(text):
            stated = _thai(match, latest)
            if stated is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), stated)
                break
    return (best[1] if best else None), hijri


#: A Gregorian date stated beside a lunar one: its year marked "م", or "الموافق" ("which
#: falls on") before it.
_GREGORIAN_STATED = re.compile(r"(?:19|20)\d\d\s?م(?![^\W\d_])|الموافق")


def _lunar_date(text: str, hijri: list[tuple[int, date]], latest: date | None) -> StatedDate | None:
    """The first of the lunar Hijri dates ``hijri`` (`_lunar_days`) of ``text`` not after
    ``latest``; None where the text states the Gregorian day beside them in words not read
    here ("... 1448هـ الموافق 29 تشرين الأول 2026م": the page's day is that one, not the
    calendars' count between)."""
    if hijri and _GREGORIAN_STATED.search(text):
        return None
    for _, day in hijri:
        if latest is None or day <= latest + timedelta(days=1):
            return StatedDate(day)
    return None


def _solar(match: re.Match[str], latest: date | None, original: str) -> StatedDate | None:
    """The Gregorian day of a Solar Hijri date (`_SOLAR`), or None: no such day, later than
    ``latest``, or a year not written in Persian or Arabic-Indic digits in ``original`` (the
    text as written)."""
    if not _PERSIAN_DIGIT.search(original, match.start("year"), match.end("year")):
        return None
    groups = match.groupdict()
    month = int(groups["nmonth"]) if groups.get("nmonth") else _SOLAR_MONTHS[groups["month"]]
    try:
        day = jdatetime.date(int(groups["year"]), month, int(groups["day"])).togregorian()
    except ValueError:
        return None  # 31 Esfand and the like
    if latest is not None and day > latest + timedelta(days=1):
        return None
    return StatedDate(day)


#: A year set apart from its day and month by a stroke: "17 ноября / 2026" (the Russian
#: MFA's missions' pages).
_YEAR_APART = re.compile(r"(?<=[^\W\d_])\.?\s*[/|]\s*(?=(?:19|20)\d\d(?!\d))")


#: A date whose month is a word the table above does not know: "15. Oktober 2017",
#: "12 июля 2017", "Juli 4, 2017", "2 de diciembre de 2026". Only these candidates go to
#: dateparser (slow on whole texts).
#: A month's name is of letters and the marks written on them (the vowel and tone signs of
#: Burmese "နိုဝင်ဘာ 9, 2026", of Thai, of Hindi "नवंबर"), which are no letters to a regex.
_LETTER = rf"(?:[^\W\d_]|[{MARKS}])"
#: Where such a name starts: after no letter, digit or mark (a mark is no ``\w``: after one,
#: a regex would try every place of a long run of Burmese or Hindi, quadratic in its length).
_BW = rf"(?<![\w{MARKS}])"
_OTHER_MONTH = rf"(?P<word>{_LETTER}{{3,}}+)"
#: The same, or a month's name of two words: Irish "24 Meán Fómhair 2026".
_OTHER_MONTHS = rf"(?P<word>{_LETTER}{{3,}}+(?:\s{_LETTER}{{3,}}+)?)"
_CANDIDATES = tuple(
    re.compile(p)
    for p in (
        rf"{_B}{_DAY}\.?\s*{_OTHER_MONTHS}\.?{_COMMA}?\s+{_YEAR}{_E}",
        rf"{_BW}{_OTHER_MONTH}\.?\s+{_DAY}\.?{_COMMA}?\s+{_YEAR}{_E}",
        rf"{_B}{_YEAR}\.\s+{_OTHER_MONTH}\s+{_DAY}\.(?!\d)",
        # Spanish and Portuguese join them with "de": "2 de diciembre de 2026".
        rf"{_B}{_DAY}\s+de\s+{_OTHER_MONTH}\.?,?\s+(?:del?\s+)?{_YEAR}{_E}",
    )
)
#: dateparser settings: the three parts written down, and a fixed base so that it never reads
#: the clock (a date whose three parts are written does not depend on it); dates written out
#: only, never a span of time before the base ("16 Days 2026", a campaign's name, is no day in
#: 1999).
_DATEPARSER_SETTINGS = {
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RELATIVE_BASE": datetime(2000, 1, 1),  # noqa: DTZ001 - only a base, never returned
}


def find_stated_date(
    text: str,
    latest: date | None = None,
    languages: tuple[str, ...] = (),
    day_first: bool | None = None,
) -> StatedDate | None:
    """The first complete date in ``text`` (not after ``latest``), reading the months of the
    table above, then those of ``languages`` (the newsroom's) through dateparser.

    The table comes first because it is exact and fast, and it knows the Serbian and Slovene
    genitives ("29. jula 2017.", "15. julija 2017") that dateparser does not; dateparser only
    sees the short candidates a regex finds, with no language to guess (guessing is slow).
    ``day_first`` as `find_date`'s.
    """
    # "29 أكتوبر 2026م", "٢٦ نوفمبر ٢٠٢٦" read as dateparser reads them
    text, written = _apart(_YEAR_APART.sub(" ", text))
    stated, hijri = _find(text, written, latest, day_first)
    if stated is not None:
        return stated
    known = tuple(code for code in languages if code in _DATEPARSER_LANGUAGES)
    best: tuple[int, StatedDate] | None = None
    for pattern in _CANDIDATES if known else ():
        for match in pattern.finditer(text):
            if match.group("word").casefold() in MONTHS:
                continue  # the table read it (or refused it: a day that does not exist)
            stated = _parse_other(match.group(0), known, latest)
            if stated is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), stated)
                break
    if best is not None:
        return best[1]
    # The lunar Hijri date, where the text states no Gregorian one ("... 1448هـ الموافق 29
    # أكتوبر 2026م" is 29 October, as the page says, whatever the calendars' day between).
    return _lunar_date(text, hijri, latest)


def parse_datetime(text: str, zone: str = "UTC", latest: date | None = None) -> datetime | None:
    """The first stated date (and time) in ``text`` as a tz-aware UTC datetime."""
    stated = find_date(text, latest)
    return stated.as_utc(zone) if stated else None


def _to_date(
    match: re.Match[str],
    latest: date | None,
    day_first: bool | None = None,
    near: tuple[date, ...] = (),
) -> StatedDate | None:
    """The date ``match`` reads; one that reads both ways in the order the lunar Hijri days
    ``near`` it show (`_lunar_order`), else in ``day_first``'s."""
    groups = match.groupdict()
    if groups.get("first"):
        first, second = int(groups["first"]), int(groups["second"])
        if near and (order := _lunar_order(first, second, int(groups["year"]), near)) is not None:
            day_first = order
        if first > 12 or first == second or (day_first and second <= 12):
            groups["day"], groups["nmonth"] = groups["first"], groups["second"]
        elif second > 12 or day_first is False:
            groups["day"], groups["nmonth"] = groups["second"], groups["first"]
        else:
            return _either(match, latest)
    month = (
        int(groups["nmonth"])
        if groups.get("nmonth")
        else MONTHS[" ".join(groups["month"].lower().split())]
    )
    if groups.get("cyear"):  # "30 Nov 26": this century's
        groups["year"] = str(2000 + int(groups["cyear"]))
    if groups.get("era"):  # the era's first year is 元, "the first"
        groups["year"] = str(
            _ERAS[groups["era"]] + (1 if groups["eyear"] == "元" else int(groups["eyear"]))
        )
    try:
        day = date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None  # 31 June and the like: not a date
    # A day ahead allows for time zones; anything later is a typo or not a publication date.
    if latest is not None and day > latest + timedelta(days=1):
        return None
    return StatedDate(day, _time(groups))


def _lunar_order(first: int, second: int, year: int, near: tuple[date, ...]) -> bool | None:
    """Whether the date first/second/``year`` is written the day first (True) or the month
    first (False), as the one of its readings that a lunar Hijri day ``near`` it falls on (to
    `_LUNAR_SLACK` days) shows; None when both or neither do."""
    fits = set()
    for order, (day, month) in ((True, (first, second)), (False, (second, first))):
        try:
            reading = date(year, month, day)
        except ValueError:
            continue
        if any(abs((reading - other).days) <= _LUNAR_SLACK for other in near):
            fits.add(order)
    return fits.pop() if len(fits) == 1 else None


def _either(match: re.Match[str], latest: date | None) -> StatedDate | None:
    """A date such as 03/04/2024, the day first or the month first: the one reading not
    after ``latest`` (10/04/2024 read on 16 April 2024 is not 4 October), else None (no date
    is better than a guess)."""
    year, first, second = (int(match.group(name)) for name in ("year", "first", "second"))
    if latest is None or first > 12 or second > 12:
        return None
    readings = {date(year, month, day) for day, month in ((first, second), (second, first))}
    possible = [day for day in readings if day <= latest + timedelta(days=1)]
    return StatedDate(possible[0], _time(match.groupdict())) if len(possible) == 1 else None


def _time(groups: dict[str, str | None]) -> time | None:
    hour, minute = groups.get("hour"), groups.get("minute")
    return time(int(hour), int(minute)) if hour is not None and minute is not None else None


_DATEPARSER_LANGUAGES = frozenset(language_order)
#: Two-letter codes of languages (ISO 639-1, as dateparser knows them): a path's "/sr/".
LANGUAGE_CODES = frozenset(
    base for code in language_order if len(base := code.split("-")[0].lower()) == 2
)


def _parse_other(
    candidate: str, languages: tuple[str, ...], latest: date | None
) -> StatedDate | None:
    parsed = dateparser.parse(
        candidate, languages=list(languages), settings=dict(_DATEPARSER_SETTINGS)
    )
    if parsed is None:
        return None
    day = parsed.date()
    if latest is not None and day > latest + timedelta(days=1):
        return None
    return StatedDate(day)
