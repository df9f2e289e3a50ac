"""A small, realistic raw layer for dbt tests: three French articles about RT and Twitter.

Articles A and B report the same two incidents (Twitter suspending RT's ad account in October
2017, RT's ad spending in 2017) with different precisions and amounts (274 million USD vs
228 000 EUR); article C arrives later (incremental run). Offsets are computed from the bodies,
so `body[char_start:char_end] == surface_text` holds exactly as the extractor guarantees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from news_warehouse.db import RAW_DDL, number_articles

KEY_A = "a" * 16
KEY_B = "b" * 16
KEY_C = "c" * 16

# Tables in RAW_DDL column order; rows are tuples in that order (article_seq, last, left out).
RAW_TABLES = (
    "raw.articles",
    "raw.extracted_articles",
    "raw.actor_mentions",
    "raw.platform_mentions",
    "raw.actor_roles",
    "raw.incidents",
    "raw.incident_actors",
    "raw.incident_platforms",
    "raw.monetary_figures",
    "raw.quantities",
)


@dataclass
class RawArticle:
    """One article and everything extracted from it, as rows per raw table."""

    key: str
    body: str
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)

    def span(self, text: str, occurrence: int = 0) -> tuple[str, int, int]:
        """(text, start, end) of the n-th occurrence of text in the body; fails loudly if absent."""
        start = -1
        for _ in range(occurrence + 1):
            start = self.body.index(text, start + 1)
        return text, start, start + len(text)

    def add(self, table: str, *row: Any) -> None:
        self.rows.setdefault(table, []).append(tuple(row))


def _article(
    key: str,
    source_file: str,
    title: str,
    body: str,
    printed: tuple[date, str] | None,
    inferred: tuple[date, str] | None,
) -> RawArticle:
    art = RawArticle(key=key, body=body)
    printed_date, printed_precision = printed or (None, None)
    art.add(
        "raw.articles", key, key * 4, source_file, title, body, printed_date, printed_precision,
        "fr", "text", "utf-8", datetime(2024, 1, 1, 12, 0), "run-1",
        "printed" if printed else None, f"https://example.org/{key}",  # published_source, url
    )
    inferred_date, inferred_precision = inferred or (None, None)
    art.add(
        "raw.extracted_articles", key, "test-1", inferred_date, inferred_precision,
        len(body.split()), datetime(2024, 1, 1, 12, 5), "run-1",
    )
    return art


def article_a() -> RawArticle:
    """Printed date 2017-10-27; suspension (day), ad spending in USD, an undated meeting."""
    body = (
        "Twitter a suspendu le compte publicitaire de RT le 26 octobre 2017. "
        "Selon Twitter, RT a dépensé 274 millions de dollars en publicités en 2017. "
        "Jack Dorsey, PDG de Twitter, a rencontré Donald Trump. "
        "Le compte de RT totalise environ 2,8 millions de followers. "
        "Zorglub Médias, ZORGLUB MEDIAS et Zorglub Medias commentent."
    )
    art = _article(KEY_A, "000_a.txt", "Twitter bannit RT", body, (date(2017, 10, 27), "day"), None)
    mentions = [
        ("RT", "media", art.span("RT")),
        ("RT", "media", art.span("RT", 1)),
        ("Jack Dorsey", "person", art.span("Jack Dorsey")),
        ("Donald Trump", "person", art.span("Donald Trump")),
        ("Zorglub Médias", "media", art.span("Zorglub Médias")),
        ("ZORGLUB MEDIAS", "organisation", art.span("ZORGLUB MEDIAS")),
        ("Zorglub Medias", "media", art.span("Zorglub Medias")),
    ]
    for i, (name, kind, (text, start, end)) in enumerate(mentions, 1):
        art.add("raw.actor_mentions", KEY_A, i, name, kind, text, start, end, "gazetteer")
    for i in range(3):
        text, start, end = art.span("Twitter", i)
        art.add("raw.platform_mentions", KEY_A, i + 1, "Twitter", text, start, end, "gazetteer")
    art.add("raw.actor_roles", KEY_A, "Jack Dorsey", "PDG de Twitter", *art.span("PDG de Twitter"))

    s1 = art.span("Twitter a suspendu le compte publicitaire de RT le 26 octobre 2017.")
    s2 = art.span("Selon Twitter, RT a dépensé 274 millions de dollars en publicités en 2017.")
    s3 = art.span("Jack Dorsey, PDG de Twitter, a rencontré Donald Trump.")
    art.add("raw.incidents", KEY_A, 1, "account_suspension", date(2017, 10, 26), "day", *s1, "suspendu")
    art.add("raw.incidents", KEY_A, 2, "sponsored_content", date(2017, 1, 1), "year", *s2, "dépensé")
    art.add("raw.incidents", KEY_A, 3, "meeting", None, None, *s3, "rencontré")
    art.add("raw.incident_actors", KEY_A, 1, "RT", "target")
    art.add("raw.incident_actors", KEY_A, 2, "RT", "agent")
    art.add("raw.incident_actors", KEY_A, 3, "Jack Dorsey", "participant")
    art.add("raw.incident_actors", KEY_A, 3, "Donald Trump", "participant")
    art.add("raw.incident_platforms", KEY_A, 1, "Twitter")
    art.add("raw.incident_platforms", KEY_A, 2, "Twitter")
    art.add(
        "raw.monetary_figures", KEY_A, 1, 2, Decimal("274000000"), None, "USD", False, "RT",
        *art.span("274 millions de dollars"),
    )
    art.add(
        "raw.quantities", KEY_A, 1, 2800000.0, "followers", True, "RT", "Twitter",
        *art.span("environ 2,8 millions de followers"),
    )
    return art


def article_b() -> RawArticle:
    """Date only inferred (2017-11, month); same suspension (month) and spending (228 000 EUR)."""
    body = (
        "En octobre 2017, Twitter a banni RT de sa régie publicitaire. "
        "Russia Today aurait dépensé 228 000 euros en publicités sur Twitter en 2017. "
        "Margarita Simonian, rédactrice en chef de RT, dénonce une décision injuste."
    )
    art = _article(KEY_B, "001_b.txt", None, body, None, (date(2017, 11, 1), "month"))
    mentions = [
        ("RT", "media", art.span("RT")),
        ("RT", "organisation", art.span("Russia Today")),
        ("Margarita Simonian", "person", art.span("Margarita Simonian")),
        ("rt", "media", art.span("RT", 1)),
    ]
    for i, (name, kind, (text, start, end)) in enumerate(mentions, 1):
        art.add("raw.actor_mentions", KEY_B, i, name, kind, text, start, end, "gazetteer")
    for i in range(2):
        text, start, end = art.span("Twitter", i)
        art.add("raw.platform_mentions", KEY_B, i + 1, "twitter", text, start, end, "gazetteer")
    art.add(
        "raw.actor_roles", KEY_B, "Margarita Simonian", "rédactrice en chef de RT",
        *art.span("rédactrice en chef de RT"),
    )
    s1 = art.span("En octobre 2017, Twitter a banni RT de sa régie publicitaire.")
    s2 = art.span("Russia Today aurait dépensé 228 000 euros en publicités sur Twitter en 2017.")
    art.add("raw.incidents", KEY_B, 1, "account_suspension", date(2017, 10, 1), "month", *s1, "banni")
    art.add("raw.incidents", KEY_B, 2, "sponsored_content", date(2017, 1, 1), "year", *s2, "dépensé")
    art.add("raw.incident_actors", KEY_B, 1, "RT", "target")
    art.add("raw.incident_actors", KEY_B, 2, "RT", "agent")
    art.add("raw.incident_platforms", KEY_B, 1, "twitter")
    art.add("raw.incident_platforms", KEY_B, 2, "Twitter")
    art.add(
        "raw.monetary_figures", KEY_B, 1, 2, Decimal("228000"), None, "EUR", False, "RT",
        *art.span("228 000 euros"),
    )
    return art


def article_c() -> RawArticle:
    """Arrives in a later run: a dated meeting, a reinstatement, a third report of the 2017
    suspension and a fine in GBP."""
    body = (
        "Donald Trump, président des États-Unis, a rencontré Jack Dorsey le 23 avril 2019. "
        "Twitter a rétabli le compte de RT. "
        "Twitter avait suspendu RT en octobre 2017. "
        "RT a payé une amende de 100 000 livres en 2019."
    )
    art = _article(KEY_C, "002_c.txt", "Trump et Dorsey", body, (date(2019, 4, 24), "day"), None)
    mentions = [
        ("Donald Trump", "person", art.span("Donald Trump")),
        ("Jack Dorsey", "person", art.span("Jack Dorsey")),
        ("RT", "media", art.span("RT")),
        ("RT", "media", art.span("RT", 1)),
    ]
    for i, (name, kind, (text, start, end)) in enumerate(mentions, 1):
        art.add("raw.actor_mentions", KEY_C, i, name, kind, text, start, end, "gazetteer")
    for i in range(2):
        text, start, end = art.span("Twitter", i)
        art.add("raw.platform_mentions", KEY_C, i + 1, "Twitter", text, start, end, "gazetteer")
    art.add(
        "raw.actor_roles", KEY_C, "Donald Trump", "président des États-Unis",
        *art.span("président des États-Unis"),
    )
    s1 = art.span("Donald Trump, président des États-Unis, a rencontré Jack Dorsey le 23 avril 2019.")
    s2 = art.span("Twitter a rétabli le compte de RT.")
    s3 = art.span("Twitter avait suspendu RT en octobre 2017.")
    s4 = art.span("RT a payé une amende de 100 000 livres en 2019.")
    art.add("raw.incidents", KEY_C, 1, "meeting", date(2019, 4, 23), "day", *s1, "rencontré")
    art.add("raw.incidents", KEY_C, 2, "account_reinstatement", None, None, *s2, "rétabli")
    # A third report of A's and B's suspension. md5(KEY_C-3) sorts before A's report, so it
    # renames the existing cluster: the incremental run must rewrite A's and B's rows too.
    art.add("raw.incidents", KEY_C, 3, "account_suspension", date(2017, 10, 1), "month", *s3, "suspendu")
    art.add("raw.incidents", KEY_C, 4, "fine", date(2019, 1, 1), "year", *s4, "amende")
    art.add("raw.incident_actors", KEY_C, 1, "Donald Trump", "participant")
    art.add("raw.incident_actors", KEY_C, 1, "Jack Dorsey", "participant")
    art.add("raw.incident_actors", KEY_C, 2, "RT", "target")
    art.add("raw.incident_actors", KEY_C, 3, "RT", "target")
    art.add("raw.incident_actors", KEY_C, 4, "RT", "target")
    art.add("raw.incident_platforms", KEY_C, 2, "Twitter")
    art.add("raw.incident_platforms", KEY_C, 3, "Twitter")
    art.add(
        "raw.monetary_figures", KEY_C, 1, 4, Decimal("100000"), None, "GBP", False, "RT",
        *art.span("100 000 livres"),
    )
    return art


def insert_articles(path: Path, articles: list[RawArticle], reverse: bool = False) -> None:
    """Create the raw layer in `path` (RAW_DDL) and insert the articles' rows.

    With reverse=True, articles and the rows of every table arrive in the opposite order, which
    must not change any key or any mart row.
    """
    ordered = list(reversed(articles)) if reverse else list(articles)
    con = duckdb.connect(str(path))
    try:
        con.execute(RAW_DDL)
        for table in RAW_TABLES:
            rows = [row for art in ordered for row in art.rows.get(table, [])]
            if reverse:
                rows.reverse()
            if rows:
                # one Arrow table per raw table: executemany takes minutes for a synthetic history
                columns = [pa.array(values) for values in zip(*rows)]
                batch = pa.Table.from_arrays(columns, names=[f"c{i}" for i in range(len(columns))])
                con.register("batch", batch)
                # article_seq, the last column, is left to number_articles, as the stages do
                con.execute(f"insert into {table} select *, null from batch")
                con.unregister("batch")
        number_articles(con)
    finally:
        con.close()
