"""The facts pages: the rows behind the numbers of the overview, each linked to its article span.

One page per kind of fact, written as a stream of rows. Each row carries `data-f-*` attributes
(type, month, platform, actor, payer...) so that a link from a chart bar such as
`facts/incidents.html#type=fine&month=2017-10` shows the rows that bar counts.

A page shows at most `MAX_ROWS` rows of each table (the most recent, or the largest where size
is the point), and says so with the count of all rows and the SQL that returns them: after a year
a page of every incident would hold a million rows, which no browser opens and every run would
rewrite. The overview's charts aggregate in SQL over everything, so their counts stay whole; a
link to an older month may then find fewer rows on the page than the bar counts, as its note says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import duckdb

from news_warehouse.report import queries
from news_warehouse.report.layout import (
    Cap,
    Cell,
    Column,
    Table,
    TableRow,
    article_href,
    joined,
    label,
    money,
    number,
    stamp,
    when,
    write_page,
)


@dataclass(frozen=True)
class FactsPage:
    file: str  # relative to the report root
    title: str
    note: str


INCIDENTS = FactsPage("facts/incidents.html", "Incidents",
                      "One row per incident as reported by one article, most recent month first; the sentence links to "
                      "its place in the article.")
MONEY = FactsPage("facts/money.html", "Money",
                  "Amounts of money, as written and normalised, in euros at the ECB rate of the figure's date, "
                  "largest first.")
ACTORS = FactsPage("facts/actors.html", "Actor mentions",
                   "Mentions of actors, resolved to their canonical name.")
PLATFORMS = FactsPage("facts/platforms.html", "Platform mentions", "Mentions of online platforms.")
QUANTITIES = FactsPage("facts/quantities.html", "Counts",
                       "Counts that are not money (followers, accounts, posts...), largest first per unit.")
ARTICLES = FactsPage("facts/articles.html", "Articles",
                     "Published articles, newest first; each page shows its body with the extracted facts highlighted.")
QUALITY = FactsPage("facts/quality.html", "Data quality",
                    "Files not ingested, articles held back by the quality gate, and the validations of the builds.")
PAGES = (ARTICLES, INCIDENTS, MONEY, ACTORS, PLATFORMS, QUANTITIES, QUALITY)

# Rows of one table on a facts page, at most: a page a browser opens, whatever the history.
MAX_ROWS = 2000


def cap(con: duckdb.DuckDBPyConnection, table: str, which: str, where: str = "") -> Cap | None:
    """What a table capped at MAX_ROWS says about the rows it leaves out, or None when it shows all."""
    total = queries.count(con, table, where)
    if total <= MAX_ROWS:
        return None
    return Cap(MAX_ROWS, total, which, f"select * from {table} {where}".strip())


def write_all(con: duckdb.DuckDBPyConnection, out: Path, context: dict[str, object]) -> None:
    """Write every facts page under `out` (the report root)."""
    tables = {
        INCIDENTS: [Table(_INCIDENT_COLUMNS, _incident_rows(con),
                          cap=cap(con, "marts.fct_incident", "most recent"))],
        MONEY: [Table(_MONEY_COLUMNS, _money_rows(con), cap=cap(con, "marts.fct_monetary_figure", "largest"))],
        ACTORS: [Table(_ACTOR_COLUMNS, _actor_rows(con), cap=cap(con, "marts.fct_actor_mention", "most recent"))],
        PLATFORMS: [Table(_PLATFORM_COLUMNS, _platform_rows(con),
                          cap=cap(con, "marts.fct_platform_mention", "most recent"))],
        QUANTITIES: [Table(_QUANTITY_COLUMNS, _quantity_rows(con), cap=cap(con, "marts.fct_quantity", "largest"))],
        ARTICLES: [Table(_ARTICLE_COLUMNS, _article_rows(con), cap=cap(con, "marts.dim_article", "most recent"))],
        QUALITY: _quality_tables(con),
    }
    for page, page_tables in tables.items():
        write_page(out / page.file, "facts.html", root="../", here=page.file, title=page.title, note=page.note,
                   tables=page_tables, **context)


# --- incidents ----------------------------------------------------------------------------------

_INCIDENT_COLUMNS = [Column("when"), Column("type"), Column("platforms"), Column("actors (role)"),
                     Column("evidence, in its article"), Column("article")]


def _incident_rows(con: duckdb.DuckDBPyConnection) -> Iterator[TableRow]:
    for row in queries.incident_facts(con, MAX_ROWS):
        platforms = list(row["platform_names"]) or [queries.NO_PLATFORM]
        yield TableRow(
            cells=[
                Cell(when(row["incident_date"], row["incident_date_precision"]), cls="num"),
                Cell(label(row["incident_type"])),
                Cell(", ".join(row["platform_names"])),
                Cell(row["actors"] or ""),
                Cell(row["evidence_text"], article_href(row["article_key"], "incident", row["incident_key"])),
                Cell(row["title"] or row["article_key"], article_href(row["article_key"])),
            ],
            filters=[
                ("type", row["incident_type"]),
                ("month", row["month"] or queries.UNDATED),
                ("platform", joined(platforms)),
                ("actor", joined(row["actor_names"])),
            ],
        )


# --- money --------------------------------------------------------------------------------------

_MONEY_COLUMNS = [Column("as written"), Column("amount", num=True), Column("in euros", num=True),
                  Column("payer"), Column("incident"), Column("article")]


def _money_rows(con: duckdb.DuckDBPyConnection) -> Iterator[TableRow]:
    for row in queries.money_facts(con, MAX_ROWS):
        approx = "≈ " if row["is_approximate"] else ""
        yield TableRow(
            cells=[
                Cell(row["surface_text"], article_href(row["article_key"], "money", row["monetary_figure_key"])),
                Cell(approx + money(row["amount"], row["currency_code"]), cls="num"),
                Cell(money(row["amount_eur"], "EUR") if row["amount_eur"] is not None
                     else f"no rate: {row['amount_eur_missing_reason']}" if row["amount_eur_missing_reason"]
                     else "no rate", cls="num"),
                Cell(row["payer"]),
                Cell(label(row["incident_type"]) if row["incident_type"] else ""),
                Cell(row["title"] or row["article_key"], article_href(row["article_key"])),
            ],
            filters=[
                ("payer", row["payer"]),
                ("currency", row["currency_code"] or ""),
                ("eur", "no" if row["amount_eur"] is None else "yes"),
            ],
        )


# --- mentions and counts ------------------------------------------------------------------------

_ACTOR_COLUMNS = [Column("actor"), Column("type"), Column("as written"), Column("article")]


def _actor_rows(con: duckdb.DuckDBPyConnection) -> Iterator[TableRow]:
    for row in queries.actor_mention_facts(con, MAX_ROWS):
        yield TableRow(
            cells=[
                Cell(row["canonical_name"]),
                Cell(row["actor_type"]),
                Cell(row["surface_text"], article_href(row["article_key"], "actor", row["actor_mention_key"])),
                Cell(row["title"] or row["article_key"], article_href(row["article_key"])),
            ],
            filters=[("actor", row["canonical_name"]), ("type", row["actor_type"])],
        )


_PLATFORM_COLUMNS = [Column("platform"), Column("as written"), Column("article")]


def _platform_rows(con: duckdb.DuckDBPyConnection) -> Iterator[TableRow]:
    for row in queries.platform_mention_facts(con, MAX_ROWS):
        yield TableRow(
            cells=[
                Cell(row["platform_name"]),
                Cell(row["surface_text"], article_href(row["article_key"], "platform", row["platform_mention_key"])),
                Cell(row["title"] or row["article_key"], article_href(row["article_key"])),
            ],
            filters=[("platform", row["platform_name"])],
        )


_QUANTITY_COLUMNS = [Column("value", num=True), Column("unit"), Column("about"), Column("as written"),
                     Column("published", num=True), Column("article")]


def _quantity_rows(con: duckdb.DuckDBPyConnection) -> Iterator[TableRow]:
    for row in queries.quantity_facts(con, MAX_ROWS):
        yield TableRow(
            cells=[
                Cell(number(row["value"]), cls="num"),
                Cell(row["unit"]),
                Cell(row["subject"] or ""),
                Cell(row["surface_text"], article_href(row["article_key"], "quantity", row["quantity_key"])),
                Cell(when(row["published_date"], "day") if row["published_date"] else "", cls="num"),
                Cell(row["title"] or row["article_key"], article_href(row["article_key"])),
            ],
            filters=[("unit", row["unit"])],
        )


_ARTICLE_COLUMNS = [Column("published", num=True), Column("title"), Column("file"), Column("incidents", num=True),
                    Column("actor mentions", num=True), Column("money figures", num=True)]


def _article_rows(con: duckdb.DuckDBPyConnection) -> Iterator[TableRow]:
    for row in queries.article_list(con, MAX_ROWS):
        page = article_href(row["article_key"])
        yield TableRow(cells=[
            Cell(when(row["published_date"], row["published_precision"]), cls="num"),
            Cell(row["title"] or "(untitled)", page),
            Cell(row["source_file"], cls="mono"),
            Cell(row["incidents"], cls="num"),
            Cell(row["actor_mentions"], cls="num"),
            Cell(row["money_figures"], cls="num"),
        ])


# --- data quality -------------------------------------------------------------------------------


def _quality_tables(con: duckdb.DuckDBPyConnection) -> list[Table]:
    files = Table(
        [Column("status"), Column("file"), Column("reason"), Column("first seen", num=True)],
        (
            TableRow(
                cells=[Cell(r["status"]), Cell(r["source_file"], cls="mono"), Cell(r["reason"] or ""),
                       Cell(stamp(r["first_seen_at"]), cls="num")],
                filters=[("section", "files"), ("status", r["status"])],
            )
            for r in queries.quarantined_files(con, MAX_ROWS)
        ),
        heading="Files not ingested (audit.landed_files)",
        id="files",
        cap=_audit_cap(con, "landed_files", "most recent", queries.NOT_INGESTED),
    )
    held_rows = queries.held_back_articles(con, MAX_ROWS)
    held = (
        Table([], [], heading="Articles held back by the quality gate", id="held",
              missing="This warehouse has no audit.quarantined_articles table (written by newer runs).")
        if held_rows is None
        else Table(*_generic(held_rows, "held"), heading="Articles held back by the quality gate "
                   "(audit.quarantined_articles)", id="held", cap=_audit_cap(con, "quarantined_articles", "first"))
    )
    validations = Table(
        [Column("validated at", num=True), Column("result"), Column("evaluated", num=True),
         Column("failed", num=True), Column("published"), Column("run"), Column("failed expectations")],
        _validation_rows(con),
        heading="Validations (audit.validation_runs), newest first",
        id="validation",
        cap=_audit_cap(con, "validation_runs", "most recent"),
    )
    return [files, held, validations]


def _audit_cap(con: duckdb.DuckDBPyConnection, table: str, which: str, where: str = "") -> Cap | None:
    """`cap` for an audit table, which an older warehouse may not have."""
    return cap(con, f"audit.{table}", which, where) if queries.has_table(con, "audit", table) else None


def _validation_rows(con: duckdb.DuckDBPyConnection) -> Iterator[TableRow]:
    for r in queries.validations(con, MAX_ROWS):
        yield TableRow(
            cells=[
                Cell(stamp(r["validated_at"]), cls="num"),
                Cell("passed" if r["success"] else "failed"),
                Cell(r["expectations_evaluated"], cls="num"),
                Cell(r["expectations_failed"], cls="num"),
                Cell("yes" if r["published"] else "no"),
                Cell(r["run_id"], cls="mono"),
                Cell(r.get("failed_expectations") or ""),
            ],
            filters=[("section", "validation"), ("result", "passed" if r["success"] else "failed")],
        )


def _generic(rows: Iterator[queries.Row], section: str) -> tuple[list[Column], Iterator[TableRow]]:
    """A table of whatever columns a row stream has: for audit tables whose shape may still grow."""
    first = next(rows, None)
    if first is None:
        return [Column("(no rows)")], iter(())

    table_rows = (
        TableRow([Cell("" if v is None else v) for v in r.values()], [("section", section)])
        for r in chain([first], rows)
    )
    return [Column(name) for name in first], table_rows
