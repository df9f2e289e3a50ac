"""One page per article: its body with every extracted span highlighted, hover for the value.

This is where a reader checks the warehouse: a fact's link lands on its highlighted words, and
the hover says what the pipeline made of them (canonical name, amount and currency with the euro
value, date and precision). Articles and their spans are read as two streams sorted by
article_key and merged, so one article's page is in memory at a time; when every page is
written, a batch of articles at a time, so DuckDB sorts one batch's spans at a time.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

import duckdb
from markupsafe import Markup

from news_warehouse.report import queries
from news_warehouse.report.layout import anchor, label, money, number, page_name, when, write_page
from news_warehouse.report.spans import KINDS, Span, highlight

KIND_LABELS = {
    "actor": "actors",
    "platform": "platforms",
    "incident": "incidents",
    "money": "money",
    "quantity": "counts",
}


def write_all(con: duckdb.DuckDBPyConnection, folder: Path, context: dict[str, object],
              keys: list[str] | None) -> int:
    """Write `<article_key>.html` into `folder` for the published articles of `keys` (None: every
    article, a batch of numbers at a time: queries.page_batches); return how many. Each page
    replaces its old version atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    return sum(_write_batch(con, folder, context, batch) for batch in queries.page_batches(con, keys))


def _write_batch(con: duckdb.DuckDBPyConnection, folder: Path, context: dict[str, object],
                 batch: queries.Batch) -> int:
    spans_by_article = groupby(queries.spans(con, batch), key=lambda row: row["article_key"])
    pending = next(spans_by_article, None)
    written = 0
    for article in queries.articles(con, batch):
        key = article["article_key"]
        while pending is not None and pending[0] < key:  # spans of no article: the marts forbid it
            pending = next(spans_by_article, None)
        rows: list[queries.Row] = []
        if pending is not None and pending[0] == key:
            rows = list(pending[1])
            pending = next(spans_by_article, None)
        write_article(folder / page_name(key), article, [to_span(row) for row in rows], context)
        written += 1
    return written


def write_article(path: Path, article: queries.Row, spans: list[Span], context: dict[str, object]) -> None:
    body = article["body"] or ""
    marked = highlight(body, spans)
    counts = {kind: 0 for kind in KINDS}
    side: dict[str, list[dict[str, str]]] = {kind: [] for kind in KINDS}
    for span in sorted(marked.placed, key=lambda s: (s.start, s.end)):
        counts[span.kind] += 1
        side[span.kind].append({"anchor": span.anchor, "text": body[span.start:span.end], "tip": span.tip})
    write_page(
        path,
        "article.html",
        root="../",
        here="facts/articles.html",
        article={
            **article,
            "published": when(article["published_date"], article["published_precision"])
            if article["published_date"] else None,
            "url": _safe_url(article.get("url")),
        },
        body=Markup(marked.html),  # noqa: S704 (escaped piece by piece by spans.highlight)
        legend=[(kind, KIND_LABELS[kind], counts[kind]) for kind in KINDS],
        side=[(kind, KIND_LABELS[kind], side[kind]) for kind in KINDS],
        misplaced=list(marked.misplaced),
        **context,
    )


def to_span(row: queries.Row) -> Span:
    """A span row of `queries.spans` with the hover text of its kind."""
    kind = row["kind"]
    return Span(kind, anchor(kind, row["fact_key"]), row["char_start"], row["char_end"], tip(row))


def tip(row: queries.Row) -> str:
    """What a hover says: the normalised value the warehouse holds for these words."""
    kind = row["kind"]
    if kind == "actor":
        return f"Actor: {row['name']} ({row['detail']})"
    if kind == "platform":
        return f"Platform: {row['name']}"
    if kind == "incident":
        parts = [f"Incident: {label(row['name'])}", f"happened {when(row['fact_date'], row['precision'])}"]
        if row["precision"]:
            parts[-1] += f" (precision: {row['precision']})"
        if row["detail"]:
            parts.append(f"actors: {row['detail']}")
        if row["extra"]:
            parts.append(f"platforms: {row['extra']}")
        return " · ".join(parts)
    if kind == "money":
        approx = "about " if row["detail"] == "approximate" else ""
        if row["amount_eur"] is None:
            eur = " · no euro rate"
        else:
            eur = "" if row["currency"] == "EUR" else f" = {money(row['amount_eur'], 'EUR')}"
        payer = f" · payer: {row['name']}" if row["name"] else ""
        return f"Money: {approx}{money(row['amount'], row['currency'])}{eur}{payer}"
    about = f" · about: {row['name']}" if row["name"] else ""
    return f"Count: {number(row['amount'])} {row['detail']}{about}"


def _safe_url(url: str | None) -> str | None:
    """Only web links become links: a `javascript:` URL in an article's metadata stays text-free."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None

