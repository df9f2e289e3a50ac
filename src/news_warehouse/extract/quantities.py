"""Counts that are not money: followers, users, tweets, posts, accounts, people, ads, views.

A count is a number (see `numbers`) followed by a unit noun: "1823 tweets promotionnels",
"treize Russes", "41,7 millions de followers", "plus de 3 000 comptes". French puts "de"
between a scale word and its noun ("2 millions d'utilisateurs") and nothing after a plain
number ("1823 tweets"); requiring exactly that keeps years, percentages, durations and
dates out, since "2016", "45 %", "11 minutes" and "3 mars" never meet a unit noun.

The surface runs from a qualifier ("environ") through the noun and the adjectives glued
to it ("utilisateurs actifs quotidiens"), as annotators mark it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from news_warehouse.extract.numbers import APOSTROPHE, NumberMatch, find_numbers, qualifier_before


@dataclass(frozen=True)
class QuantityMatch:
    value: float
    unit: str  # followers / users / tweets / posts / accounts / people / ads / views
    is_approximate: bool
    surface_text: str
    char_start: int
    char_end: int


# Unit nouns (lower case), singular and plural, with the unit they count.
_UNIT_NOUNS: dict[str, str] = {
    r"abonnée?s?|followers?|fans?|suiveurs?": "followers",
    r"utilisat(?:eur|rice)s?|usagers?|inscrits?|internautes?|clients?": "users",
    # A board or a party counts its members in tens or hundreds; a network in thousands and more.
    r"membres?": "members",
    r"tweets?|retweets?|gazouillis": "tweets",
    r"publications?|posts?|messages?|vidéos?|commentaires?": "posts",
    r"comptes?|profils?": "accounts",
    r"publicités?|annonces?|pubs?|réclames?": "ads",
    r"vues?|visionnages?|visionnements?|impressions?|(?<=\bde\s)fois": "views",
    (
        r"personnes?|individus?|gens|employée?s?|salariée?s?|victimes?|citoyens?|citoyennes?"
        r"|habitants?|manifestants?|militants?|journalistes?|enfants?|mineurs?|adolescents?"
        r"|électeurs?|électrices?|modérat(?:eur|rice)s?|collaborat(?:eur|rice)s?|travailleurs?"
        r"|ressortissants?|agents?|policiers?|soldats?|morts?|blessée?s?|étudiants?|élèves?"
        r"|députés?|sénateurs?|élus?|candidats?|ingénieurs?|développeurs?|hackers?|pirates?"
        r"|chauffeurs?|livreurs?|femmes|hommes|artistes?|danseu(?:r|se)s?|chercheu(?:r|se)s?|experts?"
        r"|médecins?|opposants?|activistes?|fonctionnaires?|dirigeants?|joueu(?:r|se)s?|spectat(?:eur|rice)s?"
        r"|emplois|postes de travail"
    ): "people",
}
# Adjectives that may stand between the number and the noun ("50 000 faux comptes").
_PRE_ADJECTIVE = (
    r"(?:nouveaux|nouvelles|faux|fausses|vrais|vraies|jeunes|anciens|anciennes|autres"
    r"|premiers|premières|derniers|dernières|véritables|simples)\s+"
)
# Adjectives glued after the noun ("utilisateurs actifs quotidiens", "tweets promotionnels"):
# plural endings that French adjectives and participles take, plus a few irregulars.
_POST_ADJECTIVE = (
    r"\s+(?!(?:mais|puis|depuis|plus|sous|tous|vous|nous|jamais|très|près|après|dès|ainsi"
    r"|aussi|alors|ans|fois|jours|mois|heures|minutes|secondes)\b)"
    r"(?:[a-zà-ÿ-]+(?:ifs|ives|els|elles|iens|iennes|aux|ales|és|ées|aires|eux|euses"
    r"|ants|antes|ents|entes|iques|istes|ains|aines|ais|aises|ois|oises|us|ues|is|ies)"
    r"|russes|faux|uniques|mensuels|quotidiens)\b"
)
# Capitalised plural after a number: a demonym or party ("treize Russes", "3 000 Français").
_DEMONYM = r"[A-ZÉÈ][a-zà-ÿ-]{2,}(?:s|x)"
_NOT_DEMONYMS = frozenset({"états", "etats", "nations", "émirats", "jeux", "pays-bas"})

_NOUN_GROUPS = "|".join(f"(?P<u{i}>{noun})" for i, noun in enumerate(_UNIT_NOUNS))
_UNIT_RE = re.compile(
    rf"""
    \s+(?P<de>de\s+|d{APOSTROPHE}\s*)?(?:[«"“]\s*)?
    (?:{_PRE_ADJECTIVE})?
    (?:
        (?i:(?:{_NOUN_GROUPS}))\b
      | (?P<demonym>{_DEMONYM})\b
    )
    (?:{_POST_ADJECTIVE}){{0,3}}
    """,
    re.VERBOSE,
)
_MEMBERS_OF_A_NETWORK = 1000
# A definite or possessive determiner before a small number points back at things already named
# ("les deux joueurs", "ces trois comptes"); so does a family description ("mère de deux enfants").
_REFERS_BACK = re.compile(r"(?:\b(?:les|ces|ses|leurs|nos|vos|mes|tes)|\b(?:mère|père|parents?) de)\s+$", re.I)
_SMALL_COUNT = 10
# "vue plus de 2 millions de fois": a count of views when a verb of viewing leads to it.
_VIEWING_BEFORE = re.compile(r"\b(?:vue?s?|visionnée?s?|regardée?s?|lue?s?|écoutée?s?|consultée?s?|partagée?s?|téléchargée?s?)\b[^.;]{0,40}$", re.I)
# "un utilisateur sur deux", "2 comptes sur 10": a ratio, not a count.
_RATIO_RE = re.compile(r"\s+sur\s+(?:\d+|un|une|deux|trois|quatre|cinq|dix|cent)\b", re.IGNORECASE)
# A year is a date, even before a unit noun by accident ("en 2016 comptes" does not occur,
# but "depuis 2016 utilisateurs ..." could be a typo for a list).
_YEAR_CONTEXT_RE = re.compile(r"\b(?:en|depuis|année|an)\s+$", re.IGNORECASE)


def find_quantities(text: str) -> list[QuantityMatch]:
    """Every count of a known unit in `text`, left to right."""
    return list(_quantities_in(text))


@lru_cache(maxsize=4)
def _quantities_in(text: str) -> tuple[QuantityMatch, ...]:
    """Cached per text: the date finder reads the counts of the body the pipeline reads too."""
    return tuple(match for number in find_numbers(text) if (match := _quantity_at(text, number)) is not None)


def _quantity_at(text: str, number: NumberMatch) -> QuantityMatch | None:
    unit_match = _UNIT_RE.match(text, number.char_end)
    if unit_match is None or not _grammatical(number, unit_match) or _is_year(text, number):
        return None
    if _RATIO_RE.match(text, unit_match.end()):
        return None
    unit = _unit_of(unit_match)
    if unit is None:
        return None
    if _REFERS_BACK.search(text, max(0, number.char_start - 40), number.char_start) and number.value < _SMALL_COUNT:
        return None  # "les deux joueurs", "ces trois comptes", "mère de deux enfants": who, not how many
    if unit == "members":
        unit = "users" if number.value >= _MEMBERS_OF_A_NETWORK else "people"
    if unit == "views" and unit_match.group().strip().endswith("fois") and not _VIEWING_BEFORE.search(
        text, max(0, number.char_start - 60), number.char_start
    ):
        return None  # "des millions de fois" counts views only after a verb of viewing
    if number.surface_text[:1].isupper() and not number.surface_text[:1].isdigit() and not _sentence_start(text, number.char_start):
        return None  # "Les Dix Commandements": a number word capitalised inside a sentence is a title
    qualifier_start = qualifier_before(text, number.char_start)
    start = number.char_start if qualifier_start is None else qualifier_start
    end = unit_match.end()
    is_approximate = qualifier_start is not None or number.is_approximate
    return QuantityMatch(float(number.value), unit, is_approximate, text[start:end], start, end)


def _sentence_start(text: str, position: int) -> bool:
    before = text[:position].rstrip(" «\"“")
    return not before or before[-1] in ".!?\n:"


def _grammatical(number: NumberMatch, unit_match: re.Match[str]) -> bool:
    """"de"/"d'" after a scale word or "une dizaine", never after a plain number."""
    scaled = number.scale > 1 or number.is_approximate
    return scaled == (unit_match.group("de") is not None) or (
        scaled and number.surface_text.lower().endswith("mille")
    )


def _unit_of(unit_match: re.Match[str]) -> str | None:
    demonym = unit_match.group("demonym")
    if demonym is not None:
        return None if demonym.lower() in _NOT_DEMONYMS else "people"
    for index, unit in enumerate(_UNIT_NOUNS.values()):
        if unit_match.group(f"u{index}"):
            return unit
    return None


def _is_year(text: str, number: NumberMatch) -> bool:
    plain_year = re.fullmatch(r"(?:19|20)\d\d", number.surface_text) is not None
    window_start = max(0, number.char_start - 12)
    return plain_year and _YEAR_CONTEXT_RE.search(text, window_start, number.char_start) is not None
