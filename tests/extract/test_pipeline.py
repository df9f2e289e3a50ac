"""The whole extractor on the seed articles: offsets, order, determinism, published dates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date

import pytest

from news_warehouse.config import PROJECT_ROOT
from news_warehouse.extract.pipeline import Extractor
from news_warehouse.extract.version import EXTRACTOR_VERSION
from news_warehouse.extract.records import ArticleExtraction, ArticleText

SEEDS = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))
Extract = Callable[..., ArticleExtraction]


def _articles() -> list[ArticleText]:
    return [ArticleText(path.stem, None, path.read_text(encoding="utf-8"), None, None) for path in SEEDS]


@pytest.fixture(scope="module")
def seed_extractions(extractor: Extractor) -> list[ArticleExtraction]:
    return list(extractor.extract(_articles()))


def test_every_fact_points_at_its_own_text_in_the_body(seed_extractions: list[ArticleExtraction]) -> None:
    assert len(seed_extractions) == len(SEEDS) == 5
    for article, extraction in zip(_articles(), seed_extractions):
        body = article.body
        for kind in ("actor_mentions", "platform_mentions", "actor_roles", "monetary_figures", "quantities"):
            for fact in getattr(extraction, kind):
                assert body[fact.char_start : fact.char_end] == fact.surface_text, (kind, fact)
        for incident in extraction.incidents:
            assert body[incident.char_start : incident.char_end] == incident.evidence_text


def test_facts_are_sorted_by_offset(seed_extractions: list[ArticleExtraction]) -> None:
    for extraction in seed_extractions:
        for facts in (extraction.actor_mentions, extraction.platform_mentions, extraction.incidents, extraction.quantities):
            starts = [f.char_start for f in facts]
            assert starts == sorted(starts)


def test_same_input_gives_the_same_output(extractor: Extractor, seed_extractions: list[ArticleExtraction]) -> None:
    again = list(extractor.extract(reversed(_articles())))
    assert [asdict(e) for e in reversed(again)] == [asdict(e) for e in seed_extractions]


def test_seed_facts_that_define_the_domain(seed_extractions: list[ArticleExtraction]) -> None:
    by_key = {e.article_key: e for e in seed_extractions}
    dorsey = by_key[SEEDS[1].stem]
    assert {m.canonical_name for m in dorsey.actor_mentions} >= {"Jack Dorsey", "Donald Trump", "Dan Scavino", "Vijaya Gadde"}
    assert any(i.incident_type == "meeting" for i in dorsey.incidents)
    rt = by_key[SEEDS[4].stem]
    assert [(f.currency_code, f.payer_name) for f in rt.monetary_figures] == [("USD", "Russia Today")]


def test_published_date_is_inferred_only_when_missing(extract: Extract) -> None:
    body = "Paris, le 3 novembre 2017. Twitter a désactivé le compte de Donald Trump pendant onze minutes."
    inferred = extract(body, published=None)
    given = extract(body, published=date(2017, 11, 4))
    assert (inferred.inferred_published_date, inferred.inferred_published_precision) == (date(2017, 11, 3), "day")
    assert given.inferred_published_date is None


def test_word_count_and_version(extract: Extract) -> None:
    assert extract("Le PDG d'Apple, Tim Cook, a parlé.").n_words == 7
    assert EXTRACTOR_VERSION
