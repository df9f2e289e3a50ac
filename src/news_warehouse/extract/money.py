"""Amounts of money in French news text, as ISO 4217 amounts with scale words applied.

A figure is a number (see `numbers`) with a currency right after it ("228 000 euros",
"41,7 millions d'euros", "2,7M€", "10 millions de dollars canadiens") or a currency
sign right before it ("$50,000", "US$ 3 millions", "£10"). A qualifier just before it
("environ", "près de", "plus de", ...) marks it approximate and belongs to its surface,
as annotators mark it. "entre 2 et 3 millions d'euros" is one figure with a high bound.

Left out on purpose: donation and subscription appeals ("Soutenez-nous à partir de 1€",
"1 € par mois"), per-minute phone rates, and anything without a currency (years,
percentages, phone numbers never carry one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from news_warehouse.extract.numbers import (
    ABBREVIATED_SCALE,
    ABBREVIATED_SCALES,
    APOSTROPHE,
    NumberMatch,
    find_numbers,
    parse_digits,
    qualifier_before,
    tidy_decimal,
)


@dataclass(frozen=True)
class MoneyMatch:
    amount: Decimal  # scale words applied; the low bound of a range
    currency_code: str  # ISO 4217
    is_approximate: bool
    surface_text: str
    char_start: int
    char_end: int
    amount_high: Decimal | None = None  # high bound of "entre 2 et 3 millions d'euros"


# Currency names written after the amount, most specific first ("dollars canadiens"
# before "dollars"). Adjectives agree in number, hence the optional plural endings.
_CURRENCY_WORDS: tuple[tuple[str, str], ...] = (
    (r"dollars?\s+canadiens?", "CAD"),
    (r"dollars?\s+australiens?", "AUD"),
    (r"dollars?\s+néo-zélandais", "NZD"),
    (r"dollars?\s+(?:de\s+Hong\s+Kong|hongkongais)", "HKD"),
    (r"dollars?\s+(?:de\s+Singapour|singapouriens?)", "SGD"),
    (r"dollars?\s+(?:taïwanais|de\s+Taïwan)", "TWD"),
    (r"dollars?(?:\s+(?:américains?|US|étatsuniens?|états-uniens?))?", "USD"),
    (r"euros?", "EUR"),
    (r"livres?\s+(?:sterling|britanniques?)", "GBP"),
    (r"livres?\s+turques?|(?:nouvelles?\s+)?lires?\s+turques?", "TRY"),
    (r"francs?\s+suisses?", "CHF"),
    (r"francs?\s+CFA", "XOF"),
    (r"yuans?|renminbis?", "CNY"),
    (r"yens?", "JPY"),
    (r"roubles?", "RUB"),
    (r"réaux|reais|réals?|reals?(?:\s+brésiliens?)?", "BRL"),
    (r"roupies?(?:\s+indiennes?)?", "INR"),
    (r"wons?(?:\s+sud-coréens?)?", "KRW"),
    (r"couronnes?\s+suédoises?", "SEK"),
    (r"couronnes?\s+norvégiennes?", "NOK"),
    (r"couronnes?\s+danoises?", "DKK"),
    (r"zlotys?|zlotés?", "PLN"),
    (r"hryvnias?", "UAH"),
    (r"shekels?|sheqels?", "ILS"),
    (r"pesos?\s+mexicains?", "MXN"),
    (r"pesos?\s+argentins?", "ARS"),
    (r"rands?", "ZAR"),
    (r"bahts?(?:\s+thaïlandais)?", "THB"),
    (r"livres?\s+égyptiennes?", "EGP"),
    (r"livres?\s+libanaises?", "LBP"),
    (r"dirhams?\s+marocains?", "MAD"),
    (r"dirhams?(?:\s+émiratis)?", "AED"),
    (r"riyals?(?:\s+saoudiens?)?", "SAR"),
    (r"dinars?\s+algériens?", "DZD"),
    (r"dinars?\s+tunisiens?", "TND"),
    (r"nairas?", "NGN"),
    (r"ringgits?", "MYR"),
    (r"roupies?\s+indonésiennes?", "IDR"),
    (r"pesos?\s+philippins?", "PHP"),
    (r"forints?", "HUF"),
    (r"couronnes?\s+tchèques?", "CZK"),
)
# Bare "livres" is also "books": it is read as pounds only after a scale word
# ("10 millions de livres"), where books are rarely counted.
_SCALED_ONLY_WORDS: tuple[tuple[str, str], ...] = ((r"livres?", "GBP"),)
_ISO_CODES = ("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "JPY", "CNY", "RUB", "BRL", "INR")
# Signs before or after the amount, longest first so "US$" is not read as "$".
_SIGNS: tuple[tuple[str, str], ...] = (
    (r"US\s?\$", "USD"),
    (r"(?:CA|C)\$", "CAD"),
    (r"(?:AU|A)\$", "AUD"),
    (r"HK\$", "HKD"),
    (r"R\$", "BRL"),
    (r"\$", "USD"),
    (r"€", "EUR"),
    (r"£", "GBP"),
    (r"¥", "JPY"),
    (r"₽", "RUB"),
    (r"₹", "INR"),
    (r"₩", "KRW"),
)

_END = r"(?![\w$€£])"  # a whole word: "euros" but not the start of "eurosceptique"


def _group(name: str, pairs: tuple[tuple[str, str], ...]) -> str:
    return "|".join(f"(?P<{name}{i}>{pattern})" for i, (pattern, _) in enumerate(pairs))


_DE = rf"(?:de\s+|d{APOSTROPHE}\s*)"
_ISO = "|".join(_ISO_CODES)
# What may follow an amount: an optional abbreviated scale glued to a sign ("M€"), an
# optional "de"/"d'" (only grammatical after a scale word), then the currency.
_AFTER_RE = re.compile(
    rf"""
    (?:\s*(?P<abbr>{ABBREVIATED_SCALE})(?=\s*(?:[€$£]|{_DE}|(?:{_ISO})\b)))?
    \s*(?P<de>{_DE})?
    (?:
        (?P<iso>{_ISO})\b
      | {_group("sign", _SIGNS)}
      | (?:{_group("word", _CURRENCY_WORDS)}){_END}
      | (?:{_group("scaled", _SCALED_ONLY_WORDS)}){_END}
    )
    """,
    re.VERBOSE,
)
_BEFORE_RE = re.compile(rf"(?:{_group('sign', _SIGNS)}|(?P<iso>{_ISO}))\s?$")
# Longer than any `_BEFORE_RE` match ("US $ " is five characters), so searching only this far
# back finds what a search from the start of the text would, without rescanning the text.
_BEFORE_REACH = 8
# English digit grouping after a dollar or pound sign: "$50,000" is fifty thousand.
_ENGLISH_GROUPING_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
# A range between two amounts: "entre 2 et 3", "de 2 à 3", "2 à 3", "2-3".
_RANGE_JOIN_RE = re.compile(r"\s*(?:et|à|-|–)\s*")
_ENTRE_RE = re.compile(r"\bentre\s+$", re.IGNORECASE)

# Donation, subscription and premium-rate wording around small amounts.
_APPEAL_RE = re.compile(
    r"\b(?:soutenez|soutenir|abonnez|abonnement|s['’]abonner|faites\s+un\s+don|faire\s+un\s+don"
    r"|dons?\b|sans\s+engagement|offre\s+d['’]essai|à\s+partir\s+de|premier\s+mois)"
    r"|(?:/|\bpar\s+|\bla\s+)(?:mois|an|min|minute|appel|sms)\b",
    re.IGNORECASE,
)
_SMALL_AMOUNT = Decimal(100)
# Words that set a text in Britain, where "livres" are pounds.
_BRITISH_CONTEXT = re.compile(
    r"\b(?:Royaume-Uni|Angleterre|Grande-Bretagne|britanniques?|anglaise?s?|Londres|Premier League|Écosse|Pays de Galles)\b"
)
_BRITISH_REACH = 600
# A bare amount continuing a list of figures ("50 millions de dollars ..., 100 millions pour ...",
# "4.000 euros d'amende, dont 2.000 avec sursis") takes the currency of the figure before it.
_CONTINUATION_BEFORE = re.compile(r"(?:,|\bet|\bdont|\bpuis|\bplus)\s*$")
_NOT_MONEY_AFTER = re.compile(rf"\s*(?:{_DE}|%|pour\s*cent|\w+\s+(?:de|d{APOSTROPHE}))", re.I)
_SENTENCE_BREAK_RE = re.compile(r"[.!?\n]")


def find_money(text: str) -> list[MoneyMatch]:
    """Every monetary figure in `text`, left to right, without overlaps."""
    return list(_money_in(text))


@lru_cache(maxsize=4)
def _money_in(text: str) -> tuple[MoneyMatch, ...]:
    """Cached per text: the date finder reads the figures of the body the pipeline reads too."""
    numbers = find_numbers(text)
    found: list[MoneyMatch] = []
    for index, number in enumerate(numbers):
        match = _money_at(text, numbers, index) or _continued(text, numbers, index, found)
        if match is None or _is_appeal(text, match):
            continue
        if found and match.char_start < found[-1].char_end:
            continue
        found.append(match)
    return tuple(found)


def _money_at(text: str, numbers: list[NumberMatch], index: int) -> MoneyMatch | None:
    """The figure whose amount is `numbers[index]`, when a currency sits next to it."""
    number = numbers[index]
    after = _AFTER_RE.match(text, number.char_end)
    if after is not None and _grammatical(number, after, text):
        amount = number.value * ABBREVIATED_SCALES.get(after.group("abbr") or "", Decimal(1))
        return _build(text, numbers, index, amount, _code(after), number.char_start, after.end())
    before = _BEFORE_RE.search(text, max(0, number.char_start - _BEFORE_REACH), number.char_start)
    if before is not None and before.end() == number.char_start:
        amount = _english_grouped(number) if before.group("iso") is None else number.value
        return _build(text, numbers, index, amount, _code(before), before.start(), number.char_end)
    return None


def _continued(text: str, numbers: list[NumberMatch], index: int, found: list[MoneyMatch]) -> MoneyMatch | None:
    """A bare amount listed after a figure of the same sentence, in that figure's currency.

    Only a scaled number ("100 millions") or one after "dont" qualifies, and not when a noun
    follows ("2 millions d'utilisateurs", "15 millions pour cent"): those are counts.
    """
    if not found:
        return None
    number, previous = numbers[index], found[-1]
    between = text[previous.char_end : number.char_start]
    if _SENTENCE_BREAK_RE.search(between) or len(between) > 160 or not _CONTINUATION_BEFORE.search(text[: number.char_start]):
        return None
    if not (number.scale > 1 or text[: number.char_start].rstrip().endswith("dont")):
        return None
    if _NOT_MONEY_AFTER.match(text, number.char_end) and not re.match(r"\s*pour\s+(?!cent)", text[number.char_end :]):
        return None
    return _build(text, numbers, index, number.value, previous.currency_code, number.char_start, number.char_end)


def _grammatical(number: NumberMatch, after: re.Match[str], text: str = "") -> bool:
    """"de"/"d'" only follows a scale ("3 millions d'euros", "2 Mds de dollars"), and bare
    "livres" counts as pounds only there, or where the text is about Britain ("un joueur de
    Premier League ... 140.000 livres")."""
    scaled = number.scale > 1 or number.is_approximate or after.group("abbr") is not None
    if after.group("de") is not None and not scaled:
        return False
    if _is_scaled_only(after) and not scaled:
        return bool(_BRITISH_CONTEXT.search(text, max(0, number.char_start - _BRITISH_REACH), number.char_start))
    return True


def _is_scaled_only(match: re.Match[str]) -> bool:
    return any(name.startswith("scaled") and value for name, value in match.groupdict().items())


def _code(match: re.Match[str]) -> str:
    """The ISO code of whichever currency alternative matched."""
    if match.groupdict().get("iso"):
        return match.group("iso")
    tables = {"sign": _SIGNS, "word": _CURRENCY_WORDS, "scaled": _SCALED_ONLY_WORDS}
    for name, value in match.groupdict().items():
        prefix = name.rstrip("0123456789")
        if value and prefix in tables:
            return tables[prefix][int(name[len(prefix) :])][1]
    raise ValueError(f"no currency in {match.group(0)!r}")


def _english_grouped(number: NumberMatch) -> Decimal:
    """After "$" or "£" a comma groups thousands the English way ("$50,000")."""
    if _ENGLISH_GROUPING_RE.fullmatch(number.surface_text):
        english = parse_digits(number.surface_text.replace(",", ""))
        if english is not None:
            return english * number.scale
    return number.value


def _build(
    text: str,
    numbers: list[NumberMatch],
    index: int,
    amount: Decimal,
    currency: str,
    start: int,
    end: int,
) -> MoneyMatch:
    """Widen the figure to a range's low end and to a qualifier, then cut the surface."""
    low, high, start = _range_low(text, numbers, index, amount, start)
    qualifier_start = qualifier_before(text, start)
    is_approximate = qualifier_start is not None or high is not None or numbers[index].is_approximate
    start = qualifier_start if qualifier_start is not None else start
    return MoneyMatch(
        tidy_decimal(low),
        currency,
        is_approximate,
        text[start:end],
        start,
        end,
        None if high is None else tidy_decimal(high),
    )


def _range_low(
    text: str, numbers: list[NumberMatch], index: int, amount: Decimal, start: int
) -> tuple[Decimal, Decimal | None, int]:
    """(low, high, new start) for "entre 2 et 3 millions", else (amount, None, start).

    A bare low end borrows the high end's scale ("de 2 à 3 millions" starts at 2 million)
    unless that would pass the high end ("de 500 000 à 1 million").
    "et" joins a range only after "entre", so "2 et 3 millions" in a list stays one figure.
    """
    if index == 0:
        return amount, None, start
    previous, current = numbers[index - 1], numbers[index]
    join = _RANGE_JOIN_RE.fullmatch(text, previous.char_end, current.char_start)
    if join is None:
        return amount, None, start
    entre = _ENTRE_RE.search(text, max(0, previous.char_start - 10), previous.char_start)
    if join.group(0).strip() == "et" and entre is None:
        return amount, None, start
    # The high end's scale, whether a word ("3 millions") or an abbreviation ("3 M€").
    factor = amount / current.value * current.scale if current.value else Decimal(1)
    low = previous.value * factor if previous.scale == 1 else previous.value
    if low >= amount:  # "de 500 000 à 1 million": the low end was already complete
        low = previous.value
    if low >= amount:
        return amount, None, start
    new_start = entre.start() if entre is not None else previous.char_start
    return low, amount, new_start


def _is_appeal(text: str, match: MoneyMatch) -> bool:
    """A small amount in a sentence that asks for money or prices a subscription."""
    if match.amount >= _SMALL_AMOUNT:
        return False
    breaks = list(_SENTENCE_BREAK_RE.finditer(text, 0, match.char_start))
    sentence_start = breaks[-1].end() if breaks else 0
    following = _SENTENCE_BREAK_RE.search(text, match.char_end)
    sentence_end = following.start() if following else len(text)
    return _APPEAL_RE.search(text, sentence_start, sentence_end) is not None
