"""A report build writes what changed: new, re-extracted, held and released articles; all on a code change.

Real DuckDB warehouses (the report fixture, given a raw layer and dbt stage rows as a run leaves
them) and real files: pages are compared byte for byte and by modification time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.report import changes, facts, queries
from news_warehouse.report.site import Built, build_report
from tests.e2e.test_docs_site import parse_html
from tests.fixtures.marts import ART_META, add_article
from tests.report.conftest import Report

MakeReport = Callable[..., Report]
START = datetime(2026, 1, 1, 8, 0)
TRANSFORM = "transform-code-1"
NEW_BODIES = [f"Article numéro {n} : la plateforme a suspendu des comptes." for n in range(3)]


@pytest.fixture
def dated(make_report: MakeReport) -> Report:
    """The fixture report, its warehouse given a raw layer ingested at START and a dbt stage after it,
    then built once from that (every page), so the next build can update."""
    settings, out = make_report()
    with db.writer(settings) as con:
        keys = [key for (key,) in con.execute("select article_key from marts.dim_article").fetchall()]
    ingest(settings, keys, START)
    dbt_stage(settings, START + timedelta(minutes=1))
    first = build(settings, out)
    assert first.full and first.pages_written == len(keys)
    return settings, out


def test_a_build_after_new_articles_writes_only_their_pages(dated: Report) -> None:
    settings, out = dated
    before = snapshot(out / "articles")
    new = [add_article(settings, body) for body in NEW_BODIES]
    ingest(settings, new, START + timedelta(hours=1))
    dbt_stage(settings, START + timedelta(hours=1, minutes=1))

    built = build(settings, out)

    assert not built.full and built.pages_written == len(new) and built.pages_removed == 0
    after = snapshot(out / "articles")
    assert set(after) == set(before) | {f"{key}.html" for key in new}
    assert {name: after[name] for name in before} == before, "an old page was rewritten"
    assert "showing" not in (out / "facts" / "incidents.html").read_text(encoding="utf-8").lower()
    listed = (out / "facts" / "articles.html").read_text(encoding="utf-8")
    assert all(f"articles/{key}.html" in listed for key in new), "the new small pages link the new articles"


def test_a_re_extracted_article_is_rewritten_and_nothing_new_writes_nothing(dated: Report) -> None:
    settings, out = dated
    before = snapshot(out / "articles")
    dbt_stage(settings, START + timedelta(hours=1))
    assert build(settings, out).pages_written == 0
    assert snapshot(out / "articles") == before

    extracted(settings, ART_META, START + timedelta(hours=2))
    dbt_stage(settings, START + timedelta(hours=2, minutes=1))
    built = build(settings, out)

    assert (built.full, built.pages_written) == (False, 1)
    after = snapshot(out / "articles")
    changed = {name for name in before if after[name] != before[name]}
    assert changed == {f"{ART_META}.html"}


def test_a_held_article_page_disappears_and_comes_back_when_released(dated: Report) -> None:
    settings, out = dated
    page = out / "articles" / f"{ART_META}.html"
    with db.writer(settings) as con:
        article = con.execute("select * from marts.dim_article where article_key = ?", [ART_META]).fetchall()
        con.execute("delete from marts.dim_article where article_key = ?", [ART_META])
        con.execute("insert into audit.quarantined_articles values (?, 'meta.txt', 'rule', 'x', 'why', 'run-2', now())",
                    [ART_META])
    dbt_stage(settings, START + timedelta(hours=1))

    held = build(settings, out)

    assert (held.full, held.pages_written, held.pages_removed) == (False, 0, 1)
    assert not page.exists()
    assert f"{ART_META}.html" not in (out / "facts" / "articles.html").read_text(encoding="utf-8")

    with db.writer(settings) as con:
        con.execute("delete from audit.quarantined_articles where article_key = ?", [ART_META])
        con.executemany(f"insert into marts.dim_article values ({', '.join('?' * len(article[0]))})", article)
    dbt_stage(settings, START + timedelta(hours=2))
    released = build(settings, out)

    assert (released.full, released.pages_written, released.pages_removed) == (False, 1, 0)
    assert page.is_file()


def test_a_code_change_rewrites_every_page(dated: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    settings, out = dated
    pages = len(snapshot(out / "articles"))

    # The CLI knows no fingerprint: it keeps the recorded one, and updates.
    assert not build(settings, out, transform=None).full
    assert changes.read_record(out).transform_code == TRANSFORM

    dbt_or_seeds = build(settings, out, transform="transform-code-2")
    assert dbt_or_seeds.full and "seeds" in dbt_or_seeds.reason and dbt_or_seeds.pages_written == pages

    monkeypatch.setattr(changes, "report_fingerprint", lambda: "other report code")
    report_code = build(settings, out, transform="transform-code-2")
    assert report_code.full and "report's code" in report_code.reason and report_code.pages_written == pages


def test_every_page_written_in_batches_is_the_page_written_at_once(
    dated: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, out = dated
    at_once = pages_without_stamps(out / "articles")
    monkeypatch.setattr(queries, "PAGE_BATCH_ARTICLES", 1)
    with db.writer(settings) as con:
        numbered, unnumbered = con.execute(
            "select count(article_seq), count(*) - count(article_seq) from marts.dim_article"
        ).fetchone()
    # Two batches of numbers, and the batch of an article without one (the fixture inserts one).
    assert (numbered, unnumbered) == (2, 1)

    built = build(settings, out, transform="transform-code-2")

    assert built.full and built.pages_written == len(at_once)
    assert pages_without_stamps(out / "articles") == at_once


def test_a_rebuilt_warehouse_rewrites_every_page(dated: Report) -> None:
    settings, out = dated
    (out / "articles" / "0000000000000000.html").write_text("a page of an article the new warehouse lacks")
    with db.writer(settings) as con:
        con.execute("update raw.articles set ingested_at = ingested_at + interval 1 day")
    dbt_stage(settings, START + timedelta(days=1, minutes=1))

    built = build(settings, out)

    assert built.full and built.reason == "the warehouse was rebuilt"
    assert not (out / "articles" / "0000000000000000.html").exists()


def test_the_record_says_what_the_pages_were_made_from(dated: Report) -> None:
    _, out = dated
    record = json.loads((out / changes.MARKER).read_text(encoding="utf-8"))
    assert record["transform_code"] == TRANSFORM and record["report_code"] == changes.report_fingerprint()
    assert record["marts_built_at"] == (START + timedelta(minutes=1)).isoformat()
    assert record["held"] == ["0123456789abcdef"]


def test_facts_pages_are_capped_and_say_so(make_report: MakeReport, monkeypatch: pytest.MonkeyPatch) -> None:
    settings, out = make_report()
    monkeypatch.setattr(facts, "MAX_ROWS", 2)
    build(settings, out)

    page = parse_html((out / "facts" / "incidents.html").read_text(encoding="utf-8"))
    rows = [e for e in page.walk() if e.tag == "tr" and "data-f-type" in e.attrs]
    note = " ".join(e.text() for e in page.walk() if e.tag == "p" and e.has_class("cap"))
    assert len(rows) == 2
    assert "Showing the 2 most recent of 3 rows" in note and "select * from marts.fct_incident" in note
    # The most recent months are the ones kept.
    months = sorted(row.attrs["data-f-month"] for row in rows)
    with db.reader(settings.build_path) as con:
        newest = [m for (m,) in con.execute(
            "select strftime(coalesce(i.incident_date, d.published_date), '%Y-%m') as m from marts.fct_incident i "
            "join marts.dim_article d using (article_key) order by m desc limit 2").fetchall()]
    assert months == sorted(newest)
    quality = (out / "facts" / "quality.html").read_text(encoding="utf-8")
    assert "select * from audit.validation_runs" not in quality, "one validation: nothing left out"


# --- helpers ------------------------------------------------------------------------------------


def build(settings: Settings, out: Path, transform: str | None = TRANSFORM) -> Built:
    return build_report(settings.build_path, out, transform_fingerprint=transform)


def pages_without_stamps(folder: Path) -> dict[str, str]:
    """Each page's text without the minute it was written."""
    return {page.name: re.sub(r"Page written [^<]* from", "", page.read_text(encoding="utf-8"))
            for page in folder.glob("*.html")}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Each page's bytes and modification time (ns): a rewrite with equal bytes still shows."""
    return {page.name: (page.read_bytes(), page.stat().st_mtime_ns) for page in folder.glob("*.html")}


