"""The report in headless Chromium with the network blocked: charts drawn, spans highlighted.

Chromium (Debian's, `make browser`) is driven over the DevTools protocol of the docs-site test.
Before a page loads, every http(s)/ws URL is blocked (`Network.setBlockedURLs`) and a recorder
notes Content-Security-Policy violations; the page must then draw everything from `file://`
alone, and its resource timing (where even a blocked request shows) lists no other URL. Screenshots are left in tests/artifacts/report/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import base64
import time
from pathlib import Path
from typing import Any

import pytest

from news_warehouse.config import PROJECT_ROOT
from tests.e2e.test_docs_site import DevTools, chromium  # noqa: F401 (the fixture)
from tests.fixtures.marts import ART_TRUMP
from tests.fixtures.report_warehouse import ART_EVIL, EVIL_SPANS
from tests.report.conftest import Report

pytestmark = pytest.mark.slow

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts" / "report"
BLOCKED = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]
RECORDER_JS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""
# Wait until every chart has rendered (or failed), then describe what the page shows.
OVERVIEW_JS = """
new Promise(resolve => {
  const started = Date.now();
  const poll = () => {
    const charts = [...document.querySelectorAll('div.chart[data-spec]')];
    const done = charts.every(c => c.hasAttribute('data-rendered'));
    if ((done && charts.length) || Date.now() - started > 20000) {
      resolve({
        charts: charts.map(c => ({
          id: c.id, state: c.getAttribute('data-rendered'),
          width: c.getBoundingClientRect().width,
          marks: c.querySelectorAll('svg .mark-rect path, svg .mark-symbol path, svg .mark-rect rect').length,
        })),
        kpis: [...document.querySelectorAll('a.kpi')].map(a => a.innerText),
        resources: performance.getEntriesByType('resource').map(r => r.name),
        violations: window.__violations, pwned: window.__pwned === undefined ? null : window.__pwned,
        height: document.documentElement.scrollHeight,
      });
    } else { setTimeout(poll, 200); }
  };
  poll();
})
"""
ARTICLE_JS = """
(() => {
  const marks = [...document.querySelectorAll('article mark.hl')];
  const target = document.querySelector(':target');
  return {
    kinds: marks.map(m => m.getAttribute('class').split(' ')[1]),
    backgrounds: Object.fromEntries(marks.map(m => [m.className.split(' ')[1], getComputedStyle(m).backgroundColor])),
    target: target && {id: target.id, text: target.textContent, title: target.title},
    body: document.querySelector('article').textContent,
    resources: performance.getEntriesByType('resource').map(r => r.name),
    violations: window.__violations, pwned: window.__pwned === undefined ? null : window.__pwned,
    height: document.documentElement.scrollHeight,
  };
})()
"""
FILTER_JS = """
({
  shown: [...document.querySelectorAll('table.facts-table tbody tr')].filter(r => !r.hidden).length,
  all: document.querySelectorAll('table.facts-table tbody tr').length,
  banner: document.querySelector('.filter-banner').innerText,
})
"""


def test_overview_draws_every_chart_offline(chromium: str, report: Report, tmp_path: Path) -> None:  # noqa: F811
    _, out = report
    page = open_offline(chromium, (out / "index.html").as_uri(), OVERVIEW_JS, tmp_path, "overview.png")

    assert page["pwned"] is None and page["violations"] == []
    # A request to the network, even a blocked one, shows in resource timing (checked by hand with
    # an <img src="https://...">): only the report's own files may appear.
    assert all(url.startswith("file://") for url in page["resources"]), page["resources"]
    states = {chart["id"]: chart["state"] for chart in page["charts"]}
    assert states == {f"chart-{name}": "true" for name in
                      ("incidents-month", "incidents-platform", "money", "actors", "relations", "quantities")}
    for chart in page["charts"]:
        assert chart["marks"] > 0 and chart["width"] > 200, f"nothing drawn in {chart}"
    assert page["kpis"][0].split() == ["3", "articles"]


def test_article_page_highlights_each_kind_and_lands_on_the_linked_fact(
    chromium: str, report: Report, tmp_path: Path  # noqa: F811
) -> None:
    _, out = report
    money_key, money_text = EVIL_SPANS["money"][0]
    url = f"{(out / 'articles' / f'{ART_EVIL}.html').as_uri()}#money-{money_key}"
    page = open_offline(chromium, url, ARTICLE_JS, tmp_path, "article-hostile.png")

    assert page["pwned"] is None and page["violations"] == []
    assert all(url.startswith("file://") for url in page["resources"])
    assert page["target"]["text"] == money_text
    assert page["target"]["title"].startswith("Money: 3\u202f000\u202f000 EUR")
    assert {"hl-actor", "hl-platform", "hl-incident", "hl-money"} <= set(page["kinds"])
    # Each kind has a colour of its own.
    colours = [page["backgrounds"][kind] for kind in ("hl-actor", "hl-platform", "hl-incident", "hl-money")]
    assert len(set(colours)) == 4 and "rgba(0, 0, 0, 0)" not in colours
    assert "<script>window.__pwned=2</script>" in page["body"]  # shown as text, never run

    trump = open_offline(chromium, (out / "articles" / f"{ART_TRUMP}.html").as_uri(), ARTICLE_JS, tmp_path,
                         "article.png")
    assert {"hl-actor", "hl-platform", "hl-incident", "hl-money", "hl-quantity"} <= set(trump["kinds"])


def test_a_chart_link_filters_the_facts_table(chromium: str, report: Report, tmp_path: Path) -> None:  # noqa: F811
    _, out = report
    url = (out / "facts" / "incidents.html").as_uri() + "#type=accusation&platform=Twitter"
    page = open_offline(chromium, url, FILTER_JS, tmp_path, "facts-filtered.png")
    assert page["all"] == 3 and page["shown"] == 1
    assert page["banner"].startswith("Showing 1 of 3 rows where type = accusation, platform = Twitter")


def open_offline(chromium: str, url: str, expression: str, tmp_path: Path, shot: str) -> dict[str, Any]:  # noqa: F811
    """Load `url` with the network blocked, evaluate `expression`, save a full-page screenshot."""
    with DevTools.launch(chromium, "about:blank", tmp_path / f"profile-{shot}") as browser:
        browser.call("Network.enable")
        browser.call("Network.setBlockedURLs", {"urls": BLOCKED})
        browser.call("Page.enable")
        browser.call("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER_JS})
        browser.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + 30
        while browser.evaluate("location.href + ' ' + document.readyState", timeout=10) != f"{url} complete":
            assert time.monotonic() < deadline, f"{url} did not load"
            time.sleep(0.2)
        result = browser.evaluate(expression, timeout=40)
        width, height = 1400, min(int(result.get("height") or 900), 6000)
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        shot_reply = browser.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / shot).write_bytes(base64.b64decode(shot_reply["result"]["data"]))
    assert (ARTIFACTS / shot).stat().st_size > 10_000, f"blank screenshot {shot}"
    return result
