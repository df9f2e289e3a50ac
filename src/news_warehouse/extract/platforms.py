"""Platform mentions: from names (the gazetteer's EntityRuler), URLs and a few clear descriptions.

"réseau social" alone names no platform; "le réseau social d'Elon Musk" does, and so does
"l'application de ByteDance" when the owner owns a single platform in `platforms.csv`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from news_warehouse.extract.gazetteer import PLATFORM_LABEL, Gazetteer, KnownPlatform
from news_warehouse.extract.nlp import doc_text
from news_warehouse.extract.records import PlatformMention

# Aliases this short ("X", "VK", "FB") are ordinary letters unless the context says platform.
_AMBIGUOUS_ALIAS_MAX_CHARS = 2
_PLATFORM_CONTEXT_BEFORE = re.compile(r"(?:\bsur|réseau social|plateforme|application|messagerie|réseau)\s*$", re.I)
_PLATFORM_CONTEXT_AFTER = re.compile(r"^\s*[(,]\s*(?:ex-|anciennement|l'ex-|ex\s)", re.I)
_PLATFORM_NOUN = r"(?:réseau social|réseau|plateforme|application|appli|messagerie|site|service)"
# Descriptions that name one platform whatever the article, as the French press writes them:
# (a lowercase word every match contains, pattern, platform, method). The word is looked up in
# the lowercased body first, so a pattern only scans the articles that can hold it.
_DESCRIPTIONS: tuple[tuple[str, re.Pattern[str], str, str], ...] = (
    ("micro", re.compile(r"\b(?:site|service|réseau) de micro-?blog(?:ging|gage)?\b", re.I), "Twitter", "description"),
    ("oiseau bleu", re.compile(r"\boiseau bleu\b", re.I), "Twitter", "description"),
    ("musk", re.compile(rf"\b{_PLATFORM_NOUN} d['’](?:Elon )?Musk\b", re.I), "Twitter", "description"),
    ("zuckerberg", re.compile(rf"\b{_PLATFORM_NOUN} de (?:Mark )?Zuckerberg\b", re.I), "Facebook", "description"),
    ("trump", re.compile(rf"\b{_PLATFORM_NOUN} de (?:Donald )?Trump\b", re.I), "Truth Social", "description"),
    ("durov", re.compile(rf"\b{_PLATFORM_NOUN} de (?:Pavel )?Durov\b", re.I), "Telegram", "description"),
)


def find_platforms(doc: Doc, gazetteer: Gazetteer) -> list[PlatformMention]:
    """All platform mentions of one article, sorted by offset."""
    text = doc_text(doc)
    named = [m for ent in doc.ents if ent.label_ == PLATFORM_LABEL and (m := _named(ent, gazetteer)) is not None]
    mentions = _confirm_ambiguous(named, text, gazetteer)
    mentions += _url_mentions(text, gazetteer)
    mentions += _description_mentions(text, gazetteer)
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


@lru_cache(maxsize=8)
def _url_regex(platforms: tuple[KnownPlatform, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every platform's domains, and the name of each domain's group -> platform.

    A single scan of the body instead of one per platform. Domains are tried longest first, so
    at a given position the longest domain wins, as `_without_overlaps` would decide between
    one pattern per platform; a domain listed for two platforms goes to the first, as there.
    """
    owners: dict[str, str] = {}
    for platform in platforms:
        for domain in platform.url_domains:
            owners.setdefault(domain.lower(), platform.platform_name)
    by_length = sorted(owners, key=len, reverse=True)
    domains = "|".join(f"(?P<d{i}>{re.escape(domain)})" for i, domain in enumerate(by_length))
    pattern = re.compile(rf"(?<![\w.-])(?:https?://)?(?:www\.|m\.|mobile\.)?(?:{domains})(?=/|\b)(?!\.\w)", re.I)
    return pattern, {f"d{i}": owners[domain] for i, domain in enumerate(by_length)}


def _url_mentions(text: str, gazetteer: Gazetteer) -> list[PlatformMention]:
    pattern, owners = _url_regex(gazetteer.platform_list)
    return [
        PlatformMention(owners[str(m.lastgroup)], m.group(), m.start(), m.end(), "url") for m in pattern.finditer(text)
    ]


def _description_mentions(text: str, gazetteer: Gazetteer) -> list[PlatformMention]:
    """Fixed descriptions, plus "<platform word> de <owner>" for owners of a single platform."""
    lowered = text.lower()
    return [
        PlatformMention(name, m.group(), m.start(), m.end(), method)
        for cue, pattern, name, method in (*_DESCRIPTIONS, *_owner_descriptions(gazetteer.platform_list))
        if cue in lowered
        for m in pattern.finditer(text)
    ]


@lru_cache(maxsize=8)
def _owner_descriptions(platforms: tuple[KnownPlatform, ...]) -> tuple[tuple[str, re.Pattern[str], str, str], ...]:
    """(owner, pattern, platform, "owner") for each owner of a single platform, compiled once per gazetteer."""
    owners = sorted({p.owner_name for p in platforms if p.owner_name})
    described = []
    for owner in owners:
        owned = [p.platform_name for p in platforms if p.owner_name == owner]
        if len(owned) == 1:
            pattern = re.compile(rf"\b{_PLATFORM_NOUN} (?:chinoise? |américaine? )?(?:de|du groupe) {re.escape(owner)}\b", re.I)
            described.append((owner.lower(), pattern, owned[0], "owner"))
    return tuple(described)


def _without_overlaps(mentions: list[PlatformMention]) -> list[PlatformMention]:
    """One mention per stretch of text: the longest wins (a URL over the name inside it)."""
    kept: list[PlatformMention] = []
    for m in sorted(mentions, key=lambda m: (m.char_start, -(m.char_end - m.char_start))):
        if kept and m.char_start < kept[-1].char_end:
            continue
        kept.append(m)
    return kept
