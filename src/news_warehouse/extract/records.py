"""What extraction reads and what it hands to the loader, one dataclass per raw table.

Offsets are always into the article's cleaned body (0-based, end exclusive), so that
`body[char_start:char_end] == surface_text` holds for every extracted fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from news_warehouse.ingest.article import ParsedArticle


@dataclass(frozen=True)
class ArticleText:
    """One ingested article as extraction sees it."""

    article_key: str
    title: str | None
    body: str
    published_date: date | None
    published_precision: str | None

    @classmethod
    def from_parsed(cls, parsed: ParsedArticle) -> ArticleText:
        """The article as ingestion's pure parsing left it, for tools that extract without a warehouse."""
        published = parsed.published
        return cls(
            parsed.article_key,
            parsed.title,
            parsed.body,
            published.value if published else None,
            published.precision if published else None,
        )


@dataclass(frozen=True)
class ActorMention:
    canonical_name: str
    actor_type: str  # person / organisation / media / state / institution / group
    surface_text: str
    char_start: int
    char_end: int
    method: str  # how it was found: gazetteer / ner / handle / alias / surname / fuzzy ...


@dataclass(frozen=True)
class PlatformMention:
    platform_name: str
    surface_text: str
    char_start: int
    char_end: int
    method: str  # gazetteer / url / ner ...


@dataclass(frozen=True)
class ActorRole:
    """What the article says an actor is ("président des États-Unis", "PDG de Twitter")."""

    canonical_name: str
    role_text: str
    surface_text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class IncidentActor:
    canonical_name: str
    role: str  # e.g. agent / target / participant / regulator


@dataclass(frozen=True)
class Incident:
    incident_type: str  # vocabulary of shared/gold/README.md
    incident_date: date | None
    incident_date_precision: str | None  # day / month / year / None
    evidence_text: str  # the sentence the incident was read from
    char_start: int
    char_end: int
    trigger_text: str | None
    actors: tuple[IncidentActor, ...] = ()
    platforms: tuple[str, ...] = ()


@dataclass(frozen=True)
class MonetaryFigure:
    amount: Decimal  # scale words applied: "1,2 milliard" -> 1200000000
    currency_code: str  # ISO 4217
    is_approximate: bool
    surface_text: str
    char_start: int
    char_end: int
    amount_high: Decimal | None = None  # upper bound of a range ("entre 2 et 3 millions")
    payer_name: str | None = None  # canonical actor name who paid / was fined, when known
    incident_index: int | None = None  # index into ArticleExtraction.incidents, when tied to one


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # followers / users / tweets / posts / accounts / people / ads / views
    is_approximate: bool
    surface_text: str
    char_start: int
    char_end: int
    subject_actor_name: str | None = None
    subject_platform_name: str | None = None


@dataclass
class ArticleExtraction:
    """Everything extracted from one article; the loader writes it to the raw.* tables."""

    article_key: str
    n_words: int
    inferred_published_date: date | None = None
    inferred_published_precision: str | None = None
    actor_mentions: list[ActorMention] = field(default_factory=list)
    platform_mentions: list[PlatformMention] = field(default_factory=list)
    actor_roles: list[ActorRole] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    monetary_figures: list[MonetaryFigure] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
