"""Dates in French news text: printed, relative to the publication day, or hidden in tweet URLs.

Every date is the first day of its period with a precision (`day`, `month`, `year`), so that
"juin 2021" is 2021-06-01/month and "en 2016" is 2016-01-01/year. A date is grounded in the
text and its publication date, never in the day the pipeline runs: the same text with the
same publication date gives the same dates on any day.

- Printed in full ("le 7 janvier 2021", "en juin 2021", "en 2016"): read as printed.
- A day and month without a year ("le 27 mars", "lundi 27 mars"): the year nearest the
  publication date; with a weekday, only years in which that day is that weekday; without a
  weekday, on the side of the publication date the sentence's tense gives (see `tense`).
  Without a publication date, the year nearest the article's own full dates. Without either,
  the date is unknown and not reported.
- Relative to the publication date ("hier", "mardi", "mardi prochain", "le mois dernier",
  "la semaine dernière", "ce week-end", "l'été dernier", "il y a deux ans", "en janvier"):
  read against it, and unknown without it. A bare weekday is the latest such day on or
  before the publication day, or the first on or after it when its clause is in the future.
- A period without a day of its own (a week, a weekend, a season) keeps only the precision
  it pins down: the month of a week or weekend, the year of a season.

Regular expressions rather than `dateparser`: `dateparser.search.search_dates` reads
"mercredi 27" as the 27th of the reference month whatever its weekday, "en octobre" as the
next October, gives no offsets, and misses "mercredi dernier"; French date wording is a
small closed set that patterns cover exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from news_warehouse.extract.money import find_money
from news_warehouse.extract.numbers import APOSTROPHE, parse_french_number
from news_warehouse.extract.quantities import find_quantities
from news_warehouse.extract.tense import tense_at


@dataclass(frozen=True)
class DateMatch:
    value: date  # first day of the period
    precision: str  # day / month / year
    surface_text: str
    char_start: int
    char_end: int
    is_relative: bool  # read against the publication date or the article's other dates


MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
}  # fmt: skip
# First month of each season (meteorological seasons: three whole months each).
SEASONS = {"printemps": 3, "été": 6, "automne": 9, "hiver": 12}
_MONTH = "|".join(MONTHS)
_WEEKDAY = "|".join(WEEKDAYS)
_SEASON = "|".join(SEASONS)
_A = APOSTROPHE
_DAY = r"1er|[12]\d|3[01]|0?[1-9]"
_YEAR = r"(?:19|20)\d\d"
# The weekday calendar repeats every 28 years; a year fitting a weekday date is within it.
YEAR_CYCLE = 28

# Twitter snowflake ids carry their creation time; ids below this were sequential.
_TWITTER_EPOCH_MS = 1288834974657
_FIRST_SNOWFLAKE_ID = 30_000_000_000
_TWEET_URL_RE = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?:\w+|i/web)/status(?:es)?/(?P<id>\d+)"
    r"(?:\?[^\s<>\"«»]*)?",
    re.IGNORECASE,
)

Resolved = tuple[date, str, bool]  # value, precision, is_relative


@dataclass(frozen=True)
class _Grounds:
    """What a date without its year is read against."""

    start: date | None  # first day of the publication period
    end: date | None  # its last day (the same day at day precision)
    precision: str  # the publication date's
    anchors: tuple[tuple[date, date], ...]  # the periods of the article's dates printed in full

    def coarse(self) -> Resolved | None:
        """The publication period itself when it is coarser than a day: "hier" or "mardi" read
        against a month says only that month."""
        if self.start is None or self.precision == "day":
            return None
        return self.start, self.precision, True

    def nearest(self, candidates: Iterable[date], tense: str | None = None) -> date | None:
        """The candidate nearest the publication period, else nearest the article's own dates.

        Against the publication date, a clause in the past only takes days up to its end, one
        in the future only days from its start (unless no candidate is on that side); without a
        tense, the nearest day wins, the past winning ties.
        """
        options = list(candidates)
        if not options:
            return None
        if self.start is not None and self.end is not None:
            start, end = self.start, self.end
            side = {
                "past": [o for o in options if o <= end],
                "future": [o for o in options if o >= start],
            }.get(tense or "", options) or options
            return min(side, key=lambda o: (_gap(o, start, end), o > end, self._anchor_gap(o)))
        if self.anchors:
            return min(options, key=lambda o: (self._anchor_gap(o), o))
        return None

    def pivot_years(self) -> list[int]:
        """Years around which to look for a date without its year."""
        if self.start is not None:
            return [self.start.year]
        return sorted({year for first, last in self.anchors for year in (first.year, last.year)})

    def _anchor_gap(self, value: date) -> int:
        return min((_gap(value, first, last) for first, last in self.anchors), default=0)


Handler = Callable[[re.Match[str], _Grounds], Resolved | None]


def find_dates(text: str, reference: date | None, precision: str = "day") -> list[DateMatch]:
    """Every date in `text`, left to right; the longest reading wins where two overlap.

    `reference` is the publication date (first day of its period) and `precision` its
    precision: a month-precision reference reads "le 17 avril" in that April whatever the day.
    """
    printed = _matches(text, _ABSOLUTE, _Grounds(None, None, precision, ()))
    absolute = _longest_without_overlap(_without_figures(text, list(printed)))
    end = period_end(reference, precision) if reference is not None else None
    anchors = tuple(
        (match.value, period_end(match.value, match.precision))
        for match in absolute + find_tweet_url_dates(text)
        if not qualifies_a_noun(text, match)
    )
    relative = list(_matches(text, _RELATIVE, _Grounds(reference, end, precision, anchors)))
    return sorted(_longest_without_overlap(absolute + relative), key=lambda c: c.char_start)


def tweet_status_date(status_id: int) -> date | None:
    """The UTC day a tweet was posted, from its snowflake id; None for pre-2010-11 ids."""
    if status_id < _FIRST_SNOWFLAKE_ID:
        return None
    millis = (status_id >> 22) + _TWITTER_EPOCH_MS
    return datetime.fromtimestamp(millis / 1000, tz=timezone.utc).date()


def find_tweet_url_dates(text: str) -> list[DateMatch]:
    """The posting day of every twitter.com / x.com status URL in `text`."""
    found = []
    for match in _TWEET_URL_RE.finditer(text):
        posted = tweet_status_date(int(match.group("id")))
        if posted is not None:
            surface = match.group(0).rstrip(".,;:!?)")
            found.append(
                DateMatch(posted, "day", surface, match.start(), match.start() + len(surface), False)
            )
    return found


def period_end(first_day: date, precision: str) -> date:
    """The last day of the period that starts on `first_day` at `precision`."""
    if precision == "year":
        return date(first_day.year, 12, 31)
    if precision == "month":
        return add_months(first_day.replace(day=1), 1) - timedelta(days=1)
    return first_day


def _matches(text: str, patterns: tuple[tuple[re.Pattern[str], Handler], ...], grounds: _Grounds) -> Iterator[DateMatch]:
    for pattern, handler in patterns:
        for match in pattern.finditer(text):
            resolved = handler(match, grounds)
            if resolved is not None:
                yield DateMatch(*resolved[:2], match.group(0), match.start(), match.end(), resolved[2])


# --- printed in full ---------------------------------------------------------------------


def _full_day(match: re.Match[str], _: _Grounds) -> Resolved | None:
    """"le 7 janvier 2021", "vendredi 16 février 2018", "1er mars 2020"."""
    day = safe_date(int(match.group("y")), MONTHS[match.group("m").lower()], day_number(match))
    return None if day is None else (day, "day", False)


def _numeric_day(match: re.Match[str], _: _Grounds) -> Resolved | None:
    """"7/01/2021", "07.01.2021", "2021-01-07"."""
    day = safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    return None if day is None else (day, "day", False)


def _month_year(match: re.Match[str], _: _Grounds) -> Resolved | None:
    """"juin 2021", "en juin 2021", "fin juin 2021", "la semaine du 17 mars 2019"."""
    return date(int(match.group("y")), MONTHS[match.group("m").lower()], 1), "month", False


def _season_year(match: re.Match[str], _: _Grounds) -> Resolved | None:
    """"l'été 2019", "à l'automne 2018": the year (a season spans three months)."""
    return date(int(match.group("y")), 1, 1), "year", False


def _year_start(match: re.Match[str], _: _Grounds) -> Resolved | None:
    """"au début de l'année 2021", "début 2021": January, month precision."""
    return date(int(match.group("y")), 1, 1), "month", False


def _year_end(match: re.Match[str], _: _Grounds) -> Resolved | None:
    """"fin 2020", "à la fin de l'année 2020": December, month precision."""
    return date(int(match.group("y")), 12, 1), "month", False


def _year(match: re.Match[str], _: _Grounds) -> Resolved | None:
    """"en 2016", "de 2020", "campagne 2024"."""
    return date(int(match.group("y")), 1, 1), "year", False


# --- read against the publication date or the article's other dates ------------------------


def _day_month(match: re.Match[str], grounds: _Grounds) -> Resolved | None:
    """"le 3 mars", "lundi 3 mars", "le 28 août dernier" (see the module docstring); "le 29
    mars" after "le 29 mars 2019" is that same day again."""
    month, day = MONTHS[match.group("m").lower()], day_number(match)
    groups = match.groupdict()
    if groups.get("wd"):
        weekday = WEEKDAYS[groups["wd"].lower()]
        years = {y for pivot in grounds.pivot_years() for y in range(pivot - YEAR_CYCLE, pivot + YEAR_CYCLE + 1)}
        found = grounds.nearest(d for y in years if (d := safe_date(y, month, day)) and d.weekday() == weekday)
    elif repeated := [first for first, last in grounds.anchors if first == last and (first.month, first.day) == (month, day)]:
        found = grounds.nearest(repeated)
    else:
        relation = (groups.get("rel") or "").lower()
        tense = {"dernier": "past", "prochain": "future"}.get(relation) or tense_at(match.string, match.start(), match.end())
        years = {y for pivot in grounds.pivot_years() for y in (pivot - 1, pivot, pivot + 1)}
        found = grounds.nearest((d for y in years if (d := safe_date(y, month, day))), tense)
    return None if found is None else (found, "day", True)


