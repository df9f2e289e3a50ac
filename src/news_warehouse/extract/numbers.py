"""French numbers as news prints them, in digits or in words, with scale words applied.

Money and quantity finders both start from the number spans found here, so that
"41,7 millions", "228 000", "9.000", "treize" and "une dizaine" are read one way only.

Digits follow French typography: the decimal mark is a comma, thousands are grouped by a
space (plain, no-break U+00A0, narrow no-break U+202F or thin U+2009) or by a dot
("9.000"). Number words are read by `text2num`, which handles compound words
("quatre-vingt-dix-sept", "deux millions cinq cent mille") but not a digit followed by a
scale word ("274 millions" stays "274 1000000" in `alpha2digit`), nor the approximate
nouns ("une dizaine"), nor "et demi": those three are handled here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from text_to_num import text2num

APOSTROPHE = "['’ʼ]"
# Spaces that French typography puts between digit groups.
_GROUP_SPACE = "[ \u00a0\u202f\u2009]"

# Thousands grouped by spaces or dots (a dot followed by exactly three digits is a
# thousands mark in French), then an optional decimal part; else plain digits with an
# optional decimal part ("41,7", and "2.5" as English prints it).
_DIGITS = (
    rf"\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?:,\d+)?(?!\d)"
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.])"
    r"|\d{1,3}(?:,\d{3}){2,}(?!\d)"  # "1,234,567": English grouping, never a French decimal
    r"|\d+(?:[.,]\d+)?"
)

_UNIT_WORDS = (
    "zéro|zero|une|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
    "quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?"
)
_SCALE_WORDS = {
    "mille": Decimal(1000),
    "million": Decimal(10) ** 6,
    "millions": Decimal(10) ** 6,
    "milliard": Decimal(10) ** 9,
    "milliards": Decimal(10) ** 9,
    "billion": Decimal(10) ** 12,  # French billion: a million millions
    "billions": Decimal(10) ** 12,
    "millier": Decimal(1000),  # only after an approximate noun: "une centaine de milliers"
    "milliers": Decimal(1000),
}
_SCALE = "milliards?|millions?|billions?|mille"
# Abbreviated scales, only ever glued to a currency sign in French ("2,7M€", "3 Md€", "50 k€").
ABBREVIATED_SCALES = {
    "k": Decimal(1000),
    "K": Decimal(1000),
    "M": Decimal(10) ** 6,
    "Mio": Decimal(10) ** 6,
    "Md": Decimal(10) ** 9,
    "Mds": Decimal(10) ** 9,
    "Mrd": Decimal(10) ** 9,
    "Mrds": Decimal(10) ** 9,
}
ABBREVIATED_SCALE = "Mrds|Mrd|Mds|Md|Mio|M|k|K"
CURRENCY_SIGN = r"[€$£¥₽₹₩]"
# A run of number words: "vingt-trois", "deux cent mille", "soixante et onze".
_WORD = rf"(?:{_UNIT_WORDS}|{_SCALE})"
_WORDS = rf"{_WORD}(?:(?:-et-|-|\s+et\s+(?=un\b|une\b|onze\b)|\s+){_WORD})*"

# Approximate nouns: "une dizaine de comptes" means about ten.
_APPROX_NOUNS = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
}
_APPROX = rf"(?:une?|\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+(?:{'|'.join(_APPROX_NOUNS)})s?"

_HALF = r"\s+et\s+demie?"

NUMBER_RE = re.compile(
    rf"""
    (?<![\w])(?<!\d[.,:/])           # not the tail of a word, a longer number, a time
    (?:
        (?P<approx>{_APPROX})
        (?:\s+(?:de\s+|d{APOSTROPHE}\s*)?(?P<approx_scale>milliers|{_SCALE}))?
      | (?P<digits>{_DIGITS})(?![.,]\d)
        (?!\s*(?:er|re|ère|e|ème|eme|nd|nde|è)\b)   # ordinals: "1er", "2e", "3ème"
        (?:\s*(?P<digit_scale>{_SCALE})\b(?P<digit_half>{_HALF})?)?
      | (?P<words>{_WORDS})\b(?P<word_half>{_HALF})?
    )
    (?!(?!(?:{ABBREVIATED_SCALE})\s*{CURRENCY_SIGN})\w)   # "2,7M€" ends the number at "M"
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A lone article "un"/"une" is not a count ("un employé"); with a scale word it is. A scale
# word without a count ("des millions", "plusieurs milliards") is vague, not a million.
_ARTICLE_RE = re.compile(r"une?", re.IGNORECASE)
_BARE_SCALE_RE = re.compile(r"(?:millions?|milliards?|billions?)\b.*", re.IGNORECASE)
# "pour cent" is a percentage, never the number hundred.
_PERCENT_WORD_RE = re.compile(r"\bpour\s+cents?$", re.IGNORECASE)


@dataclass(frozen=True)
class NumberMatch:
    """One number in a text; `scale` is the scale word's factor (1 when none), kept so a
    range's bare low end ("entre 2 et 3 millions") can borrow its high end's scale."""

    value: Decimal
    is_approximate: bool
    scale: Decimal
    surface_text: str
    char_start: int
    char_end: int


def parse_french_number(text: str) -> Decimal | None:
    """Read one French number ("228 000", "1,2 milliard", "vingt-trois", "une dizaine").

    Returns None when the text is not exactly one number, or is vague ("quelques",
    "des milliers"): a vague count has no value to store.
    """
    match = NUMBER_RE.fullmatch(text.strip())
    if match is None or _is_bare_scale(match):
        return None
    parsed = _value_of(match)
    return None if parsed is None else tidy_decimal(parsed[0])


