"""Build the report: overview, facts pages, article pages, assets; then swap it in.

What a build costs must follow what is new, not the history (500,000 articles after a year), and
a reader must never see half a report. So the report has two parts, built two ways:

* the small pages (overview, facts pages capped at `facts.MAX_ROWS` rows, assets) and the record
  of what the article pages were made from (`changes.MARKER`) are written whole into a fresh
  folder beside the report, then renamed over it: a reader sees the old set or the new one;
* the article pages live on in `articles/`, which the swap carries from the old folder into the
  new one (a rename). A build rewrites only the pages of articles that may have changed
  (`changes.plan`), each written under a temporary name and renamed over its old version
  (`layout.write_page`), before the swap; new pages are not linked until the swap, and pages of
  articles no longer published are deleted after it, once no new page links to them. When
  everything must be rewritten (report code, dbt project or seeds changed, warehouse rebuilt,
  no record), the pages are written into the fresh folder instead and swapped in with it, as
  before.

The whole build holds a lock beside the folder, so two builds (a run's and `make report`) cannot
interleave their pages nor read each other's half-written record. A build that fails after
rewriting some pages leaves the old record, so the next build rewrites them again.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.db import utc_now
from news_warehouse.errors import DeterministicError
from news_warehouse.report import articles, changes, charts, facts, queries, vendor
from news_warehouse.report.layout import (
    Cell,
    Column,
    Table,
    TableRow,
    article_href,
    compact,
    fragment,
    label,
    money,
    number,
    page_name,
    pairs_fragment,
    stamp,
    write_page,
)

TOP_ACTORS = 15
TOP_PAYERS = 20
TOP_RELATIONS = 40
MAX_QUANTITY_POINTS = 2000
STATIC_FILES = ("report.css", "report.js")
NAV = [("index.html", "Overview"), *((page.file, page.title) for page in facts.PAGES)]


class ReportError(DeterministicError):
    """The report cannot be built from this file (no published warehouse, no marts)."""

    action = "run the pipeline (`make run`) so a warehouse is published, then rebuild the report"


@dataclass(frozen=True)
class Built:
    """One report build: its index page, and how much of `articles/` it wrote and removed."""

    index: Path
    full: bool  # every article page written afresh
    reason: str  # why every page was written (empty for an update)
    pages_written: int
    pages_removed: int


def rebuild(settings: Settings, transform_fingerprint: str | None = None) -> Built:
    """Rebuild the report of the published warehouse (the pipeline's `report` task, `make report`).

    `transform_fingerprint`: the dbt project and seeds the published marts were made with, when
    the caller knows it (the pipeline); see `changes`.
    """
    return build_report(settings.warehouse_path, settings.report_dir, settings, transform_fingerprint)


def build_report(source: Path, out_dir: Path, settings: Settings | None = None,
                 transform_fingerprint: str | None = None) -> Built:
    """Write the report of the DuckDB file `source` into `out_dir`, updating its article pages.

    `settings` gives the DuckDB limits; None: the environment's (db.connect).
    """
    if not source.is_file():
        raise ReportError(f"no warehouse at {source}")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _lock(out_dir.parent / f".{out_dir.name}.lock"):
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
        try:
            plan, written = _write_report(source, staging, out_dir, settings, transform_fingerprint)
            staging.chmod(0o755)  # mkdtemp makes it private; the report is for every reader
            _swap_in(staging, out_dir, keep_articles=not plan.full)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        removed = _remove_pages(out_dir / "articles", plan.removed)
    return Built(out_dir / "index.html", plan.full, plan.reason, written, removed)


def _write_report(source: Path, staging: Path, out_dir: Path, settings: Settings | None,
                  transform_fingerprint: str | None) -> tuple[changes.Plan, int]:
    """Everything but the swap: article pages (in place, or into `staging` when all), small pages, assets."""
    with db.reader(source, settings) as con:
        if not queries.has_table(con, "marts", "dim_article"):
            raise ReportError(f"{source} has no marts (was it published by a successful run?)")
        plan = changes.plan(con, out_dir, transform_fingerprint)
        pages = (staging if plan.full else out_dir) / "articles"
        context: dict[str, Any] = {"nav": NAV, "stamp": f"Page written {stamp(utc_now())} from {source.name}"}
        written = articles.write_all(con, pages, context, plan.pages)
        _write_pages(con, staging, source, gx_index=out_dir.parent / "gx" / "index.html")
    changes.write_record(staging, plan.record)
    _write_assets(staging / "assets", previous=out_dir / "assets")
    return plan, written


def _write_assets(assets: Path, previous: Path) -> None:
    assets.mkdir()
    for name in STATIC_FILES:
        (assets / name).write_bytes(resources.files("news_warehouse.report").joinpath("static", name).read_bytes())
    vendor.write_bundle(assets / vendor.BUNDLE_NAME, previous=previous / vendor.BUNDLE_NAME)


def _remove_pages(folder: Path, keys: list[str]) -> int:
    """Delete the pages of `keys` (articles no longer published) that exist; return how many."""
    removed = 0
    for key in keys:
        page = folder / page_name(key)
        if page.exists():
            page.unlink()
            removed += 1
    return removed


def _write_pages(con: duckdb.DuckDBPyConnection, out: Path, source: Path, gx_index: Path) -> None:
    """The small pages: overview and facts pages."""
    totals = queries.totals(con)
    context: dict[str, Any] = {
        "nav": NAV,
        "stamp": f"Built {stamp(utc_now())} from {source.name} · {number(totals['articles'])} articles",
    }
    write_page(
        out / "index.html",
        "index.html",
        root="",
        here="index.html",
        kpis=_kpis(totals),
        panels=_panels(con),
        quality=_quality(con, gx_index),
        **context,
    )
    facts.write_all(con, out, context)


# --- overview -----------------------------------------------------------------------------------


def _kpis(totals: queries.Row) -> list[dict[str, str]]:
    return [
        {"kind": "article", "value": number(totals["articles"]), "label": "articles", "href": facts.ARTICLES.file},
        {"kind": "incident", "value": number(totals["incidents"]), "label": "incidents reported",
         "href": facts.INCIDENTS.file},
        {"kind": "actor", "value": number(totals["actors"]),
         "label": f"actors in {number(totals['actor_mentions'])} mentions", "href": facts.ACTORS.file},
        {"kind": "platform", "value": number(totals["platforms"]),
         "label": f"platforms in {number(totals['platform_mentions'])} mentions", "href": facts.PLATFORMS.file},
        {"kind": "money", "value": compact(totals["money_eur"]) + " €",
         "label": f"in {number(totals['money_figures'])} money figures", "href": facts.MONEY.file},
        {"kind": "quantity", "value": number(totals["quantities"]), "label": "counts (followers, accounts…)",
         "href": facts.QUANTITIES.file},
    ]


def _panels(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return [
        _incidents_per_month(con),
        _incidents_by_platform(con),
        _money(con),
        _top_actors(con),
        _relations(con),
        _quantities(con),
    ]


def _panel(panel_id: str, title: str, note: str, spec: dict[str, Any] | None, table: Table | None,
           empty: str = "Nothing to show yet.", wide: bool = False,
           links: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    return {"id": panel_id, "title": title, "note": note, "spec": spec, "table": table, "empty": empty,
            "wide": wide, "links": links or []}


def _numbers(columns: list[Column], rows: list[TableRow]) -> Table:
    return Table(columns, rows, cls="numbers-table")


def _incidents_per_month(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    data = queries.incidents_by_month_and_type(con)
    dated = [
        {**row, "type": label(row["incident_type"]),
         "href": facts.INCIDENTS.file + fragment(type=row["incident_type"], month=row["month"])}
        for row in data if row["month"]
    ]
    undated = sum(row["incidents"] for row in data if not row["month"])
    types = sorted({label(row["incident_type"]) for row in data})
    table = _numbers(
        [Column("month"), Column("type"), Column("incidents", num=True)],
        [
            TableRow([
                Cell(row["month"] or queries.UNDATED), Cell(label(row["incident_type"])),
                Cell(row["incidents"], facts.INCIDENTS.file
                     + fragment(type=row["incident_type"], month=row["month"] or queries.UNDATED), "num"),
            ])
            for row in data
        ],
    )
    links = [(f"{undated} undated.", facts.INCIDENTS.file + fragment(month=queries.UNDATED))] if undated else []
    return _panel(
        "incidents-month", "Incidents per month, by type",
        "Counted in the month the incident happened, else the month its article was published; "
        "months without incidents are left out. Click a bar for its incidents.",
        charts.incidents_per_month(dated, types) if dated else None, table, wide=True, links=links,
        empty="No dated incident yet.",
    )


def _incidents_by_platform(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    data = queries.incidents_by_platform_and_type(con)
    rows = [{**row, "type": label(row["incident_type"])} for row in data]
    for row in rows:
        row["href"] = facts.INCIDENTS.file + fragment(type=row["incident_type"], platform=row["platform_name"])
    table = _numbers(
        [Column("platform"), Column("type"), Column("incidents", num=True)],
        [TableRow([Cell(r["platform_name"]), Cell(label(r["incident_type"])), Cell(r["incidents"], r["href"], "num")])
         for r in rows],
    )
    types = sorted({row["type"] for row in rows})
    return _panel(
        "incidents-platform", "Incidents by platform",
        "An incident concerning two platforms counts once for each.",
        charts.incidents_by_platform(rows, types) if rows else None, table,
    )


def _money(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    data = queries.money_by_payer_and_currency(con)
    for row in data:
        row["href"] = facts.MONEY.file + fragment(payer=row["payer"], currency=row["currency_code"])
    converted = [row for row in data if row["amount_eur"] is not None]
    unconverted = sum(row["figures"] - row["converted"] for row in data)
    table = _numbers(
        [Column("payer"), Column("currency"), Column("figures", num=True), Column("amount", num=True),
         Column("in euros", num=True)],
        [
            TableRow([
                Cell(r["payer"]), Cell(r["currency_code"]), Cell(r["figures"], r["href"], "num"),
                Cell(money(r["amount"], r["currency_code"]), r["href"], "num"),
                Cell("no rate" if r["amount_eur"] is None else money(r["amount_eur"], "EUR"), r["href"], "num"),
            ])
            for r in data
        ],
    )
    links = ([(f"{unconverted} figure(s) in a currency without an ECB rate.", facts.MONEY.file + fragment(eur="no"))]
             if unconverted else [])
    return _panel(
        "money", "Money by payer, in euros",
        f"Fines, spending and payments summed in euros at the ECB rate of each figure's date (the "
        f"{TOP_PAYERS} largest payers); colour is the currency the article used.",
        charts.money_by_payer(converted, TOP_PAYERS) if converted else None, table, links=links,
        empty="No amount with a euro value yet.",
    )


def _top_actors(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    data = queries.top_actors(con, TOP_ACTORS)
    for row in data:
        row["href"] = facts.ACTORS.file + fragment(actor=row["canonical_name"])
    table = _numbers(
        [Column("actor"), Column("type"), Column("mentions", num=True), Column("articles", num=True)],
        [TableRow([Cell(r["canonical_name"]), Cell(r["actor_type"]), Cell(r["mentions"], r["href"], "num"),
                   Cell(r["articles"], r["href"], "num")]) for r in data],
    )
    return _panel("actors", f"Top {TOP_ACTORS} actors", "By number of mentions across all articles.",
                  charts.top_actors(data) if data else None, table)


def _relations(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    data = queries.relations(con, TOP_RELATIONS)
    for row in data:
        row["relation"] = queries.RELATION_VERBS[row["incident_type"]]
        row["href"] = facts.INCIDENTS.file + pairs_fragment(
            [("type", row["incident_type"]), ("actor", row["source"]), ("actor", row["target"])]
        )
    table = _numbers(
        [Column("who"), Column("relation"), Column("whom"), Column("incidents", num=True)],
        [TableRow([Cell(r["source"]), Cell(r["relation"]), Cell(r["target"]),
                   Cell(r["incidents"], r["href"], "num")]) for r in data],
    )
    return _panel(
        "relations", "Who accuses and meets whom",
        "The agent of an accusation or a meeting, towards the other parties of the same incident.",
        charts.relations(data) if data else None, table, empty="No accusation or meeting with two parties yet.",
    )


def _quantities(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    points, dated = queries.quantities(con, MAX_QUANTITY_POINTS)
    data = [
        {**_jsonable(row), "href": article_href(row["article_key"], "quantity", row["quantity_key"], root="")}
        for row in points
    ]
    shown = f" The {len(points)} largest of {dated} are shown." if len(points) < dated else ""
    return _panel(
        "quantities", "Counts over time",
        "Every count an article gives (followers, accounts, posts...), at its article's publication date; "
        f"click a point to read it in its article.{shown}",
        charts.quantities_over_time(data) if data else None, None, wide=True,
        links=[("All counts.", facts.QUANTITIES.file)], empty="No dated count yet.",
    )


def _quality(con: duckdb.DuckDBPyConnection, gx_index: Path) -> dict[str, Any]:
    chips = [
        {"label": f"files {status}", "value": number(row["files"]), "cls": f"status-{status}",
         "href": facts.QUALITY.file + ("#section=files" if status == "ingested" else fragment(status=status))}
        for row in queries.landed_status_counts(con)
        for status in [row["status"]]
    ]
    held = queries.held_back_count(con)
    if held is not None:
        chips.append({"label": "articles held back", "value": number(held), "cls": "held",
                      "href": facts.QUALITY.file + "#section=held"})
    validation = queries.last_validation(con)
    if validation is not None:
        validation = {**validation, "validated_at": stamp(validation["validated_at"])}
    return {"chips": chips, "validation": validation,
            "gx_href": "../gx/index.html" if gx_index.is_file() else None}


def _jsonable(row: queries.Row) -> queries.Row:
    """Dates and decimals as JSON can carry them into a chart."""
    return {
        key: value.isoformat() if isinstance(value, date) else float(value) if isinstance(value, Decimal) else value
        for key, value in row.items()
    }


# --- swapping the new report in -----------------------------------------------------------------


def _swap_in(staging: Path, out_dir: Path, keep_articles: bool) -> None:
    """Rename `staging` over `out_dir` (the caller holds the lock), first moving the kept article pages in."""
    retired = None
    if out_dir.exists():
        if keep_articles:
            os.replace(out_dir / "articles", staging / "articles")
        retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
        os.replace(out_dir, retired / out_dir.name)
    os.replace(staging, out_dir)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def _lock(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
