"""Data Docs pages rewritten to local copies of their CSS/JS (the npm packages of docs/vendor/).

A small site shaped like GX's (`index.html` + `static/` at the root, result pages four folders
down) with the addresses GX 1.24's templates use; the real pages are checked in a browser by
tests/e2e/test_docs_offline.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from news_warehouse.config import Settings
from news_warehouse.publish import offline_docs
from news_warehouse.publish.offline_docs import OfflineDocsError, make_offline, remote_references

HEAD = """<html><head>
<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>
<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>
<script src="https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js" integrity="sha384-Jj" crossorigin="anonymous"></script>
<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>
<link rel="stylesheet" href="https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css">
<style>.x { background: url('https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/full_logo_dark.png') 0 0; }</style>
</head><body>
<img src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=1&dataContextId=abc">
<a href="https://greatexpectations.io">a link is only followed when clicked</a>
</body></html>"""


def gx_site(settings: Settings, extra: str = "") -> tuple[Path, Path]:
    site = settings.docs_dir / "gx" / "gx" / "uncommitted" / "data_docs" / "local_site"
    (site / "static" / "images").mkdir(parents=True)
    (site / "index.html").write_text(HEAD + extra, encoding="utf-8")
    page = site / "validations" / "fct_incident" / "__none__" / "20261128" / "run.html"
    page.parent.mkdir(parents=True)
    page.write_text(HEAD, encoding="utf-8")
    return site, page


def test_pages_load_local_copies_only(settings: Settings) -> None:
    site, page = gx_site(settings)

    assert len(remote_references(page.read_text())) == 7  # 5 tags, the logo, the CSS url()
    assert len(make_offline(settings)) == 2

    for html_page in (site / "index.html", page):
        html = html_page.read_text()
        assert remote_references(html) == []
        assert "dataContextId" not in html and "integrity=" not in html
        assert 'href="https://greatexpectations.io"' in html  # links are left alone
    html = page.read_text()
    assert '<script src="../../../../static/vendor/jquery/dist/jquery.min.js">' in html
    assert "url('../../../../static/images/logo-long.png')" in html
    for relative in offline_docs.CDN_FILES.values():
        assert (site / "static" / "vendor" / relative).is_file()
    assert any((site / "static" / "vendor" / "@fortawesome/fontawesome-free/webfonts").glob("*.woff2"))
    # Idempotent: a second pass finds nothing to change.
    make_offline(settings)
    assert page.read_text() == html


def test_an_unknown_address_is_refused_by_name(settings: Settings) -> None:
    gx_site(settings, '<script src="https://cdn.example.org/new-lib.js"></script>')

    with pytest.raises(OfflineDocsError, match="cdn.example.org/new-lib.js") as raised:
        make_offline(settings)

    assert "CDN_FILES" in raised.value.action


def test_missing_npm_packages_say_how_to_get_them(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    gx_site(settings)
    monkeypatch.setattr(offline_docs, "NODE_MODULES", settings.docs_dir / "no_node_modules")

    with pytest.raises(OfflineDocsError, match="no_node_modules") as raised:
        make_offline(settings)

    assert "make docs-assets" in raised.value.action
