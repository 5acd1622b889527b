"""Parse date strings: machine formats (ISO 8601, RFC 2822, epoch) and human-written dates.

Human dates are matched with precompiled regexes (numeric day-first or month-first, month
names in the languages we crawl, Vietnamese "ngày 20 tháng 11 năm 2025") so that scanning a
byline costs microseconds; dateparser is only a last resort for short machine-ish values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MIN_YEAR = 1990
"""Anything older is a parsing accident (birth dates, copyright lines), not a news story."""

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar jänner janvier enero gennaio janeiro januari",
        "february feb februar février fevrier febrero febbraio fevereiro februari",
        "march mar märz mär mrz maerz mars marzo março maart",
        "april apr avril abril aprile",
        "may mai mayo maggio maio mei",
        "june jun juni juin junio giugno junho",
        "july jul juli juillet julio luglio julho",
        "august aug août aout agosto augustus",
        "september sep sept septembre septiembre setiembre settembre setembro",
        "october oct oktober okt octobre octubre ottobre outubro",
        "november nov novembre noviembre novembro",
        "december dec dezember dez décembre decembre diciembre dicembre dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_ALT = MONTH_ALT

# One alternation so a text is scanned once; matches come back in document order.
DATE_RE = re.compile(
    rf"""
    (?:ngày\s+)?(?P<vd>\d{{1,2}})\s+tháng\s+(?P<vm>\d{{1,2}})(?:\s*,?\s*năm|\s*,)?\s+(?P<vy>\d{{4}})
    | (?<![\w.])(?P<nd>\d{{1,2}})(?:\.|st|nd|rd|th)?\s+(?:de\s+)?(?P<nm>{_MONTH_ALT})\.?
      (?:\s+de)?,?\s+(?P<ny>\d{{4}})(?!\d)
    | (?<![\w.])(?P<mm>{_MONTH_ALT})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?
      \s+(?P<my>\d{{4}})(?!\d)
    | (?<![\d/.-])(?P<ya>\d{{4}})(?P<sa>[./-])(?P<ma>\d{{1,2}})(?P=sa)(?P<da>\d{{1,2}})(?![\d])
    | (?<![\d/.-])(?P<a>\d{{1,2}})(?P<sb>[./-])(?P<b>\d{{1,2}})(?P=sb)(?P<yb>\d{{4}}|\d{{2}})
      (?![\d]|\.\d)
    """,
    re.IGNORECASE | re.VERBOSE,
)

_TZ_ABBR: dict[str, int] = {
    "gmt": 0, "utc": 0, "z": 0, "wet": 0, "bst": 60, "ist": 330, "cet": 60, "mez": 60,
    "cest": 120, "mesz": 120, "eet": 120, "eest": 180, "msk": 180, "ict": 420, "wib": 420,
    "hkt": 480, "sgt": 480, "jst": 540, "kst": 540, "aest": 600, "aedt": 660, "nzst": 720,
    "nzdt": 780, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
    "mdt": -360, "pst": -480, "pdt": -420,
}  # fmt: skip
_TZ_ZONES = {
    "et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver",
    "pt": "America/Los_Angeles",
}  # fmt: skip
"""US "ET"/"PT" name a zone, not an offset: resolved with DST (only when upper case)."""
_TZ_ALT = "|".join(sorted([*_TZ_ABBR, *_TZ_ZONES], key=len, reverse=True))

# A time right after the date: "20/11/2025 - 08:30 (GMT+7)", "18. November 2025, 14:05 Uhr",
# "November 17, 2025 9:15 AM", "17 Nov 2025 09:15 GMT", "Thứ Năm, 20/11/2025, 08:30".
TIME_AFTER_RE = re.compile(
    rf"""
    (?:T|[\s,|\-–—•·/(]*(?:(?:lúc|um|at|à|alle|a\s+las|kl\.?|klo\.?|om)\s+)?)
    (?P<h>\d{{1,2}})(?::|h(?=\d))(?P<mi>\d{{2}})(?!\d)(?::(?P<s>\d{{2}}))?
    \s*(?P<ampm>[ap]\.?\s?m\.?(?!\w))?
    (?:\s*(?:uhr|h(?!\w)))?
    (?:\s*\(?\s*(?:(?:gmt|utc)\s*(?P<off>[+-]\s*\d{{1,2}}(?::?\d{{2}})?)|(?P<abbr>{_TZ_ALT})(?!\w)))?
    """,
    re.IGNORECASE | re.VERBOSE,
)

# A time right before the date: "08:30 20/11/2025", "14:05 Uhr, 18.11.2025".
TIME_BEFORE_RE = re.compile(
    r"(?<!\d)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"\s*(?:uhr)?\s*(?:\(?(?:gmt|utc)\s*(?P<off>[+-]\s*\d{1,2}(?::?\d{2})?)\)?"
    rf"|(?P<abbr>{_TZ_ALT})(?!\w))?"
    r"\s*[,|\-–—•·]?\s*(?:ngày\s*)?$",
    re.IGNORECASE,
)

_UPDATED_RE = re.compile(
    r"(?:updated|update:|modified|aktualisiert|geändert|cập nhật|actualizado|actualizada|"
    r"mis à jour|modifié|aggiornato|atualizado|bijgewerkt|oppdatert|uppdaterad|opdateret)"
    r"[^\d]{0,20}$",
    re.IGNORECASE,
)

_EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?$")
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$")
_ISO_FIX_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d):")  # "2025-11-20T8:30" -> zero-pad


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """IANA zone by name; unknown names fall back to UTC rather than failing the page."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def localize(value: datetime, tz_name: str) -> datetime:
    """Attach the source zone to a naive value (zoneinfo picks the DST-correct offset)."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=zone(tz_name))
    return value


def _offset(text: str) -> timezone:
    """'+7', '+07:00', '+0700', '-5' -> fixed offset."""
    text = text.replace(" ", "")
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    if len(digits) <= 2:
        hours, minutes = int(digits), 0
    else:
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


MAX_YEAR = 2200
"""Later is a placeholder (9999-12-31) or garbage, never a real publication or change."""


def sane_datetime(value: datetime | None) -> datetime | None:
    """A date every part of newsmon can store and compare, or None ("no date").

    Feeds, sitemaps and pages carry .NET's MinValue (0001-01-01T00:00:00+01:00, which
    underflows in UTC), 9999-12-31T23:59:59-14:00 (which overflows) and the like:
    such a value is no date, never an exception that drops the article.
    """
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=UTC)
    try:
        in_utc = value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return value if MIN_YEAR <= in_utc.year <= MAX_YEAR else None


def _plausible(value: datetime) -> datetime | None:
    return sane_datetime(value)


def parse_machine_date(value: str, tz_name: str) -> datetime | None:
    """Parse a date from a machine-oriented attribute (JSON-LD, meta content, datetime=).

    Fast path is datetime.fromisoformat; RFC 2822, epoch seconds and compact forms follow;
    then the human-date regexes; dateparser only when all of that fails.
    """
    value = value.strip()
    if not value or len(value) > 80:
        return None
    candidate = value.replace("Z", "+00:00") if value.endswith("Z") else value
    candidate = _ISO_FIX_RE.sub(r"\1T0\2:", candidate)
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        parsed = None
    if parsed is not None:
        return _plausible(localize(parsed, tz_name))
    if _EPOCH_RE.match(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return _plausible(datetime.fromtimestamp(seconds, tz=UTC))
    compact = _COMPACT_RE.match(value)
    if compact:
        parts = [int(p) if p else 0 for p in compact.groups()]
        try:
            return _plausible(localize(datetime(*parts), tz_name))  # type: ignore[misc]
        except ValueError:
            return None
    if value[:3].isalpha() and "," in value[:5]:
        try:
            return _plausible(localize(parsedate_to_datetime(value), tz_name))
        except (TypeError, ValueError, IndexError):
            pass
    found = find_text_dates(value, tz_name, limit=1)
    if found:
        return found[0].value
    return _dateparser(value, tz_name)


def _dateparser(value: str, tz_name: str) -> datetime | None:
    """Slow general parser, imported lazily; only for short values nothing else understood."""
    if not any(ch.isdigit() for ch in value):
        return None
    try:
        import dateparser  # heavy import, rarely needed: keep it lazy
    except ImportError:  # pragma: no cover
        return None
    try:
        parsed = dateparser.parse(
            value,
            settings={"TIMEZONE": tz_name, "RETURN_AS_TIMEZONE_AWARE": True,
                      "PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": True},
        )  # fmt: skip
    except Exception:  # dateparser raises a zoo of exception types on odd input
        return None
    return _plausible(parsed) if parsed else None


@dataclass(frozen=True, slots=True)
class TextDate:
    """A date found in running text, with whether a label marked it as an update time."""

    value: datetime
    start: int
    has_time: bool
    updated: bool


def _month_first(tz_name: str) -> bool:
    """US-style 11/20/2025 is only assumed for US sources; everyone else writes day first."""
    return tz_name.startswith(("America/New_York", "America/Chicago", "America/Denver",
                               "America/Los_Angeles", "America/Phoenix", "America/Anchorage",
                               "America/Detroit", "America/Indiana", "Pacific/Honolulu",
                               "US/"))  # fmt: skip


def _day(match: re.Match[str], month_first: bool) -> date | None:
    g = match.group
    try:
        if g("vy"):
            return date(int(g("vy")), int(g("vm")), int(g("vd")))
        if g("ny"):
            return date(int(g("ny")), _MONTHS[g("nm").lower()], int(g("nd")))
        if g("my"):
            return date(int(g("my")), _MONTHS[g("mm").lower()], int(g("md")))
        if g("ya"):
            return date(int(g("ya")), int(g("ma")), int(g("da")))
        first, second, year = int(g("a")), int(g("b")), int(g("yb"))
        if year < 100:  # "25.04.24": only ever this century in a news byline
            year += 2000
        if first > 12 or (not month_first and second <= 12):
            return date(year, second, first)
        return date(year, first, second)
    except (ValueError, KeyError):
        return None


def _time(match: re.Match[str] | None) -> tuple[int, int, int, tzinfo | None] | None:
    if match is None:
        return None
    hour, minute = int(match.group("h")), int(match.group("mi"))
    second = int(match.group("s") or 0)
    ampm = (match.group("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    tz: tzinfo | None = None
    offset = match.group("off")
    abbr = match.group("abbr")
    if offset:
        try:
            tz = _offset(offset)
        except ValueError:
            tz = None
    elif abbr and abbr.lower() in _TZ_ABBR:
        tz = timezone(timedelta(minutes=_TZ_ABBR[abbr.lower()]))
    elif abbr and abbr.isupper():
        tz = zone(_TZ_ZONES[abbr.lower()])
    return hour, minute, second, tz


def find_text_dates(text: str, tz_name: str, *, limit: int = 5) -> list[TextDate]:
    """Dates (with a time when one is written next to them) in a short text, in order."""
    month_first = _month_first(tz_name)
    found: list[TextDate] = []
    for match in DATE_RE.finditer(text):
        day = _day(match, month_first)
        if day is None or day.year < MIN_YEAR:
            continue
        label_end = match.start()  # where a "Updated"/"Published" label would end
        clock = _time(TIME_AFTER_RE.match(text, match.end()))
        if clock is None:
            window = max(0, match.start() - 40)
            before = TIME_BEFORE_RE.search(text[window : match.start()])
            clock = _time(before)
            if clock is not None and before is not None:
                label_end = window + before.start()
        if clock is None and len(match.group("yb") or "") == 2:
            continue  # "1.2.10" is a version number unless a time vouches for it
        if clock is None:
            value = datetime(day.year, day.month, day.day)
        else:
            value = datetime(day.year, day.month, day.day, clock[0], clock[1], clock[2])
            if clock[3] is not None:
                value = value.replace(tzinfo=clock[3])
        updated = bool(_UPDATED_RE.search(text[max(0, label_end - 40) : label_end]))
        found.append(TextDate(localize(value, tz_name), match.start(), clock is not None, updated))
        if len(found) >= limit:
            break
    return found
