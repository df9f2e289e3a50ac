"""Dates in French news text: printed, relative to the publication day, or hidden in tweet URLs.

Every date is the first day of its period with a precision (`day`, `month`, `year`), so that
"juin 2021" is 2021-06-01/month and "en 2016" is 2016-01-01/year. Relative expressions
("hier", "mercredi dernier", "en octobre dernier", "il y a deux ans") need the article's
publication date as `reference` and are skipped without it.

Regular expressions rather than `dateparser`: `dateparser.search.search_dates` reads
"mercredi 27" as the 27th of the reference month whatever its weekday, "en octobre" as the
next October, gives no offsets, and misses "mercredi dernier"; French date wording is a
small closed set that patterns cover exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from news_warehouse.extract.money import find_money
from news_warehouse.extract.numbers import APOSTROPHE, parse_french_number
from news_warehouse.extract.quantities import find_quantities


@dataclass(frozen=True)
class DateMatch:
    value: date  # first day of the period
    precision: str  # day / month / year
    surface_text: str
    char_start: int
    char_end: int
    is_relative: bool  # read against the reference date rather than printed in full


MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
}  # fmt: skip
_MONTH = "|".join(MONTHS)
_WEEKDAY = "|".join(WEEKDAYS)
_A = APOSTROPHE
_DAY = r"1er|[12]\d|3[01]|0?[1-9]"
_YEAR = r"(?:19|20)\d\d"
# Weekday within a year that a tie-free nearest match can always be found in.
_SEARCH_DAYS = 800

# Twitter snowflake ids carry their creation time; ids below this were sequential.
_TWITTER_EPOCH_MS = 1288834974657
_FIRST_SNOWFLAKE_ID = 30_000_000_000
_TWEET_URL_RE = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?:\w+|i/web)/status(?:es)?/(?P<id>\d+)"
    r"(?:\?[^\s<>\"«»]*)?",
    re.IGNORECASE,
)

Resolved = tuple[date, str, bool]  # value, precision, is_relative
Handler = Callable[[re.Match[str], date | None], Resolved | None]


def find_dates(text: str, reference: date | None) -> list[DateMatch]:
    """Every date in `text`, left to right; the longest reading wins where two overlap.

    `reference` is the publication day; a month-precision reference (its first day) works,
    since weekday-and-day forms take the nearest matching day on either side of it.
    """
    candidates = [
        DateMatch(*resolved[:2], match.group(0), match.start(), match.end(), resolved[2])
        for pattern, handler in _PATTERNS
        for match in pattern.finditer(text)
        if (resolved := handler(match, reference)) is not None
    ]
    candidates = _without_figures(text, candidates)
    return sorted(_longest_without_overlap(candidates), key=lambda c: c.char_start)


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


def infer_published_date(text: str) -> DateMatch | None:
    """Guess the publication date of an article that does not print it.

    A news article is written after everything it reports, so the rule looks for the latest
    moment the text pins down without a reference date, in three steps:

    1. Anchors: tweet-URL timestamps and dates printed in full, in sentences that do not
       speak of the future ("le scrutin prévu le 3 novembre 2020" is no anchor). Bare years
       ("en 2021", "depuis 2019") count only as a floor: they are too coarse to be the date,
       and a year that qualifies a noun ("les élections de 2020", "sa campagne 2024") is not
       even that, as it often names something still to come.
    2. A weekday with a day and a month but no year ("lundi 22 mai") fixes the year, since a
       day of the year falls on a given weekday only every 5 to 11 years: the first such year
       on or after the floor, the one most such mentions agree on. Without a floor, the most
       recent such year that is not in the future (the pipeline lands current news). The
       latest of these days is the date.
    3. Otherwise "il y a N ans / mois" read back from a printed event ("banni au début de
       l'année 2021" ... "il y a deux ans" => January 2023): the earliest event + N that is
       not before the latest anchor, nor more than `_MAX_AGO_GAP` after it, nor in the future.
    4. Otherwise the latest day- or month-precise anchor.

    A day found in step 2 or 4 is moved one day on when the text says "hier" (it then
    reports yesterday's event).

    Limits: the weekday rule picks the earliest fitting year after the floor, so an article
    from 2023 whose latest printed year is 2015 can be dated 2017; without any printed year
    it relies on today's date, so the same text can be read differently once a new fitting
    year has passed; "il y a N ans" is read against any printed event, not the one it is
    about; "hier" may refer to an event other than the latest date; a date written without
    weekday or year ("le 17 août") says nothing about the year and is not used.
    """
    anchors = _past_anchors(text)
    floor = max((a.value for a in anchors), default=None)
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


def _today() -> date:
    """The extraction day, the latest an article can be published (patched in tests)."""
    return date.today()


def _after_hier(text: str, latest: DateMatch) -> DateMatch:
    """A text that says "hier" reports its latest day the day after it."""
    if latest.precision == "day" and _HIER_RE.search(text):
        return DateMatch(
            latest.value + timedelta(days=1), "day", latest.surface_text, latest.char_start, latest.char_end, True
        )
    return latest


def _past_anchors(text: str) -> list[DateMatch]:
    """Tweet timestamps and printed dates outside sentences about the future; bare years only
    after a temporal word ("en 2021"), as a floor."""
    found = []
    for match in find_tweet_url_dates(text) + find_dates(text, None):
        if match.is_relative and not match.surface_text.lower().startswith("http"):
            continue
        if _in_future_sentence(text, match):
            continue
        lead = text[max(0, match.char_start - 30) : match.char_start]
        if match.precision == "year" and match.surface_text.isdigit() and not _YEAR_LEAD_RE.search(lead):
            continue
        found.append(match)
    return found


def _in_future_sentence(text: str, match: DateMatch) -> bool:
    return bool(_FUTURE_RE.search(_sentence_of(text, match.char_start, match.char_end)))


def _weekday_days_without_year(text: str, floor: date | None) -> list[DateMatch]:
    """ "lundi 22 mai" and the like, in the year most of them fit (see `infer_published_date`)."""
    mentions = [
        (match, WEEKDAYS[match.group("wd").lower()], MONTHS[match.group("m").lower()], _day(match))
        for match in _WEEKDAY_DAY_MONTH_RE.finditer(text)
    ]
    if not mentions:
        return []
    today = _today()
    if floor is not None:
        years = list(range(floor.year, floor.year + _YEAR_CYCLE + 1))
    else:
        years = list(range(today.year, today.year - _YEAR_CYCLE - 1, -1))

    def fitting(year: int) -> list[DateMatch]:
        fits = []
        for match, weekday, month, day in mentions:
            value = _safe_date(year, month, day)
            if value is not None and value.weekday() == weekday and value <= today:
                fits.append(DateMatch(value, "day", match.group(0), match.start(), match.end(), True))
        return fits

    best = max((fitting(year) for year in years), key=len)  # first of the best: nearest the floor / today
    if floor is not None and best and max(b.value for b in best) < floor:
        return []
    return best


def _read_back_from_ago(text: str, anchors: list[DateMatch], floor: date | None) -> DateMatch | None:
    """Publication = a printed event + "il y a N ans/mois" (see `infer_published_date`)."""
    if floor is None:
        return None
    today = _today()
    candidates = []
    for ago in _AGO_RE.finditer(text):
        count = parse_french_number(ago.group("n"))
        if count is None:
            continue
        months = int(count) * (1 if ago.group("u").lower() == "mois" else 12)
        for anchor in anchors:
            value = _add_months(anchor.value.replace(day=1), months)
            if floor <= value <= today and (value - floor).days <= _MAX_AGO_GAP:
                candidates.append(DateMatch(value, anchor.precision if anchor.precision != "day" else "month",
                                            ago.group(0), ago.start(), ago.end(), True))
    return min(candidates, key=lambda c: c.value, default=None)


# --- handlers: one per way of writing a date ------------------------------------------


def _full_day(match: re.Match[str], _: date | None) -> Resolved | None:
    """"le 7 janvier 2021", "vendredi 16 février 2018", "1er mars 2020"."""
    day = _safe_date(int(match.group("y")), MONTHS[match.group("m").lower()], _day(match))
    return None if day is None else (day, "day", False)


def _numeric_day(match: re.Match[str], _: date | None) -> Resolved | None:
    """"7/01/2021", "07.01.2021", "2021-01-07"."""
    day = _safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    return None if day is None else (day, "day", False)


def _day_month(match: re.Match[str], reference: date | None) -> Resolved | None:
    """"le 3 mars": the year that puts it nearest to the reference, on the side the sentence's
    tense says ("l'avait sanctionné le 3 mars": before it; "sera votée le 3 mars": after it)."""
    if reference is None:
        return None
    month, day = MONTHS[match.group("m").lower()], _day(match)
    options = [_safe_date(reference.year + shift, month, day) for shift in (-1, 0, 1)]
    valid = [option for option in options if option is not None]
    tense = _sentence_tense(match)
    if tense == "past":
        valid = [option for option in valid if option <= reference] or valid
    elif tense == "future":
        valid = [option for option in valid if option >= reference] or valid
    if not valid:
        return None
    return min(valid, key=lambda option: (abs(option - reference), option > reference)), "day", True


def _month_year(match: re.Match[str], _: date | None) -> Resolved | None:
    """"juin 2021", "en juin 2021", "fin juin 2021"."""
    return date(int(match.group("y")), MONTHS[match.group("m").lower()], 1), "month", False


def _month_alone(match: re.Match[str], reference: date | None) -> Resolved | None:
    """"en octobre dernier" (the last October before the reference month), "mai
    prochain", "fin juin", "début août" (the nearest such month to the reference, on the side
    the sentence's tense says: "l'avait sanctionnée en janvier" is the last January)."""
    if reference is None:
        return None
    month = MONTHS[match.group("m").lower()]
    this_year = date(reference.year, month, 1)
    current = date(reference.year, reference.month, 1)
    relation = (match.group("rel") or "").lower()
    if relation == "dernier":
        return _add_months(this_year, -12) if this_year >= current else this_year, "month", True
    if relation == "prochain":
        return _add_months(this_year, 12) if this_year <= current else this_year, "month", True
    options = [_add_months(this_year, shift) for shift in (-12, 0, 12)]
    tense = _sentence_tense(match)
    if tense == "past":
        options = [option for option in options if option <= current]
    elif tense == "future":
        options = [option for option in options if option >= current]
    nearest = min(options, key=lambda option: (abs(option - current), option > current))
    return nearest, "month", True


def _relative_month(match: re.Match[str], reference: date | None) -> Resolved | None:
    """"le mois dernier" (also the misspelt "le mois derniers"), "ce mois-ci"."""
    if reference is None:
        return None
    shift = {"dernier": -1, "derniers": -1, "précédent": -1, "passé": -1, "prochain": 1}
    months = shift.get((match.group("rel") or "").lower(), 0)
    return _add_months(date(reference.year, reference.month, 1), months), "month", True


def _relative_year(match: re.Match[str], reference: date | None) -> Resolved | None:
    """"l'année dernière", "l'an dernier", "cette année", "l'an prochain"."""
    if reference is None:
        return None
    relation = (match.group("rel") or "").lower()
    shift = 1 if relation.startswith("prochain") else -1 if relation else 0
    return date(reference.year + shift, 1, 1), "year", True


def _relative_week(match: re.Match[str], reference: date | None) -> Resolved | None:
    """"la semaine dernière": there is no week precision, so the month of its Monday."""
    if reference is None:
        return None
    relation = (match.group("rel") or "").lower()
    weeks = 1 if relation.startswith("prochaine") else -1 if relation else 0
    monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=weeks)
    return date(monday.year, monday.month, 1), "month", True


def _day_word(match: re.Match[str], reference: date | None) -> Resolved | None:
    """"hier", "avant-hier", "aujourd'hui", "demain"."""
    if reference is None:
        return None
    word = match.group(0).lower().replace("’", "'")
    offsets = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "demain": 1, "après-demain": 2}
    return reference + timedelta(days=offsets[word]), "day", True