def _week_of(match: re.Match[str], grounds: _Grounds) -> Resolved | None:
    """"la semaine du 17 mars": the year as for "le 17 mars", kept to the month (no week precision)."""
    resolved = _day_month(match, grounds)
    return None if resolved is None else (resolved[0].replace(day=1), "month", True)


def _month_alone(match: re.Match[str], grounds: _Grounds) -> Resolved | None:
    """"en octobre dernier" (the last October before the publication month), "mai prochain",
    "fin juin", "début août" (the nearest such month, on the side the clause's tense gives)."""
    if grounds.start is None:
        return None
    month = MONTHS[match.group("m").lower()]
    current = grounds.start.replace(day=1)
    relation = (match.group("rel") or "").lower()
    options = [date(grounds.start.year + shift, month, 1) for shift in (-1, 0, 1)]
    if relation == "dernier":
        return max(o for o in options if o < current), "month", True
    if relation == "prochain":
        return min(o for o in options if o > current), "month", True
    found = grounds.nearest(options, tense_at(match.string, match.start(), match.end()))
    return None if found is None else (found, "month", True)


def _relative_month(match: re.Match[str], grounds: _Grounds) -> Resolved | None:
    """"le mois dernier" (also the misspelt "le mois derniers"), "ce mois-ci"."""
    if grounds.start is None:
        return None
    shift = {"dernier": -1, "derniers": -1, "précédent": -1, "passé": -1, "prochain": 1}
    months = shift.get((match.group("rel") or "").lower(), 0)
    return add_months(grounds.start.replace(day=1), months), "month", True