def ingest(settings: Settings, keys: list[str], at: datetime) -> None:
    """raw.articles rows for `keys`, ingested `at`, as ingestion leaves them."""
    with db.writer(settings) as con:
        con.executemany(
            "insert into raw.articles (article_key, content_sha256, source_file, body, ingested_at, run_id) "
            "values (?, ?, ?, 'corps', ?, 'run')",
            [(key, key, f"{key}.txt", at) for key in keys],
        )


def extracted(settings: Settings, key: str, at: datetime) -> None:
    """The article (re-)extracted `at`: the loader's row in raw.extracted_articles, replaced as it replaces it."""
    with db.writer(settings) as con:
        con.execute("delete from raw.extracted_articles where article_key = ?", [key])
        con.execute(
            "insert into raw.extracted_articles (article_key, extractor_version, n_words, extracted_at, "
            "run_id) values (?, 'v2', 10, ?, 'run')",
            [key, at],
        )


def dbt_stage(settings: Settings, started: datetime) -> None:
    """A dbt stage that rebuilt the marts from `started` on, as `tasks.measured` records it."""
    with db.writer(settings) as con:
        con.execute(
            "insert into audit.stage_runs values ('run', 'dbt', ?, ?, null, null, 1.0)",
            [started, started + timedelta(seconds=5)],
        )