def _weekday_and_day(match: re.Match[str], reference: date | None) -> Resolved | None:
    """"mercredi 27": the day 27 falling on a Wednesday nearest to the reference."""
    if reference is None:
        return None
    weekday, day = WEEKDAYS[match.group("wd").lower()], _day(match)
    fits = (
        candidate
        for offset in _alternating(_SEARCH_DAYS)
        if (candidate := reference + timedelta(days=offset)).day == day
        and candidate.weekday() == weekday
    )
    found = next(fits, None)
    return None if found is None else (found, "day", True)


def _weekday(match: re.Match[str], reference: date | None) -> Resolved | None:
    """"jeudi soir", "vendredi": the last such day on or before the reference;
    "mercredi dernier" strictly before it; "lundi prochain" strictly after it."""
    if reference is None:
        return None
    weekday = WEEKDAYS[match.group("wd").lower()]
    relation = (match.group("rel") or "").lower()
    if relation == "prochain":
        return reference + timedelta(days=(weekday - reference.weekday() - 1) % 7 + 1), "day", True
    back = (reference.weekday() - weekday) % 7
    if relation == "dernier" and back == 0:
        back = 7
    return reference - timedelta(days=back), "day", True


def _ago(match: re.Match[str], reference: date | None) -> Resolved | None:
    """"il y a deux ans" (year), "il y a trois mois" (month), "il y a dix jours" (day);
    vague counts ("il y a quelques années") give nothing."""
    count = parse_french_number(match.group("n"))
    if reference is None or count is None:
        return None
    amount, unit = int(count), match.group("u").lower()
    if unit.startswith("an"):
        return date(reference.year - amount, 1, 1), "year", True
    if unit == "mois":
        return _add_months(date(reference.year, reference.month, 1), -amount), "month", True
    days = amount * 7 if unit.startswith("semaine") else amount
    return reference - timedelta(days=days), "day", True


