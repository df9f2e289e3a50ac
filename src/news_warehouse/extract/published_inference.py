"""The publication date of an article that neither its metadata nor a dateline gives.

Used only when ingestion found no date: a guess from the body, grounded in what the text pins
down and never in the day the pipeline runs, so the same text always gets the same guess and
a text that pins nothing down gets none.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from news_warehouse.extract.dates import (
    MONTHS,
    WEEKDAY_DAY_MONTH_RE,
    WEEKDAYS,
    YEAR_CYCLE,
    DateMatch,
    add_months,
    day_number,
    find_dates,
    find_tweet_url_dates,
    qualifies_a_noun,
    safe_date,
)
from news_warehouse.extract.numbers import parse_french_number
from news_warehouse.extract.tense import FUTURE_RE, sentence_of

_HIER_RE = re.compile(r"\bhier\b", re.IGNORECASE)
_AGO_RE = re.compile(r"\bil\s+y\s+a\s+(?P<n>[\w-]+)\s+(?P<u>ans|années?|an|mois)\b", re.IGNORECASE)
# "Publié le 3 mars 2021", "mis en ligne le ...", "mis à jour le ...": the text says it.
_PUBLISHED_LEAD_RE = re.compile(
    r"\b(?:publié|publiée|mis\s+en\s+ligne|mise\s+en\s+ligne|mis\s+à\s+jour|mise\s+à\s+jour)\s+(?:le\s+)?$",
    re.IGNORECASE,
)
# "Il y a N ans" must not put the publication more than this many days after the latest anchor:
# a news article rarely prints nothing of the last two years it reports.
_MAX_AGO_GAP = 730


def infer_published_date(text: str) -> DateMatch | None:
    """Guess the publication date of an article that does not print it as metadata.

    0. A full date the text introduces as its publication ("publié le 3 mars 2021").
    Otherwise a news article is written after everything it reports, so the rule looks for the
    latest moment the text pins down:

    1. Anchors: tweet-URL timestamps and dates printed in full, in sentences that do not
       speak of the future ("le scrutin prévu le 3 novembre 2020" is no anchor). Bare years
       ("en 2021", "depuis 2019") count only as a floor: they are too coarse to be the date,
       and a year that qualifies a noun ("les élections de 2020", "sa campagne 2024") is not
       even that, as it often names something still to come.
    2. A weekday with a day and a month but no year ("lundi 22 mai") fixes the year, since a
       day of the year falls on a given weekday only every 5 to 11 years: the first such year
       on or after the floor, the one most such mentions agree on. The latest of these days
       is the date. Without a floor, nothing fixes the year and the date is unknown.
    3. Otherwise "il y a N ans / mois" read back from a printed event ("banni au début de
       l'année 2021" ... "il y a deux ans" => January 2023): the earliest event + N that is
       not before the latest anchor nor more than `_MAX_AGO_GAP` after it.
    4. Otherwise the latest day- or month-precise anchor.

    A day found in step 2 or 4 is moved one day on when the text says "hier" (it then
    reports yesterday's event).

    Limits: the weekday rule picks the earliest fitting year after the floor, so an article
    from 2023 whose latest printed year is 2015 can be dated 2017; "il y a N ans" is read
    against any printed event, not the one it is about; "hier" may refer to an event other
    than the latest date; a date written without weekday or year ("le 17 août") says nothing
    about the year and is not used.
    """
    found = find_dates(text, None)
    printed = _printed_as_published(text, found)
    if printed is not None:
        return printed
    anchors = _past_anchors(text, found)
    floor = max((a.value for a in anchors), default=None)
    if floor is None:
        return None
    precise = [a for a in anchors if a.precision in ("day", "month")]
    weekday_days = _weekday_days_without_year(text, floor)
    if weekday_days:
        latest = max(weekday_days + precise, key=lambda match: (match.value, match.precision == "day"))
        return _after_hier(text, latest)
    ago = _read_back_from_ago(text, anchors, floor)
    if ago is not None:
        return ago
    if not precise:
        return None
    latest = max(precise, key=lambda match: (match.value, match.precision == "day"))
    return _after_hier(text, latest)


def _printed_as_published(text: str, found: list[DateMatch]) -> DateMatch | None:
    """The first full date right after "publié le", "mis en ligne le", "mis à jour le"."""
    return next(
        (
            match
            for match in found
            if not match.is_relative
            and match.precision == "day"
            and _PUBLISHED_LEAD_RE.search(text[max(0, match.char_start - 30) : match.char_start])
        ),
        None,
    )


def _after_hier(text: str, latest: DateMatch) -> DateMatch:
    """A text that says "hier" reports its latest day the day after it."""
    if latest.precision == "day" and _HIER_RE.search(text):
        return DateMatch(
            latest.value + timedelta(days=1), "day", latest.surface_text, latest.char_start, latest.char_end, True
        )
    return latest


def _past_anchors(text: str, found: list[DateMatch]) -> list[DateMatch]:
    """Tweet timestamps and dates printed in full (`found` without a reference) outside
    sentences about the future; bare years only after a temporal word ("en 2021"), as a floor."""
    return [
        match
        for match in find_tweet_url_dates(text) + found
        if not match.is_relative
        and not FUTURE_RE.search(sentence_of(text, match.char_start, match.char_end))
        and not qualifies_a_noun(text, match)
    ]


def _weekday_days_without_year(text: str, floor: date) -> list[DateMatch]:
    """ "lundi 22 mai" and the like, in the year most of them fit (see `infer_published_date`)."""
    mentions = [
        (match, WEEKDAYS[match.group("wd").lower()], MONTHS[match.group("m").lower()], day_number(match))
        for match in WEEKDAY_DAY_MONTH_RE.finditer(text)
    ]
    if not mentions:
        return []

    def fitting(year: int) -> list[DateMatch]:
        fits = []
        for match, weekday, month, day in mentions:
            value = safe_date(year, month, day)
            if value is not None and value.weekday() == weekday:
                fits.append(DateMatch(value, "day", match.group(0), match.start(), match.end(), True))
        return fits

    years = range(floor.year, floor.year + YEAR_CYCLE + 1)
    best = max((fitting(year) for year in years), key=len)  # first of the best: nearest the floor
    if best and max(b.value for b in best) < floor:
        return []
    return best


def _read_back_from_ago(text: str, anchors: list[DateMatch], floor: date) -> DateMatch | None:
    """Publication = a printed event + "il y a N ans/mois" (see `infer_published_date`)."""
    candidates = []
    for ago in _AGO_RE.finditer(text):
        count = parse_french_number(ago.group("n"))
        if count is None:
            continue
        months = int(count) * (1 if ago.group("u").lower() == "mois" else 12)
        for anchor in anchors:
            value = add_months(anchor.value.replace(day=1), months)
            if floor <= value and (value - floor).days <= _MAX_AGO_GAP:
                precision = anchor.precision if anchor.precision != "day" else "month"
                candidates.append(DateMatch(value, precision, ago.group(0), ago.start(), ago.end(), True))
    return min(candidates, key=lambda c: c.value, default=None)