def _relative_year(match: re.Match[str], grounds: _Grounds) -> Resolved | None:
    """"l'année dernière", "l'an dernier", "cette année", "l'an prochain"."""
    if grounds.start is None:
        return None
    relation = (match.group("rel") or "").lower()
    shift = 1 if relation.startswith("prochain") else -1 if relation else 0
    return date(grounds.start.year + shift, 1, 1), "year", True


def _relative_week(match: re.Match[str], grounds: _Grounds) -> Resolved | None:
    """"la semaine dernière", "en début de semaine", "en fin de semaine prochaine": there is no
    week precision, so the month of the day the words point at (Monday, or Friday for "fin")."""
    if grounds.start is None or grounds.end is None:
        return None
    if (coarse := grounds.coarse()) is not None:
        return coarse
    relation = (match.group("rel") or "").lower()
    weeks = 1 if relation.startswith("prochaine") else -1 if relation else 0
    day = grounds.end - timedelta(days=grounds.end.weekday()) + timedelta(weeks=weeks)
    if (match.groupdict().get("part") or "").lower() == "fin":
        day += timedelta(days=4)
    return day.replace(day=1), "month", True


def _weekend(match: re.Match[str], grounds: _Grounds) -> Resolved | None:
    """"ce week-end", "le week-end dernier", "le week-end prochain": the month of its Saturday,
    the latest weekend up to the publication day unless the clause is in the future."""
    if grounds.end is None:
        return None
    if (coarse := grounds.coarse()) is not None:
        return coarse
    relation = (match.group("rel") or "").lower()
    saturday = _weekday_on_or_before(grounds.end, 5)
    if relation in ("dernier", "passé") and grounds.end.weekday() >= 5:
        saturday -= timedelta(weeks=1)
    elif relation == "prochain" or (not relation and tense_at(match.string, match.start(), match.end()) == "future"):
        saturday = _weekday_on_or_after(grounds.end + timedelta(days=1), 5)
    return saturday.replace(day=1), "month", True


