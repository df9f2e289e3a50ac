"""The report of a small real DuckDB warehouse: offsets, escaping, links, panels, rebuilds."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from news_warehouse import db
from news_warehouse.cli import main as cli_main
from news_warehouse.config import Settings
from news_warehouse.report import vendor
from news_warehouse.report.layout import LIST_SEPARATOR
from news_warehouse.report.site import ReportError, build_report
from tests.e2e.test_docs_site import Element, parse_html
from tests.report.conftest import Report
from tests.fixtures.marts import ART_TRUMP
from tests.fixtures.report_warehouse import ART_EVIL, HOSTILE_BODY, HOSTILE_NAME, HOSTILE_TITLE

MakeReport = Callable[..., Report]
FACT_TABLES = {
    "actor": ("fct_actor_mention", "actor_mention_key"),
    "platform": ("fct_platform_mention", "platform_mention_key"),
    "incident": ("fct_incident", "incident_key"),
    "money": ("fct_monetary_figure", "monetary_figure_key"),
    "quantity": ("fct_quantity", "quantity_key"),
}
ALLOWED_TAGS = {
    "#document", "html", "head", "meta", "title", "link", "body", "header", "div", "h1", "h2", "h3", "p", "nav",
    "a", "main", "section", "span", "b", "script", "details", "summary", "table", "thead", "tbody", "tr", "th",
    "td", "dl", "dt", "dd", "footer", "code", "article", "aside", "ol", "li", "mark",
}


def pages(out: Path) -> Iterator[tuple[Path, str]]:
    for page in sorted(out.rglob("*.html")):
        yield page, page.read_text(encoding="utf-8")


def test_every_fact_is_highlighted_at_its_offsets_with_its_value(report: Report) -> None:
    settings, out = report
    with db.reader(settings.build_path) as con:
        bodies = dict(con.execute("select article_key, body from marts.dim_article").fetchall())
        facts = {
            kind: con.execute(f"select article_key, {key}, char_start, char_end from marts.{table}").fetchall()
            for kind, (table, key) in FACT_TABLES.items()
        }
    assert all(facts.values()), "the fixture has facts of every kind"
    texts: dict[str, dict[str, str]] = {}
    titles: dict[str, dict[str, str]] = {}
    for key in bodies:
        page = out / "articles" / f"{key}.html"
        assert page.is_file(), f"no page for article {key}"
        dom = parse_html(page.read_text(encoding="utf-8"))
        texts[key], titles[key] = {}, {}
        for mark in dom.find_all(lambda e: e.tag == "mark"):
            anchor = mark.attrs["data-span"]
            texts[key][anchor] = texts[key].get(anchor, "") + mark.text()
            titles[key][anchor] = mark.attrs["title"]
    for kind, rows in facts.items():
        for article, fact_key, start, end in rows:
            anchor = f"{kind}-{fact_key}"
            assert texts[article].get(anchor) == bodies[article][start:end], f"{anchor} in {article}"

    # Hover texts: numbers are grouped with narrow no-break spaces.
    trump_titles = [t.replace("\u202f", " ") for t in titles[ART_TRUMP].values()]
    assert any("5 000 000 USD = 4 227 614.78 EUR" in t and "payer: Donald Trump" in t for t in trump_titles)
    assert any(t.startswith("Incident: account suspension") and "2021-01-07" in t for t in trump_titles)
    assert "Count: 88 000 000 followers · about: Donald Trump" in trump_titles
    assert f"Actor: {HOSTILE_NAME} (group)" in titles[ART_EVIL].values()


def test_article_text_never_becomes_markup(report: Report) -> None:
    _, out = report
    for page, html in pages(out):
        dom = parse_html(html)
        tags = {element.tag for element in dom.walk()}
        assert tags <= ALLOWED_TAGS, f"{page}: unexpected tags {tags - ALLOWED_TAGS}"
        for element in dom.walk():
            assert not any(name.startswith("on") for name in element.attrs), f"{page}: event handler {element}"
            assert not element.attrs.get("href", "").lower().startswith("javascript:"), f"{page}: {element.attrs}"
        for raw in ("<script>window", "<img src=x", "<i onmouseover", "<b>Meta", "<b>2999"):
            assert raw not in html, f"{page}: {raw!r} reached the page unescaped"
    evil = (out / "articles" / f"{ART_EVIL}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=2&lt;/script&gt;" in evil
    assert parse_html(evil).find_all(lambda e: e.tag == "h1")[1].text() == HOSTILE_TITLE
    body = parse_html(evil).find_all(lambda e: e.tag == "article")[0].text()
    assert body == HOSTILE_BODY


def test_every_link_resolves_to_a_file_and_a_fact(report: Report) -> None:
    _, out = report
    checked = 0
    for page, html in pages(out):
        dom = parse_html(html)
        links = [e.attrs["href"] for e in dom.walk() if e.tag in {"a", "link"} and "href" in e.attrs]
        links += [e.attrs["src"] for e in dom.walk() if "src" in e.attrs]
        links += chart_links(html)
        for link in links:
            parts = urlsplit(link)
            if parts.scheme:
                assert link == "https://example.org/trump", f"{page}: unexpected external link {link}"
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file() and target.is_relative_to(out.resolve()), f"{page}: broken link {link}"
            if parts.fragment:
                assert fragment_matches(target, unquote(parts.fragment) if "=" not in parts.fragment
                                        else parts.fragment), f"{page}: {link} shows nothing"
            checked += 1
    assert checked > 50


def test_overview_panels_show_the_warehouse(report: Report) -> None:
    _, out = report
    html = (out / "index.html").read_text(encoding="utf-8")
    specs = chart_specs(html)
    assert set(specs) == {"spec-incidents-month", "spec-incidents-platform", "spec-money", "spec-actors",
                          "spec-relations", "spec-quantities"}
    kpis = {
        e.children[1].text(): e.children[0].text()
        for e in parse_html(html).walk() if e.tag == "a" and e.has_class("kpi")
    }
    assert kpis["articles"] == "3" and kpis["incidents reported"] == "3"
    money = spec_values(specs["spec-money"])
    assert {(row["payer"], row["currency_code"]) for row in money} >= {("Donald Trump", "USD"), (HOSTILE_NAME, "EUR")}
    relations = spec_values(specs["spec-relations"])
    assert [(r["source"], r["relation"], r["target"]) for r in relations] == [(HOSTILE_NAME, "accuses", "Meta")]
    # The quality panel: the quarantined file, the held-back article and the last validation.
    quality = [e for e in parse_html(html).walk() if e.attrs.get("id") == "quality"][0].text()
    assert "files quarantined 1" in quality and "articles held back 1" in quality
    assert "passed" in quality and "42 evaluated, 0 failed" in quality


@pytest.mark.parametrize("held_back_table", [True, False])
def test_held_back_articles_are_read_only_when_the_table_exists(
    report: Report, make_report: MakeReport, held_back_table: bool
) -> None:
    _, out = report if held_back_table else make_report(held_back_table=False)
    quality = parse_html((out / "facts" / "quality.html").read_text(encoding="utf-8")).text()
    if held_back_table:
        assert "published_date_in_future" in quality and "<b>2999-01-01</b>" in quality
    else:
        assert "has no audit.quarantined_articles table" in quality
    assert "not text" in quality  # the quarantined file's reason, escaped


def test_a_rebuild_replaces_the_whole_report(make_report: MakeReport) -> None:
    settings, out = make_report()
    (out / "stale.html").write_text("from an older report")
    bundle = (out / "assets" / vendor.BUNDLE_NAME).read_bytes()

    index = build_report(settings.build_path, out).index

    assert index == out / "index.html" and index.is_file()
    assert not (out / "stale.html").exists()
    assert (out / "assets" / vendor.BUNDLE_NAME).read_bytes() == bundle
    assert bundle.startswith(vendor.bundle_header().encode()) and b"window.vegaEmbed" in bundle
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".report")) == [".report.lock"]


def test_missing_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="no warehouse at"):
        build_report(tmp_path / "absent.duckdb", tmp_path / "report")
    assert not (tmp_path / "report").exists()


def test_cli_rebuilds_the_report_next_to_the_warehouse(
    make_report: MakeReport, capsys: pytest.CaptureFixture[str]
) -> None:
    settings, _ = make_report()
    published = settings.warehouse_path.with_name("copy.duckdb")
    published.write_bytes(settings.build_path.read_bytes())

    assert cli_main(["report", "--warehouse", str(published)]) == 0

    index = settings.report_dir / "index.html"
    assert index.as_uri() in capsys.readouterr().out
    assert cli_main(["report", "--warehouse", str(published.with_name("none.duckdb"))]) == 2


# --- helpers ------------------------------------------------------------------------------------


def chart_specs(html: str) -> dict[str, dict]:
    return {
        match[0]: json.loads(match[1])
        for match in re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', html, re.S)
    }


def spec_values(spec: dict) -> list[dict]:
    return spec["data"]["values"] if "data" in spec else spec["layer"][0]["data"]["values"]


def chart_links(html: str) -> list[str]:
    links = []
    for spec in chart_specs(html).values():
        links += [row["href"] for row in spec_values(spec)]
    return links


def fragment_matches(page: Path, fragment: str) -> bool:
    """An element id exists, or (key=value&...) some facts row passes report.js's filter."""
    dom = parse_html(page.read_text(encoding="utf-8"))
    if "=" not in fragment:
        return any(e.attrs.get("id") == fragment for e in dom.walk())
    wanted = parse_qsl(fragment)
    rows: list[Element] = [
        row for table in dom.find_all(lambda e: e.tag == "table" and e.has_class("facts-table"))
        for row in table.find_all(lambda e: e.tag == "tr" and any(k.startswith("data-f-") for k in e.attrs))
    ]
    return any(
        all(value in row.attrs.get(f"data-f-{key}", "\0").split(LIST_SEPARATOR) for key, value in wanted)
        for row in rows
    )