def find_numbers(text: str) -> list[NumberMatch]:
    """Every countable number in `text`, left to right; lone articles, counts without a
    number ("des millions") and the "cent" of "pour cent" are left out."""
    return list(_numbers_in(text))


@lru_cache(maxsize=4)
def _numbers_in(text: str) -> tuple[NumberMatch, ...]:
    """Cached per text: money and quantities (each also called by the date finder) start from
    the numbers of the same body."""
    found: list[NumberMatch] = []
    for match in NUMBER_RE.finditer(text):
        if _is_lone_article(match) or _is_bare_scale(match) or _is_percent_word(text, match):
            continue
        parsed = _value_of(match)
        if parsed is None:
            continue
        value, scale, is_approximate = parsed
        found.append(
            NumberMatch(
                tidy_decimal(value), is_approximate, scale, match.group(0), match.start(), match.end()
            )
        )
    return tuple(found)


def parse_digits(digits: str) -> Decimal | None:
    """Digits as French prints them; a dot before exactly three digits groups thousands."""
    compact = re.sub(_GROUP_SPACE, "", digits)
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", compact):
        compact = compact.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", compact):
        compact = compact.replace(".", "")
    try:
        return Decimal(compact.replace(",", "."))
    except InvalidOperation:
        return None


def _value_of(match: re.Match[str]) -> tuple[Decimal, Decimal, bool] | None:
    """(value, scale factor, is_approximate) of one NUMBER_RE match, None when unreadable."""
    if match.group("approx"):
        return _approx_value(match.group("approx"), match.group("approx_scale"))
    if match.group("digits"):
        base = parse_digits(match.group("digits"))
        if base is None:
            return None
        scale = _scale_of(match.group("digit_scale"))
        half = Decimal("0.5") if match.group("digit_half") else Decimal(0)
        return (base + half) * scale, scale, False
    return _words_value(match.group("words"), bool(match.group("word_half")))


def _approx_value(phrase: str, scale_word: str | None) -> tuple[Decimal, Decimal, bool] | None:
    """"une dizaine" -> 10, "deux centaines" -> 200, "un millier de milliards" -> 10**12."""
    count_text, noun = phrase.rsplit(maxsplit=1)
    count = parse_digits(count_text) if count_text[0].isdigit() else _words_to_int(count_text)
    if count is None:
        return None
    scale = _scale_of(scale_word)
    unit = Decimal(_APPROX_NOUNS[noun.lower().rstrip("s")])
    return count * unit * scale, scale, True


def _words_value(words: str, has_half: bool) -> tuple[Decimal, Decimal, bool] | None:
    """Number words through text2num; "et demi" adds half of the last scale word."""
    value = _words_to_int(words)
    if value is None:
        return None
    last = words.split()[-1].lower()
    scale = _SCALE_WORDS.get(last, Decimal(1))
    if has_half:
        value += scale / 2
    return value, scale, False


def _words_to_int(words: str) -> Decimal | None:
    normalised = re.sub(r"\s+", " ", words.lower())
    try:
        return Decimal(text2num(normalised, "fr"))
    except ValueError:
        return None


def tidy_decimal(value: Decimal) -> Decimal:
    """1.2 * 10**9 prints as "1200000000", not "1.2E+9" or "1200000000.0"."""
    return value.to_integral_value() if value == value.to_integral_value() else value.normalize()


def _scale_of(word: str | None) -> Decimal:
    return _SCALE_WORDS[word.lower()] if word else Decimal(1)


def _is_lone_article(match: re.Match[str]) -> bool:
    return bool(match.group("words")) and _ARTICLE_RE.fullmatch(match.group(0)) is not None


def _is_bare_scale(match: re.Match[str]) -> bool:
    return bool(match.group("words")) and _BARE_SCALE_RE.fullmatch(match.group(0)) is not None


def _is_percent_word(text: str, match: re.Match[str]) -> bool:
    """The "cent" of "cinq pour cent" is part of a percentage, not the number hundred."""
    return bool(match.group("words")) and _PERCENT_WORD_RE.search(
        text[max(0, match.start() - 6) : match.end()]
    ) is not None


# Words just before a figure that make it approximate, as annotators read them; the
# longest first, so "un peu plus de" wins over "plus de".
_QUALIFIERS = (
    r"un\s+peu\s+(?:plus|moins)\s+(?:de|d{a})",
    r"bien\s+(?:plus|moins)\s+(?:de|d{a})",
    r"pas\s+(?:moins|loin)\s+(?:de|d{a})",
    r"aux\s+alentours\s+(?:de|d{a})",
    r"de\s+l{a}ordre\s+(?:de|d{a})",
    r"près\s+(?:de|d{a})",
    r"plus\s+(?:de|d{a})",
    r"moins\s+(?:de|d{a})",
    r"autour\s+(?:de|d{a})",
    r"au-delà\s+(?:de|d{a})",
    r"au\s+(?:moins|minimum|maximum|bas\s+mot)",
    r"jusqu{a}(?:à|a)",
    r"approximativement",
    r"grosso\s+modo",
    r"environ",
    r"quelque",
    r"presque",
    r"quasiment",
    r"quasi",
    r"pratiquement",
    r"à\s+peine",
    r"ne\s+serait-ce\s+qu{a}",
)
_QUALIFIER_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(q.format(a=APOSTROPHE) for q in _QUALIFIERS) + r")\s*$",
    re.IGNORECASE,
)
_QUALIFIER_REACH = 40


def qualifier_before(text: str, start: int) -> int | None:
    """Where a qualifier ("environ", "près de", "plus d'") ending right before `start`
    begins, or None: such a word makes a figure approximate and annotators include it."""
    window_start = max(0, start - _QUALIFIER_REACH)
    match = _QUALIFIER_RE.search(text, window_start, start)
    return match.start() if match is not None else None
