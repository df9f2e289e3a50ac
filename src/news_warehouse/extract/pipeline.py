"""Extraction of one batch: every fact of every article, from the body only, in offset order.

The spaCy model is loaded once per `Extractor` and articles go through `nlp.pipe` in batches.
Each finder returns its facts sorted by offset, so the per-article ordinals the loader turns
into keys are the same every time the same text is extracted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.tokens import Doc

from news_warehouse.extract.actors import find_actors
from news_warehouse.extract.dates import DateMatch, find_dates
from news_warehouse.extract.gazetteer import Gazetteer, load_gazetteer
from news_warehouse.extract.incidents import IncidentResult, find_incidents
from news_warehouse.extract.money import MoneyMatch, find_money
from news_warehouse.extract.nlp import load_pipeline, remember_text
from news_warehouse.extract.platforms import find_platforms
from news_warehouse.extract.published_inference import infer_published_date
from news_warehouse.extract.quantities import QuantityMatch, find_quantities
from news_warehouse.extract.records import (
    ActorMention,
    ArticleExtraction,
    ArticleText,
    MonetaryFigure,
    PlatformMention,
    Quantity,
)
from news_warehouse.extract.roles import find_roles
from news_warehouse.extract.sentences import ArticleDate, Sentence, build_sentences
from news_warehouse.rules import published_date

NLP_BATCH_SIZE = 32

# Incident types a sum of money belongs to, in order of preference within a sentence.
_MONEY_INCIDENT_TYPES = ("fine", "sponsored_content", "acquisition", "data_breach", "investigation")
# Verbs that make the actor before them the one who pays: "RT avait dépensé 274 millions".
_PAYING_VERB = re.compile(
    r"\b(?:dépens|pay|versé|verser|déboursé|investi|financé|condamné|sanctionné|écopé|racheté|acheté|offert)", re.I
)
# "une amende de 50 millions d'euros (infligée) à Google": the payer follows the amount.
_PAYER_AFTER = re.compile(r"(?:[^.;]{0,40}?\b(?:infligée?s?|imposée?s?|réclamée?s?))?\s+(?:à|au|aux) (?:l['’]|la |le |les )?", re.I)
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


class Extractor:
    """Turns `ArticleText`s into `ArticleExtraction`s with one loaded spaCy pipeline."""

    def __init__(self, seeds_dir: Path, n_process: int = 1) -> None:
        self.gazetteer: Gazetteer = load_gazetteer(seeds_dir)
        self.nlp = load_pipeline(self.gazetteer)
        self.n_process = n_process

    def extract(self, articles: Iterable[ArticleText]) -> Iterator[ArticleExtraction]:
        """One extraction per article, in input order."""
        pairs = ((article.body, article) for article in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=NLP_BATCH_SIZE, n_process=self.n_process):
            yield self._extract_doc(article, doc)

    def _extract_doc(self, article: ArticleText, doc: Doc) -> ArticleExtraction:
        body = article.body
        remember_text(doc, body)
        inferred = infer_published_date(body) if article.published_date is None else None
        article_date = _article_date(article, inferred)
        actors = find_actors(doc, self.gazetteer)
        platforms = find_platforms(doc, self.gazetteer)
        dates = find_dates(body, article_date.value, article_date.precision) if article_date else find_dates(body, None)
        sentences = build_sentences(doc, actors, platforms, dates)
        incidents = find_incidents(doc, sentences, article_date)
        return ArticleExtraction(
            article_key=article.article_key,
            n_words=len(_WORD.findall(body)),
            inferred_published_date=inferred.value if inferred else None,
            inferred_published_precision=inferred.precision if inferred else None,
            actor_mentions=actors,
            platform_mentions=platforms,
            actor_roles=find_roles(body, actors),
            incidents=[r.incident for r in incidents],
            monetary_figures=[_money_figure(m, body, sentences, incidents, actors, platforms) for m in find_money(body)],
            quantities=[_quantity(q, sentences) for q in find_quantities(body) if not _inside_a_name(q, actors, platforms)],
        )


def _article_date(article: ArticleText, inferred: DateMatch | None) -> ArticleDate | None:
    """The date relative dates are read against: the article's published date as dim_article has it."""
    chosen = published_date(
        article.published_date,
        article.published_precision,
        None,
        inferred.value if inferred else None,
        inferred.precision if inferred else None,
    )
    return ArticleDate(chosen.value, chosen.precision) if chosen else None