def _season(match: re.Match[str], grounds: _Grounds) -> Resolved | None:
    """"l'été dernier", "cet hiver", "au printemps prochain", "l'automne": the year of the
    season (a winter counts in the year of its January). "Dernier" is the latest season over
    before the publication day, "prochain" the first one begun after it; otherwise the latest
    begun by then for a clause in the past, the first not over for one in the future, else
    the nearest (the one under way, if any)."""
    if grounds.start is None or grounds.end is None or not match.group("s").islower():
        return None  # "le Printemps" (a store), "le Printemps arabe": a name, not a season
    first_month = SEASONS[match.group("s").lower()]
    starts = [date(year, first_month, 1) for year in range(grounds.start.year - 2, grounds.start.year + 2)]
    seasons = [(first, add_months(first, 3) - timedelta(days=1)) for first in starts]
    relation = (match.group("rel") or "").lower()
    tense = tense_at(match.string, match.start(), match.end())
    if relation in ("dernier", "passé"):
        first, _ = max(s for s in seasons if s[1] < grounds.start)
    elif relation == "prochain":
        first, _ = min(s for s in seasons if s[0] > grounds.end)
    elif tense == "past":
        first, _ = max(s for s in seasons if s[0] <= grounds.end)
    elif tense == "future":
        first, _ = min(s for s in seasons if s[1] >= grounds.start)
    else:
        first, _ = min(seasons, key=lambda s: (_gap(grounds.start, *s), s[0] > grounds.start))
    year = first.year + 1 if first.month == 12 else first.year
    return date(year, 1, 1), "year", True


def _day_word(match: re.Match[str], grounds: _Grounds) -> Resolved | None:
    """"hier", "avant-hier", "aujourd'hui", "demain", "ce matin", "ce soir"."""
    if grounds.start is None:
        return None
    if (coarse := grounds.coarse()) is not None:
        return coarse
    word = re.sub(r"\s+", " ", match.group(0).lower().replace("’", "'"))
    offsets = {"avant-hier": -2, "hier": -1, "demain": 1, "après-demain": 2}
    return grounds.start + timedelta(days=offsets.get(word, 0)), "day", True


def _weekday_and_day(match: re.Match[str], grounds: _Grounds) -> Resolved | None:
    """"mercredi 27": the 27th of a month that falls on a Wednesday, nearest to the publication
    date (else to the article's printed dates)."""
    weekday, day = WEEKDAYS[match.group("wd").lower()], day_number(match)
    years = {y for pivot in grounds.pivot_years() for y in (pivot - 1, pivot, pivot + 1)}
    fitting = (d for y in years for m in range(1, 13) if (d := safe_date(y, m, day)) and d.weekday() == weekday)
    found = grounds.nearest(fitting)
    return None if found is None else (found, "day", True)


def _weekday(match: re.Match[str], grounds: _Grounds) -> Resolved | None:
    """"jeudi soir", "vendredi": the last such day on or before the publication day, or the
    first on or after it when the clause is in the future ("jeudi, il rencontrera");
    "mercredi dernier" strictly before it; "lundi prochain" strictly after it."""
    if grounds.end is None:
        return None
    if (coarse := grounds.coarse()) is not None:
        return coarse
    weekday = WEEKDAYS[match.group("wd").lower()]
    relation = (match.group("rel") or "").lower()
    if relation == "prochain":
        return _weekday_on_or_after(grounds.end + timedelta(days=1), weekday), "day", True
    if relation == "dernier":
        return _weekday_on_or_before(grounds.end - timedelta(days=1), weekday), "day", True
    if tense_at(match.string, match.start(), match.end()) == "future":
        return _weekday_on_or_after(grounds.end, weekday), "day", True
    return _weekday_on_or_before(grounds.end, weekday), "day", True


