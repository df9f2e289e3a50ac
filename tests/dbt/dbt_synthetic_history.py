"""A synthetic raw layer as long as asked, for incremental-vs-full-refresh tests and timings.

The hand-written articles of dbt_raw_dataset.py check exact values; this history checks that
the incremental models stay equal to a rebuild when many articles arrive in batches. It is
drawn from a small pool of actors, platforms and incident types over a few years, so that
reports of one incident recur across articles (clusters merge across batches), spellings vary
(name resolution counts change) and dates come at every precision (day, month, year, none), in
several currencies (conversion at day, month and year rates). Deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from tests.dbt.dbt_raw_dataset import RawArticle

ACTORS = (
    ("Donald Trump", "person"), ("Trump", "person"), ("Elon Musk", "person"), ("Jack Dorsey", "person"),
    ("RT", "media"), ("Russia Today", "media"), ("Commission européenne", "institution"),
    ("Zorglub Médias", "media"), ("ZORGLUB MEDIAS", "organisation"), ("Arcom", "institution"),
)  # fmt: skip
PLATFORMS = ("Twitter", "twitter", "X", "Facebook", "YouTube", "Telegram")
INCIDENT_TYPES = ("account_suspension", "fine", "meeting", "sponsored_content")
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "JPY")
PRECISIONS = ("day", "day", "month", "year", None)
FIRST_DAY = date(2017, 1, 1)
N_DAYS = 3 * 365


def article_key(seed: int, index: int) -> str:
    return hashlib.sha256(f"synthetic-{seed}-{index}".encode()).hexdigest()[:16]


def synthetic_articles(start: int, n: int, seed: int = 0, extractor_version: str = "test-1") -> list[RawArticle]:
    """Articles start .. start+n-1 of the history drawn with `seed`; the same index always gives
    the same article (except its extractor_version), whatever the batch it arrives in."""
    return [synthetic_article(index, seed, extractor_version) for index in range(start, start + n)]


def synthetic_article(index: int, seed: int, extractor_version: str) -> RawArticle:
    rng = random.Random(f"{seed}-{index}")
    key = article_key(seed, index)
    published = FIRST_DAY + timedelta(days=rng.randrange(N_DAYS))
    sentences = [_sentence(rng) for _ in range(rng.randint(2, 5))]
    art = RawArticle(key=key, body=" ".join(text for text, *_ in sentences))
    stated = rng.random() < 0.7
    art.add(
        "raw.articles", key, key * 4, f"synthetic/{index:06d}.txt", f"Article {index}", art.body,
        published if stated else None, "day" if stated else None, "fr", "text", "utf-8",
        datetime(2024, 1, 1) + timedelta(minutes=index), "run-1", "printed" if stated else None, None,
    )
    art.add(
        "raw.extracted_articles", key, extractor_version, None if stated else published.replace(day=1),
        None if stated else "month", len(art.body.split()), datetime(2024, 1, 1) + timedelta(minutes=index), "run-1",
    )
    for ordinal, (text, actor, platform, incident_type) in enumerate(sentences, 1):
        _add_sentence_facts(art, rng, ordinal, text, actor, platform, incident_type, published)
    return art


def _sentence(rng: random.Random) -> tuple[str, tuple[str, str], str, str]:
    actor, platform = rng.choice(ACTORS), rng.choice(PLATFORMS)
    incident_type = rng.choice(INCIDENT_TYPES)
    amount = rng.choice((1000, 25000, 228000, 1500000))
    text = f"{actor[0]} et {platform} : {incident_type} de {amount} unités, {rng.randrange(10**6)} comptes."
    return text, actor, platform, incident_type


def _add_sentence_facts(
    art: RawArticle, rng: random.Random, ordinal: int, text: str, actor: tuple[str, str], platform: str,
    incident_type: str, published: date,
) -> None:
    """One mention of each, one incident with both as participants, a figure and a count."""
    name, actor_type = actor
    art.add("raw.actor_mentions", art.key, ordinal, name, actor_type, *art.span(name), "gazetteer")
    art.add("raw.platform_mentions", art.key, ordinal, platform, *art.span(platform), "gazetteer")
    if rng.random() < 0.3:
        art.add("raw.actor_roles", art.key, name, f"rôle {rng.randrange(3)}", *art.span(name))
    precision = rng.choice(PRECISIONS)
    when = _truncate(published - timedelta(days=rng.randrange(60)), precision)
    art.add("raw.incidents", art.key, ordinal, incident_type, when, precision, *art.span(text), None)
    art.add("raw.incident_actors", art.key, ordinal, name, "target")
    art.add("raw.incident_platforms", art.key, ordinal, platform)
    figure = text.split(" de ")[-1].split(" unités")[0]
    linked = ordinal if rng.random() < 0.7 else None
    art.add(
        "raw.monetary_figures", art.key, ordinal, linked, Decimal(figure), None, rng.choice(CURRENCIES),
        rng.random() < 0.2, name if rng.random() < 0.8 else None, *art.span(figure),
    )
    accounts = text.split(", ")[-1].split(" comptes")[0]
    art.add(
        "raw.quantities", art.key, ordinal, float(accounts), "accounts", False, name, platform,
        *art.span(accounts),
    )


def _truncate(day: date, precision: str | None) -> date | None:
    if precision is None:
        return None
    if precision == "year":
        return day.replace(month=1, day=1)
    return day.replace(day=1) if precision == "month" else day