def _year_start(match: re.Match[str], _: date | None) -> Resolved | None:
    """"au début de l'année 2021", "début 2021": January, month precision."""
    return date(int(match.group("y")), 1, 1), "month", False


def _year_end(match: re.Match[str], _: date | None) -> Resolved | None:
    """"fin 2020", "à la fin de l'année 2020": December, month precision."""
    return date(int(match.group("y")), 12, 1), "month", False


def _year(match: re.Match[str], _: date | None) -> Resolved | None:
    """"en 2016", "de 2020", "campagne 2024"."""
    return date(int(match.group("y")), 1, 1), "year", False


def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE | re.VERBOSE)


_PATTERNS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (_pattern(rf"\b(?:(?:{_WEEKDAY})\s+)?(?P<d>{_DAY})\s+(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b"), _full_day),
    (_pattern(rf"(?<![\d/.])(?P<d>{_DAY})[/.](?P<m>0?[1-9]|1[0-2])[/.](?P<y>{_YEAR})\b"), _numeric_day),
    (_pattern(rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"), _numeric_day),
    (_pattern(rf"\b(?:(?:{_WEEKDAY})\s+)?(?P<d>{_DAY})\s+(?P<m>{_MONTH})\b(?!\s+\d)"), _day_month),
    (_pattern(rf"\b(?:(?:en|début|fin|mi-|courant)\s*)?(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b"), _month_year),
    (
        _pattern(
            rf"\b(?:en|début|fin|mi-|courant|depuis|dès|jusqu{_A}en|d{_A}ici|(?:au|le)\s+mois\s+(?:de\s+|d{_A}))"
            rf"\s*(?P<m>{_MONTH})\b(?!\s+\d)(?:\s+(?P<rel>dernier|prochain)\b)?"
        ),
        _month_alone,
    ),
    (_pattern(rf"\b(?P<m>{_MONTH})\s+(?P<rel>dernier|prochain)\b"), _month_alone),
    (_pattern(r"\b(?:le|ce|du|au)\s+mois\s+(?P<rel>derniers?|précédent|prochain|passé)\b|\bce\s+mois-ci\b"), _relative_month),
    (_pattern(rf"\bl{_A}(?:année|an)\s+(?P<rel>dernière|dernier|passée|passé|précédente|prochaine|prochain)\b|\bcette\s+année\b"), _relative_year),
    (_pattern(r"\b(?:la|cette)\s+semaine\s+(?P<rel>dernière|passée|précédente|prochaine)\b|\bcette\s+semaine\b"), _relative_week),
    (_pattern(rf"\b(?:avant-hier|après-demain|hier|aujourd{_A}hui|demain)\b"), _day_word),
    (_pattern(rf"\b(?P<wd>{_WEEKDAY})\s+(?P<d>{_DAY})\b(?!\s*(?:{_MONTH}|[/.]\d|h\b|heures?))"), _weekday_and_day),
    (
        _pattern(
            rf"\b(?:ce\s+)?(?P<wd>{_WEEKDAY})\b(?:\s+(?P<rel>dernier|prochain)\b)?"
            r"(?:\s+(?:soir|matin|midi|après-midi)\b)?"
        ),
        _weekday,
    ),
    (_pattern(r"\bil\s+y\s+a\s+(?P<n>[\w-]+)\s+(?P<u>ans|années?|an|mois|semaines?|jours?)\b"), _ago),
    (_pattern(rf"\b(?:au\s+)?début\s+(?:de\s+l{_A}année\s+|d{_A}année\s+)?(?P<y>{_YEAR})\b"), _year_start),
    (_pattern(rf"\b(?:à\s+la\s+)?fin\s+(?:de\s+l{_A}année\s+|d{_A}année\s+)?(?P<y>{_YEAR})\b"), _year_end),
    (_pattern(rf"(?<![\d\u00a0\u202f.,])(?<!\d\s)(?P<y>{_YEAR})(?![\d]|[.,]\d|\s\d{{3}}\b)"), _year),
)  # fmt: skip

_HIER_RE = re.compile(r"\bhier\b", re.IGNORECASE)
_WEEKDAY_DAY_MONTH_RE = _pattern(rf"\b(?P<wd>{_WEEKDAY})\s+(?P<d>{_DAY})\s+(?P<m>{_MONTH})\b(?!\s+\d)")
_AGO_RE = _pattern(r"\bil\s+y\s+a\s+(?P<n>[\w-]+)\s+(?P<u>ans|années?|an|mois)\b")
# Words before a bare year that make it a time ("en 2021"), not a qualifier ("élections de 2020").
_YEAR_LEAD_RE = _pattern(rf"\b(?:en|depuis|dès|avant|après|jusqu{_A}en|courant|année|fin|début|mi)[\s-]*$")
# A sentence with one of these speaks of what is to come: its dates are no anchor.
_FUTURE_RE = _pattern(
    r"\b(?:sera|seront|aura|auront|devra|devront|pourra|pourront|prévue?s?|prochaine?s?|d['’]ici|à\s+venir|"
    r"doit|doivent|devrait|devraient|programmée?s?)\b"
)
# A compound past or an imperfect: "a été déposée", "l'avait sanctionnée", "circulaient".
_PAST_RE = _pattern(
    r"\b(?:avait|avaient|a|ont|avons|avez|était|étaient|est|sont|fut|furent)\s+(?:\w+\s+){0,2}?"
    r"\w+(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues|it|ite|its|ert|erte|ort|orte)\b|\b\w{3,}(?:ait|aient)\b"
)
# The weekday calendar repeats every 28 years; a year fitting a weekday date is within it.
_YEAR_CYCLE = 28
# "Il y a N ans" must not put the publication more than this many days after the latest anchor:
# a news article rarely prints nothing of the last two years it reports.
_MAX_AGO_GAP = 730


# --- helpers ---------------------------------------------------------------------------


def _day(match: re.Match[str]) -> int:
    text = match.group("d").lower()
    return 1 if text == "1er" else int(text)


def _safe_date(year: int, month: int, day: int) -> date | None:
    """None for impossible dates such as 31 February."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _alternating(limit: int) -> Iterator[int]:
    """0, -1, 1, -2, 2, ...: nearest first, the past winning ties."""
    yield 0
    for offset in range(1, limit + 1):
        yield -offset
        yield offset


def _without_figures(text: str, candidates: list[DateMatch]) -> list[DateMatch]:
    """Drop bare years that are really an amount or a count ("2000 euros", "2016 comptes")."""
    bare_years = [c for c in candidates if c.precision == "year" and not c.is_relative]
    if not bare_years:
        return candidates
    figures = [*find_money(text), *find_quantities(text)]
    return [
        candidate
        for candidate in candidates
        if candidate not in bare_years
        or not any(f.char_start <= candidate.char_start < f.char_end for f in figures)
    ]


def _sentence_of(text: str, start: int, end: int) -> str:
    """The sentence (cut at . ! ? and line breaks) around text[start:end]."""
    first = max(text.rfind(stop, 0, start) for stop in ".!?\n") + 1
    ends = [i for i in (text.find(stop, end) for stop in ".!?\n") if i != -1]
    return text[first : min(ends, default=len(text))]


def _sentence_tense(match: re.Match[str]) -> str | None:
    """ "past" or "future" when the sentence around a date without year says which; else None.

    A date without year is read against the publication day: a sentence in a past tense
    ("l'avait sanctionnée en janvier") puts it before, one about the future after; a sentence
    with both, or neither, leaves the nearest reading.
    """
    sentence = _sentence_of(match.string, match.start(), match.end())
    past, future = bool(_PAST_RE.search(sentence)), bool(_FUTURE_RE.search(sentence))
    if past == future:
        return None
    return "past" if past else "future"


def _longest_without_overlap(candidates: list[DateMatch]) -> list[DateMatch]:
    kept: list[DateMatch] = []
    for candidate in sorted(candidates, key=lambda c: (c.char_start - c.char_end, c.char_start)):
        if all(candidate.char_end <= k.char_start or candidate.char_start >= k.char_end for k in kept):
            kept.append(candidate)
    return kept
