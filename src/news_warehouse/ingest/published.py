"""The publication date an article prints near its top, and removing that metadata from the body.

Only the head of the text is searched, and only lines (or a leading prefix) that are nothing but
date metadata: a date inside a body sentence ("Le 7 janvier 2021, Twitter a suspendu...") is an
event date, not a publication date, and is left to extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from news_warehouse.ingest.article import PublishedDate

MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    "janv": 1, "févr": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11,
    "déc": 12, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# Each pattern names the groups it fills; precision follows from which are present.
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_YEAR}-(?P<month>[01]?\d)(?:-(?P<day>[0-3]?\d))?(?:[T ]\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\d-])"),
    re.compile(rf"\b(?P<day>[0-3]?\d)[/.-](?P<month>[01]?\d)[/.-]{_YEAR}\b"),
    re.compile(rf"\b(?P<day>[0-3]?\d)(?:er)?\s+(?P<month_name>{_MONTH_NAMES})\.?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b(?P<month_name>{_MONTH_NAMES})\.?\s+{_YEAR}\b", re.IGNORECASE),
)
_YEAR_ONLY = re.compile(rf"{_YEAR}\b(?!\s*[-/.]\d)")
_TIME = re.compile(r"\b\d{1,2}\s*(?:[:h]\s*\d{2}(?::\d{2})?|h)\b", re.IGNORECASE)
# Words that may surround a date in a dateline ("Publié le lundi 3 mai 2021 à 10h, mis à jour ...").
_DATELINE_WORDS = frozenset(
    "date publié publiée publication posté postée mis mise modifié modifiée actualisé actualisée "
    "màj maj jour le la à a en ligne par dernière heure update updated published posted on at "
    "lundi mardi mercredi jeudi vendredi samedi dimanche".split()
)
# A metadata prefix glued to the start of the text, e.g. " date 2017-09 Entre Donald Trump...".
_META_PREFIX = re.compile(r"^\s*(?:date|publié(?:e)?(?: le)?|published(?: on)?)\s*:?\s*", re.IGNORECASE)
MAX_DATELINE_CHARS = 160
# Where a publication date was read (PublishedDate.source).
METADATA = "metadata"
PRINTED = "printed"
HEAD_LINES = 6  # non-blank lines searched for a dateline


@dataclass(frozen=True)
class DatedText:
    """The text with its date metadata removed, and the date it gave (None when none was printed)."""

    text: str
    published: PublishedDate | None


def find_date(text: str, source: str) -> tuple[PublishedDate, re.Match[str]] | None:
    """The first valid date written in `text`, with the match that printed it, tagged with `source`."""
    candidates = sorted(
        (match for pattern in DATE_PATTERNS for match in pattern.finditer(text)),
        key=lambda match: (match.start(), -(match.end() - match.start())),
    )
    for match in candidates:
        published = _to_published(match, source)
        if published is not None:
            return published, match
    return None


def parse_date_string(value: str) -> PublishedDate | None:
    """A date from a metadata value (record field, HTML meta tag, JSON-LD) such as "2022-01-06T10:00:00+01:00".

    A timestamp gives its local calendar day as written ("2016-09-09T23:30:00+02:00" is 9 September),
    the day the page printed, not the UTC day.
    """
    found = find_date(value, METADATA)
    if found is not None:
        return found[0]
    year = _YEAR_ONLY.fullmatch(value.strip())
    return PublishedDate(date(int(year["year"]), 1, 1), "year", METADATA) if year else None


def extract_published(text: str) -> DatedText:
    """Take the publication date from a dateline near the top or a leading metadata prefix.

    The dateline or prefix is removed from the returned text. A dateline on the first line wins
    over a prefix, a prefix over a later dateline; within a line the first date wins (so
    "3 novembre 2017 11:33 Mis à jour: 3 novembre 2017 12:35" gives 3 November 2017).
    """
    lines = text.split("\n")
    head = [index for index, line in enumerate(lines) if line.strip()][:HEAD_LINES]
    for position, index in enumerate(head):
        published = _dateline(lines[index])
        if published is None and position == 0:
            prefixed = _date_prefix(text)
            if prefixed is not None:
                return prefixed
        if published is not None:
            return DatedText("\n".join(lines[:index] + lines[index + 1 :]), published)
    return DatedText(text, None)


def _date_prefix(text: str) -> DatedText | None:
    """`date 2017-09 Text...`: a metadata keyword, then a date (or a bare year) starting the text."""
    keyword = _META_PREFIX.match(text)
    if keyword is None:
        return None
    rest = text[keyword.end() :]
    found = find_date(rest, PRINTED)
    if found is None or found[1].start() != 0:
        year = _YEAR_ONLY.match(rest)
        if year is None:
            return None
        found = PublishedDate(date(int(year["year"]), 1, 1), "year", PRINTED), year
    published, match = found
    return DatedText(rest[match.end() :].lstrip(" :,-|"), published)


def _dateline(line: str) -> PublishedDate | None:
    """The date of a line that holds nothing but dates, times and dateline words."""
    if len(line) > MAX_DATELINE_CHARS:
        return None
    found = find_date(line, PRINTED)
    if found is None:
        return None
    leftover = line
    for pattern in DATE_PATTERNS:
        leftover = pattern.sub(" ", leftover)
    leftover = _TIME.sub(" ", leftover)
    words = re.findall(r"[^\W\d_]+", leftover.lower())
    return found[0] if all(word in _DATELINE_WORDS for word in words) else None


def _to_published(match: re.Match[str], source: str) -> PublishedDate | None:
    """The match as a date at its precision; None when it is not a real calendar date."""
    groups = match.groupdict()
    year = int(groups["year"])
    month = MONTHS[groups["month_name"].lower()] if groups.get("month_name") else int(groups["month"])
    day = int(groups["day"]) if groups.get("day") else None
    try:
        return PublishedDate(date(year, month, day or 1), "day" if day else "month", source)
    except ValueError:
        return None