def _ago(match: re.Match[str], grounds: _Grounds) -> Resolved | None:
    """"il y a deux ans" (year), "il y a trois mois" (month), "il y a dix jours" (day);
    vague counts ("il y a quelques années") give nothing."""
    count = parse_french_number(match.group("n"))
    if grounds.start is None or count is None:
        return None
    reference, amount, unit = grounds.start, int(count), match.group("u").lower()
    if unit.startswith("an"):
        return date(reference.year - amount, 1, 1), "year", True
    if unit == "mois":
        return add_months(reference.replace(day=1), -amount), "month", True
    if (coarse := grounds.coarse()) is not None:
        return coarse
    days = amount * 7 if unit.startswith("semaine") else amount
    return reference - timedelta(days=days), "day", True


def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE | re.VERBOSE)


# "lundi 22 mai", "le 3 mars dernier": a day and a month without a year.
WEEKDAY_DAY_MONTH_RE = _pattern(rf"\b(?P<wd>{_WEEKDAY})\s+(?P<d>{_DAY})\s+(?P<m>{_MONTH})\b(?!\s+\d)")
_ABSOLUTE: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (_pattern(rf"\b(?:(?:{_WEEKDAY})\s+)?(?P<d>{_DAY})\s+(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b"), _full_day),
    (_pattern(rf"(?<![\d/.])(?P<d>{_DAY})[/.](?P<m>0?[1-9]|1[0-2])[/.](?P<y>{_YEAR})\b"), _numeric_day),
    (_pattern(rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"), _numeric_day),
    (_pattern(rf"\b(?:(?:en|début|fin|mi-|courant)\s*|semaine\s+du\s+(?:{_DAY})\s+(?:au\s+(?:{_DAY})\s+)?)?"
              rf"(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b"), _month_year),
    (_pattern(rf"\b(?:l{_A}|à\s+l{_A}|au\s+|en\s+|cet\s+)(?:{_SEASON})\s+"
              rf"(?:de\s+l{_A}année\s+)?(?P<y>{_YEAR})\b"), _season_year),
    (_pattern(rf"\b(?:au\s+)?début\s+(?:de\s+l{_A}année\s+|d{_A}année\s+)?(?P<y>{_YEAR})\b"), _year_start),
    (_pattern(rf"\b(?:à\s+la\s+)?fin\s+(?:de\s+l{_A}année\s+|d{_A}année\s+)?(?P<y>{_YEAR})\b"), _year_end),
    (_pattern(rf"(?<![\d\u00a0\u202f.,])(?<!\d\s)(?P<y>{_YEAR})(?![\d]|[.,]\d|\s\d{{3}}\b)"), _year),
)  # fmt: skip
_RELATIVE: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (_pattern(rf"\b(?:(?P<wd>{_WEEKDAY})\s+)?(?P<d>{_DAY})\s+(?P<m>{_MONTH})\b(?!\s+\d)"
              r"(?:\s+(?P<rel>dernier|prochain)\b)?"), _day_month),
    (_pattern(rf"\bsemaine\s+du\s+(?P<d>{_DAY})\s+(?:au\s+(?:{_DAY})\s+)?(?P<m>{_MONTH})\b(?!\s+\d)"), _week_of),
    (
        _pattern(
            rf"\b(?:en|début|fin|mi-|courant|depuis|dès|jusqu{_A}en|d{_A}ici|(?:au|le)\s+mois\s+(?:de\s+|d{_A}))"
            rf"\s*(?P<m>{_MONTH})\b(?!\s+\d)(?:\s+(?P<rel>dernier|prochain)\b)?"
        ),
        _month_alone,
    ),
    (_pattern(rf"\b(?P<m>{_MONTH})\s+(?P<rel>dernier|prochain)\b"), _month_alone),
    (_pattern(r"\b(?:le|ce|du|au)\s+mois\s+(?P<rel>derniers?|précédent|prochain|passé)\b|\bce\s+mois-ci\b"),
     _relative_month),
    (_pattern(rf"\bl{_A}(?:année|an)\s+(?P<rel>dernière|dernier|passée|passé|précédente|prochaine|prochain)\b"
              r"|\bcette\s+année\b"), _relative_year),
    (_pattern(r"\b(?:la|cette)\s+semaine\s+(?P<rel>dernière|passée|précédente|prochaine)\b|\bcette\s+semaine\b"),
     _relative_week),
    (_pattern(r"\b(?:en\s+|au\s+)?(?P<part>début|fin)\s+de\s+(?:la\s+)?semaine"
              r"(?:\s+(?P<rel>dernière|passée|prochaine))?\b"), _relative_week),
    (_pattern(r"\b(?:ce|le)\s+week-?end(?:\s+(?P<rel>dernier|passé|prochain))?\b"), _weekend),
    (_pattern(rf"\b(?:l{_A}|à\s+l{_A}|au\s+|cet\s+)(?P<s>{_SEASON})\b(?!\s+(?:{_YEAR})\b)"
              r"(?:\s+(?P<rel>dernier|passé|prochain)\b)?"), _season),
    (_pattern(rf"\b(?:avant-hier|après-demain|hier|aujourd{_A}hui|demain|ce\s+matin|ce\s+soir)\b"), _day_word),
    (_pattern(rf"\b(?P<wd>{_WEEKDAY})\s+(?P<d>{_DAY})\b(?!\s*(?:{_MONTH}|[/.]\d|h\b|heures?))"), _weekday_and_day),
    (
        _pattern(
            rf"\b(?:ce\s+)?(?P<wd>{_WEEKDAY})\b(?:\s+(?P<rel>dernier|prochain)\b)?"
            r"(?:\s+(?:soir|matin|midi|après-midi)\b)?"
        ),
        _weekday,
    ),
    (_pattern(r"\bil\s+y\s+a\s+(?P<n>[\w-]+)\s+(?P<u>ans|années?|an|mois|semaines?|jours?)\b"), _ago),
)  # fmt: skip

