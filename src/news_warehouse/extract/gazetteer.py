"""Known actors and platforms, read from the dbt seed CSVs, as lookup tables and spaCy patterns.

The extractor and dbt read the same two CSVs, so a name added to a seed is both recognised in
text and resolved in the warehouse. spaCy's French NER has no notion of platforms and mislabels
many actors (Facebook and Twitter come out MISC, Instagram LOC); an EntityRuler placed before
the NER claims those spans first, and the NER labels the rest around them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from spacy.tokenizer import Tokenizer

from news_warehouse.rules import fold, strip_accents

ACTOR_LABEL = "ACTOR"
PLATFORM_LABEL = "PLATFORM"
ACTOR_TYPES = frozenset({"person", "organisation", "media", "state", "institution", "group"})


@dataclass(frozen=True)
class KnownActor:
    canonical_name: str
    actor_type: str


@dataclass(frozen=True)
class KnownPlatform:
    platform_name: str
    owner_name: str | None
    aliases: tuple[str, ...]
    url_domains: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    """Lookup tables keyed by folded surface form (news_warehouse.rules.fold, dbt's fold_name too)."""

    actors: dict[str, KnownActor]
    platforms: dict[str, KnownPlatform]  # folded alias (and name) -> platform
    platform_list: tuple[KnownPlatform, ...]
    actor_aliases: tuple[tuple[str, KnownActor], ...]  # raw alias, for the EntityRuler
    lowercase_aliases: frozenset[str]  # folded aliases the CSV writes in lowercase

    def actor(self, surface: str) -> KnownActor | None:
        return self.actors.get(fold(surface))

    def is_lowercase_alias(self, surface: str) -> bool:
        """True when the gazetteer itself spells this alias in lowercase ("noyb"): a brand, not a word."""
        return fold(surface) in self.lowercase_aliases

    def platform(self, surface: str) -> KnownPlatform | None:
        return self.platforms.get(fold(surface))

    def platform_named(self, name: str) -> KnownPlatform:
        return next(p for p in self.platform_list if p.platform_name == name)

    def persons(self) -> set[str]:
        """Canonical names of the known persons (candidates for typo and surname resolution)."""
        return {a.canonical_name for a in self.actors.values() if a.actor_type == "person"}

    def person_by_surname(self, surname: str) -> str | None:
        """The single known person whose last name is `surname`; None when none or several."""
        key = fold(surname)
        hits = {name for name in self.persons() if fold(name).split(" ")[-1] == key}
        return hits.pop() if len(hits) == 1 else None


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _read_actors(path: Path) -> list[tuple[str, KnownActor]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    entries = []
    for row in rows:
        actor_type = row["actor_type"].strip()
        if actor_type not in ACTOR_TYPES:
            raise ValueError(f"{path.name}: unknown actor_type {actor_type!r} for {row['alias']!r}")
        entries.append((row["alias"].strip(), KnownActor(row["canonical_name"].strip(), actor_type)))
    return entries


def _read_platforms(path: Path) -> list[KnownPlatform]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            KnownPlatform(
                platform_name=row["platform_name"].strip(),
                owner_name=row["owner_name"].strip() or None,
                aliases=_split(row["aliases"]),
                url_domains=_split(row["url_domains"]),
            )
            for row in csv.DictReader(handle)
        ]


def load_gazetteer(seeds_dir: Path) -> Gazetteer:
    """Read `actor_aliases.csv` and `platforms.csv` from the dbt seeds folder."""
    actor_rows = _read_actors(seeds_dir / "actor_aliases.csv")
    platform_list = _read_platforms(seeds_dir / "platforms.csv")
    platforms: dict[str, KnownPlatform] = {}
    for platform in platform_list:
        for alias in (platform.platform_name, *platform.aliases):
            platforms[fold(alias)] = platform
    # A name that is both a company and a platform (Google) is read as the platform.
    actors = {fold(alias): actor for alias, actor in actor_rows if fold(alias) not in platforms}
    actor_aliases = tuple((alias, actor) for alias, actor in actor_rows if fold(alias) not in platforms)
    lowercase = frozenset(fold(alias) for alias, _ in actor_aliases if alias.islower())
    return Gazetteer(actors, platforms, tuple(platform_list), actor_aliases, lowercase)


def _variants(alias: str) -> set[str]:
    """Spellings the text may use for an alias: with or without accents, either apostrophe."""
    forms = {alias, strip_accents(alias)}
    return forms | {form.replace("'", "’") for form in forms}


def _token_pattern(tokens: list[str], exact_case: bool) -> list[dict[str, str]]:
    attr = "ORTH" if exact_case else "LOWER"
    return [{attr: tok if exact_case else tok.lower()} for tok in tokens]


def _is_exact_case(alias: str) -> bool:
    """Acronyms and very short names only match as written: "RT", "X", "SEC" are words otherwise."""
    letters = [ch for ch in alias if ch.isalpha()]
    return len(letters) <= 3 or all(ch.isupper() for ch in letters)


def ruler_patterns(gazetteer: Gazetteer, tokenizer: Tokenizer) -> list[dict[str, object]]:
    """EntityRuler token patterns: label ACTOR or PLATFORM, id = canonical name.

    Handles ("@realDonaldTrump") are left to the handle rule, which also reads them in URLs.
    """
    patterns: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, alias: str, canonical: str) -> None:
        if alias.startswith("@"):
            return
        for form in _variants(alias):
            tokens = [t.text for t in tokenizer(form)]
            key = (label, " ".join(tokens) if _is_exact_case(alias) else " ".join(tokens).lower())
            if key in seen:
                continue
            seen.add(key)
            patterns.append(
                {"label": label, "pattern": _token_pattern(tokens, _is_exact_case(alias)), "id": canonical}
            )

    for platform in gazetteer.platform_list:
        for alias in (platform.platform_name, *platform.aliases):
            add(PLATFORM_LABEL, alias, platform.platform_name)
    for alias, actor in gazetteer.actor_aliases:
        add(ACTOR_LABEL, alias, actor.canonical_name)
    return patterns

