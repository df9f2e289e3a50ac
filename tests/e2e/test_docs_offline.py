"""Both docs sites of a real run render in headless Chromium with the network cut off.

The sites are served the way `make docs` serves them (`python -m http.server` on loopback), and
Chromium can reach nothing else: every host name resolves to nothing (`--host-resolver-rules`)
and every non-loopback request goes to a proxy that does not exist (`--proxy-server`). What
renders then is what an analyst without internet sees:

* GX Data Docs: the validation results table is drawn by bootstrap-table (jQuery + Bootstrap);
  with CDN files it stays empty, so rows with our suites' names prove the local copies loaded;
  Bootstrap's CSS applies and GX's logo is an image that loaded;
* dbt docs: the project tree lists the mart models.

The page's own resource timing lists every file it fetched: all must come from the local server.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from news_warehouse.config import PROJECT_ROOT
from news_warehouse.publish.offline_docs import remote_references
from news_warehouse.validate.suites import load_suite_definitions
from tests.e2e.test_docs_site import MARTS, PROJECT, DevTools, chromium  # noqa: F401 (fixture)
from tests.support.reliability import World

pytestmark = pytest.mark.slow

OFFLINE_FLAGS = (
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    # Port 9 (discard): nothing listens, so every request that goes through it fails; Chromium
    # never sends loopback requests through a proxy, so the local docs server still answers.
    "--proxy-server=http://127.0.0.1:9",
)
RESULTS_TABLE = "section-1-content-block-2-1-body-table"


@pytest.fixture(scope="module")
def docs_url(seeds_run: World) -> Iterator[str]:
    """`warehouse/docs` of the run, served on a free loopback port; the server is stopped by PID."""
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
         "--directory", str(seeds_run.settings.docs_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True,
    )
    try:
        banner = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port 40123 (http://...) ..."
        port = re.search(r"port (\d+)", banner)
        assert port, f"http.server did not start: {banner!r}"
        yield f"http://127.0.0.1:{port.group(1)}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def suites_the_gate_runs() -> list[str]:
    """The suites with rules: the gate does not run a suite without any, so it has no page."""
    definitions = load_suite_definitions(PROJECT_ROOT / "expectations")
    return sorted(name for name, definition in definitions.items() if definition["expectations"])


def test_every_data_docs_page_loads_only_local_files(seeds_run: World) -> None:
    pages = sorted((seeds_run.settings.docs_dir / "gx").rglob("*.html"))
    # per suite run, its expectations page and its validation page; then the indexes
    assert len(pages) > 2 * len(suites_the_gate_runs()), f"too few Data Docs pages: {pages}"
    remote = {page.name: refs for page in pages if (refs := remote_references(page.read_text(encoding="utf-8")))}
    assert remote == {}
    index = next(p for p in pages if p.name == "index.html" and "local_site" in p.parts)
    assert "dataContextId" not in index.read_text(encoding="utf-8")  # nothing reports the context id


def test_data_docs_render_their_validation_results_offline(
    chromium: str, docs_url: str, seeds_run: World, tmp_path: Path
) -> None:
    # The site's own index (docs/gx/index.html only redirects to it).
    docs = seeds_run.settings.docs_dir
    index = next((docs / "gx").rglob("local_site/index.html")).relative_to(docs).as_posix()
    with DevTools.launch(chromium, f"{docs_url}/{index}", tmp_path / "profile", OFFLINE_FLAGS) as browser:
        page = browser.evaluate(GX_JS, timeout=40)
        screenshot = tmp_path / "gx_data_docs_offline.png"
        screenshot.write_bytes(browser.screenshot())

    assert "error" not in page, f"Data Docs did not render offline: {page}"
    suites = suites_the_gate_runs()
    assert page["shown_rows"] > 0 and page["results"] >= len(suites), page  # a page of the table
    missing = [suite for suite in suites if suite not in page["results_text"]]
    assert missing == [], f"suites without a validation result in the table: {missing}"
    assert page["bootstrap_css"], "Bootstrap's CSS did not apply (navbar not flex)"
    assert page["logo_width"] > 0, "GX's logo did not load from the site's static/images"
    assert_only_local(page["resources"], docs_url)
    assert screenshot.stat().st_size > 30_000, f"screenshot looks blank: {screenshot}"


def test_dbt_docs_render_their_models_offline(chromium: str, docs_url: str, tmp_path: Path) -> None:
    url = f"{docs_url}/dbt/index.html#!/overview"
    with DevTools.launch(chromium, url, tmp_path / "profile", OFFLINE_FLAGS) as browser:
        page = browser.evaluate(DBT_JS, timeout=40)

    assert "error" not in page, f"dbt docs did not render offline: {page}"
    expected = {f"model.{PROJECT}.{name}" for name in MARTS}
    assert expected <= set(page["models"]), sorted(expected - set(page["models"]))
    assert_only_local(page["resources"], docs_url)


def assert_only_local(resources: list[dict[str, Any]], docs_url: str) -> None:
    """Every file the page fetched (or tried to) came from the local docs server."""
    assert resources, "the page reported no resources at all"
    elsewhere = [r["name"] for r in resources if not r["name"].startswith((docs_url, "data:", "blob:"))]
    assert elsewhere == []


# The validation results table once bootstrap-table has drawn it, plus style/logo/resource facts.
GX_JS = f"""
new Promise(resolve => {{
  const started = Date.now();
  const poll = () => {{
    const rows = document.querySelectorAll('#{RESULTS_TABLE} tbody tr[data-index]');
    if (rows.length > 0 && document.readyState === 'complete') {{
      const logo = document.querySelector('.navbar img');
      const results = window.jQuery('#{RESULTS_TABLE}').bootstrapTable('getData');  // every page
      resolve({{
        shown_rows: rows.length,
        results: results.length,
        results_text: JSON.stringify(results),
        bootstrap_css: getComputedStyle(document.querySelector('nav.navbar')).display === 'flex',
        logo_width: logo ? logo.naturalWidth : 0,
        resources: performance.getEntriesByType('resource').map(e => ({{name: e.name}})),
      }});
    }} else if (Date.now() - started > 30000) {{
      resolve({{error: 'no validation result rows after 30 s', has_jquery: typeof window.jQuery,
               resources: performance.getEntriesByType('resource').map(e => e.name)}});
    }} else {{
      setTimeout(poll, 200);
    }}
  }};
  poll();
}})
"""

DBT_JS = """
new Promise(resolve => {
  const started = Date.now();
  const poll = () => {
    const models = Array.from(document.querySelectorAll('a.menu-node[data-nav-unique-id^="model."]'),
                              a => a.getAttribute('data-nav-unique-id'));
    if (models.length > 0 && document.readyState === 'complete') {
      resolve({models, resources: performance.getEntriesByType('resource').map(e => ({name: e.name}))});
    } else if (Date.now() - started > 30000) {
      resolve({error: 'no models in the project tree after 30 s'});
    } else {
      setTimeout(poll, 200);
    }
  };
  poll();
})
"""