def _sentence_of(start: int, sentences: list[Sentence]) -> Sentence | None:
    return next((s for s in sentences if s.start <= start < s.end), None)


def _money_figure(
    money: MoneyMatch,
    body: str,
    sentences: list[Sentence],
    incidents: list[IncidentResult],
    actors: list[ActorMention],
    platforms: list[PlatformMention],
) -> MonetaryFigure:
    sentence = _sentence_of(money.char_start, sentences)
    return MonetaryFigure(
        amount=money.amount,
        currency_code=money.currency_code,
        is_approximate=money.is_approximate,
        surface_text=money.surface_text,
        char_start=money.char_start,
        char_end=money.char_end,
        amount_high=money.amount_high,
        payer_name=_payer(money, body, sentence) if sentence else None,
        incident_index=_incident_index(sentence, incidents) if sentence else None,
    )


def _payer(money: MoneyMatch, body: str, sentence: Sentence) -> str | None:
    """Who pays: the actor before a paying verb that leads to the amount, else "infligée à X"."""
    named = sorted(
        [(a.char_start, a.char_end, a.canonical_name) for a in sentence.actors if a.actor_type != "institution"]
        + [(p.char_start, p.char_end, p.platform_name) for p in sentence.platforms],
    )
    before = [n for n in named if n[1] <= money.char_start and _PAYING_VERB.search(body[n[1] : money.char_start])]
    if before:
        return before[-1][2]
    after = _PAYER_AFTER.match(body, money.char_end, sentence.end)
    if after:
        return next((name for start, _, name in named if start == after.end()), None)
    return None


def _incident_index(sentence: Sentence, incidents: list[IncidentResult]) -> int | None:
    """The incident read from the amount's sentence, a paying type first."""
    candidates = [(i, r) for i, r in enumerate(incidents) if sentence.index in r.sentence_indices]
    for incident_type in _MONEY_INCIDENT_TYPES:
        for i, result in candidates:
            if result.incident.incident_type == incident_type:
                return i
    return candidates[0][0] if candidates else None


def _inside_a_name(match: QuantityMatch, actors: list[ActorMention], platforms: list[PlatformMention]) -> bool:
    """ "20 Minutes" is a newspaper, not twenty people."""
    names = [(a.char_start, a.char_end) for a in actors] + [(p.char_start, p.char_end) for p in platforms]
    return any(start < match.char_end and match.char_start < end for start, end in names)


def _quantity(match: QuantityMatch, sentences: list[Sentence]) -> Quantity:
    """A count, with its subject: the nearest actor or platform named before it in the sentence.

    Users belong to a platform ("Truth Social ... 2 millions d'utilisateurs"), so for them a
    platform is preferred to a nearer actor.
    """
    sentence = _sentence_of(match.char_start, sentences)
    actor = platform = None
    if sentence is not None:
        actors_before = [a for a in sentence.actors if a.char_end <= match.char_start]
        platforms_before = [p for p in sentence.platforms if p.char_end <= match.char_start]
        last_actor = actors_before[-1] if actors_before else None
        last_platform = platforms_before[-1] if platforms_before else None
        if last_platform and (match.unit == "users" or not last_actor or last_platform.char_start > last_actor.char_start):
            platform = last_platform.platform_name
        elif last_actor:
            actor = last_actor.canonical_name
    return Quantity(
        value=match.value,
        unit=match.unit,
        is_approximate=match.is_approximate,
        surface_text=match.surface_text,
        char_start=match.char_start,
        char_end=match.char_end,
        subject_actor_name=actor,
        subject_platform_name=platform,
    )