# Words before a bare year that make it a time ("en 2021"), not a qualifier ("élections de 2020").
_YEAR_LEAD_RE = _pattern(rf"\b(?:en|depuis|dès|avant|après|jusqu{_A}en|courant|année|fin|début|mi)[\s-]*$")


# --- helpers ---------------------------------------------------------------------------


def qualifies_a_noun(text: str, match: DateMatch) -> bool:
    """A bare year that names a thing ("les élections de 2020", "sa campagne 2024") rather
    than a time ("en 2021", "depuis 2019"): it says when that thing is, not when the text is."""
    if match.precision != "year" or not match.surface_text.isdigit():
        return False
    return not _YEAR_LEAD_RE.search(text[max(0, match.char_start - 30) : match.char_start])


def day_number(match: re.Match[str]) -> int:
    """The day of a match's `d` group ("1er" is 1)."""
    text = match.group("d").lower()
    return 1 if text == "1er" else int(text)


def safe_date(year: int, month: int, day: int) -> date | None:
    """None for impossible dates such as 31 February."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_months(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _gap(value: date, first: date, last: date) -> int:
    """Days from `value` to the period [first, last]; 0 inside it."""
    return max((first - value).days, (value - last).days, 0)


def _weekday_on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _without_figures(text: str, candidates: list[DateMatch]) -> list[DateMatch]:
    """Drop bare years that are really an amount or a count ("2000 euros", "2016 comptes")."""
    bare_years = [c for c in candidates if c.precision == "year" and c.surface_text.isdigit()]
    if not bare_years:
        return candidates
    figures = [*find_money(text), *find_quantities(text)]
    return [
        candidate
        for candidate in candidates
        if candidate not in bare_years
        or not any(f.char_start <= candidate.char_start < f.char_end for f in figures)
    ]


def _longest_without_overlap(candidates: list[DateMatch]) -> list[DateMatch]:
    kept: list[DateMatch] = []
    for candidate in sorted(candidates, key=lambda c: (c.char_start - c.char_end, c.char_start)):
        if all(candidate.char_end <= k.char_start or candidate.char_start >= k.char_end for k in kept):
            kept.append(candidate)
    return kept
