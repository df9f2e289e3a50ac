"""Roles read from appositions around a person's name.

French news introduces people with a title either before the name ("le PDG de Twitter, Jack
Dorsey", "l'ancien président des États-Unis Donald Trump") or after it, between commas
("Nick Clegg, l'ancien vice-premier ministre britannique, ..."). Only phrases that start with
a title word are taken, so an ordinary noun phrase next to a name is not read as a role.
"""

from __future__ import annotations

import re

from news_warehouse.extract.records import ActorMention, ActorRole

_TITLES = (
    r"(?:vice-|co-?)?président(?:e)?(?:-directeur général| directeur général)?|p\.?-?d\.?g\.?|ceo|"
    r"patron(?:ne)?|directeur|directrice|dirigeant(?:e)?|fondateur|fondatrice|cofondateur|cofondatrice|"
    r"(?:vice-)?premier ministre|première ministre|ministre|secrétaire(?: d['’]état| général(?:e)?)?|"
    r"porte-parole|chef(?:fe)?|responsable|commissaire|juge|procureur(?:e)?|avocat(?:e)?|député(?:e)?|"
    r"sénateur|sénatrice|ambassadeur|ambassadrice|conseiller|conseillère|gouverneur|maire|chancelier|"
    r"chancelière|roi|reine|prince|candidat(?:e)?|magnat|milliardaire|journaliste|lanceur d['’]alerte|"
    r"lanceuse d['’]alerte|chercheur|chercheuse|enquêteur|enquêtrice|administrateur|administratrice|"
    r"vice-premier ministre"
)
_MODIFIERS = r"(?:(?:ancien(?:ne)?|ex-|nouve(?:au|lle)|actuel(?:le)?|futur(?:e)?|jeune|célèbre|puissant(?:e)?)\s*)?"
# The role's own words: no sentence or clause punctuation, at most about eight words.
_ROLE_BODY = r"[^,.;:!?«»\"()\n]{0,70}?"
_ARTICLE = r"(?:\b(?:le|la|l['’]|du|de la|de l['’]|au|à la|à l['’])\s*)"

# "<article> <title ...>[,] <Name>": matched on the text just before the name.
_BEFORE = re.compile(rf"{_ARTICLE}({_MODIFIERS}\b(?:{_TITLES})\b{_ROLE_BODY})\s*,?\s*$", re.I)
# "<Name>, [<article>] <title ...>" up to a comma, a full stop, "et" or a bracket.
_AFTER = re.compile(rf"^\s*,\s*{_ARTICLE}?({_MODIFIERS}\b(?:{_TITLES})\b{_ROLE_BODY})(?=\s*(?:,|\.|;|\bet\b|\)|\n|$))", re.I)
_LOOK_CHARS = 90


def find_roles(text: str, mentions: list[ActorMention]) -> list[ActorRole]:
    """Roles of the persons mentioned, one per apposition, sorted by offset."""
    roles = []
    for mention in mentions:
        if mention.actor_type != "person" or mention.method == "handle":
            continue
        roles += _role_before(text, mention) + _role_after(text, mention)
    return sorted(set(roles), key=lambda r: (r.char_start, r.char_end, r.canonical_name))


def _role_before(text: str, mention: ActorMention) -> list[ActorRole]:
    """The shortest title phrase ending just before the name: scanning from the right keeps
    "le président américain" rather than a longer stretch that happens to start with a title."""
    window_start = max(0, mention.char_start - _LOOK_CHARS)
    window = text[window_start : mention.char_start]
    for offset in range(len(window) - 1, -1, -1):
        match = _BEFORE.match(window, offset)
        if match is not None:
            return [_role(text, mention, window_start + match.start(1), window_start + match.end(1))]
    return []


def _role_after(text: str, mention: ActorMention) -> list[ActorRole]:
    match = _AFTER.match(text[mention.char_end : mention.char_end + _LOOK_CHARS])
    if match is None:
        return []
    return [_role(text, mention, mention.char_end + match.start(1), mention.char_end + match.end(1))]


def _role(text: str, mention: ActorMention, start: int, end: int) -> ActorRole:
    surface = text[start:end].rstrip()
    end = start + len(surface)
    return ActorRole(mention.canonical_name, normalise_role(surface), surface, start, end)


def normalise_role(surface: str) -> str:
    """Lowercase, one apostrophe, single spaces: "Président des  États-Unis" -> "président des états-unis"."""
    return re.sub(r"\s+", " ", surface.replace("’", "'")).strip().lower()
