"""Platform mentions: from names (the gazetteer's EntityRuler), URLs and a few clear descriptions.

"réseau social" alone names no platform; "le réseau social d'Elon Musk" does, and so does
"l'application de ByteDance" when the owner owns a single platform in `platforms.csv`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from news_warehouse.extract.gazetteer import PLATFORM_LABEL, Gazetteer, KnownPlatform
from news_warehouse.extract.records import PlatformMention

# Aliases this short ("X", "VK", "FB") are ordinary letters unless the context says platform.
_AMBIGUOUS_ALIAS_MAX_CHARS = 2
_PLATFORM_CONTEXT_BEFORE = re.compile(r"(?:\bsur|réseau social|plateforme|application|messagerie|réseau)\s*$", re.I)
_PLATFORM_CONTEXT_AFTER = re.compile(r"^\s*[(,]\s*(?:ex-|anciennement|l'ex-|ex\s)", re.I)
_PLATFORM_NOUN = r"(?:réseau social|réseau|plateforme|application|appli|messagerie|site|service)"
# Descriptions that name one platform whatever the article, as the French press writes them.
_DESCRIPTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:site|service|réseau) de micro-?blog(?:ging|gage)?\b", re.I), "Twitter"),
    (re.compile(r"\boiseau bleu\b", re.I), "Twitter"),
    (re.compile(rf"\b{_PLATFORM_NOUN} d['’](?:Elon )?Musk\b", re.I), "Twitter"),
    (re.compile(rf"\b{_PLATFORM_NOUN} de (?:Mark )?Zuckerberg\b", re.I), "Facebook"),
    (re.compile(rf"\b{_PLATFORM_NOUN} de (?:Donald )?Trump\b", re.I), "Truth Social"),
    (re.compile(rf"\b{_PLATFORM_NOUN} de (?:Pavel )?Durov\b", re.I), "Telegram"),
)


def find_platforms(doc: Doc, gazetteer: Gazetteer) -> list[PlatformMention]:
    """All platform mentions of one article, sorted by offset."""
    named = [m for ent in doc.ents if ent.label_ == PLATFORM_LABEL and (m := _named(ent, gazetteer)) is not None]
    mentions = _confirm_ambiguous(named, doc.text, gazetteer)
    mentions += _url_mentions(doc.text, gazetteer)
    mentions += _description_mentions(doc.text, gazetteer)
    return sorted(_without_overlaps(mentions), key=lambda m: (m.char_start, m.char_end))


def _named(ent: Span, gazetteer: Gazetteer) -> PlatformMention | None:
    if ent.text.islower():
        return None  # "twitter" the verb, "signal" the noun
    platform = gazetteer.platform(ent.text)
    if platform is None:
        return None
    return PlatformMention(platform.platform_name, ent.text, ent.start_char, ent.end_char, "gazetteer")


def _confirm_ambiguous(named: list[PlatformMention], text: str, gazetteer: Gazetteer) -> list[PlatformMention]:
    """Keep a very short alias only next to a platform word or when the article names it in full."""
    spelled_out = {m.platform_name for m in named if len(m.surface_text) > _AMBIGUOUS_ALIAS_MAX_CHARS}
    kept = []
    for m in named:
        if len(m.surface_text) <= _AMBIGUOUS_ALIAS_MAX_CHARS and not (
            m.platform_name in spelled_out
            or _PLATFORM_CONTEXT_BEFORE.search(text[max(0, m.char_start - 30) : m.char_start])
            or _PLATFORM_CONTEXT_AFTER.match(text[m.char_end : m.char_end + 30])
        ):
            continue
        kept.append(m)
    return kept


def _url_pattern(platform: KnownPlatform) -> re.Pattern[str]:
    domains = "|".join(re.escape(d) for d in sorted(platform.url_domains, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])(?:https?://)?(?:www\.|m\.|mobile\.)?(?:{domains})(?=/|\b)(?!\.\w)", re.I)


def _url_mentions(text: str, gazetteer: Gazetteer) -> list[PlatformMention]:
    mentions = []
    for platform in gazetteer.platform_list:
        if not platform.url_domains:
            continue
        for match in _url_pattern(platform).finditer(text):
            mentions.append(PlatformMention(platform.platform_name, match.group(), match.start(), match.end(), "url"))
    return mentions


def _description_mentions(text: str, gazetteer: Gazetteer) -> list[PlatformMention]:
    """Fixed descriptions, plus "<platform word> de <owner>" for owners of a single platform."""
    mentions = [
        PlatformMention(name, m.group(), m.start(), m.end(), "description")
        for pattern, name in _DESCRIPTIONS
        for m in pattern.finditer(text)
    ]
    for owner in {p.owner_name for p in gazetteer.platform_list if p.owner_name}:
        owned = gazetteer.platforms_owned_by(owner)
        if len(owned) != 1:
            continue
        pattern = re.compile(rf"\b{_PLATFORM_NOUN} (?:chinoise? |américaine? )?(?:de|du groupe) {re.escape(owner)}\b", re.I)
        mentions += [PlatformMention(owned[0], m.group(), m.start(), m.end(), "owner") for m in pattern.finditer(text)]
    return mentions


def _without_overlaps(mentions: list[PlatformMention]) -> list[PlatformMention]:
    """One mention per stretch of text: the longest wins (a URL over the name inside it)."""
    kept: list[PlatformMention] = []
    for m in sorted(mentions, key=lambda m: (m.char_start, -(m.char_end - m.char_start))):
        if kept and m.char_start < kept[-1].char_end:
            continue
        kept.append(m)
    return kept
