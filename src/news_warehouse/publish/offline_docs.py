"""Great Expectations Data Docs that open without internet and tell no third party they were opened.

GX 1.24 writes pages that load Bootstrap, jQuery, bootstrap-table, vega and Font Awesome from
CDNs, and its logo from a GX host with the data context id in the query string. Offline the
validation list never renders (bootstrap-table draws it), and online every view is reported.
This module copies those files from the npm packages of `docs/vendor/` (pinned by its
package-lock.json, fetched by `make docs-assets` with the ordinary npm client) into the site's
`static/vendor/` and rewrites every page to load the local copies and GX's own packaged logo.

Pages are rewritten after GX renders them, not by overriding GX's Jinja templates: overriding
would mean copying whole GX templates (page.j2, index_page.j2) that change with each GX release,
whereas a rewrite only needs the list of addresses, and `make_offline` refuses a page that still
loads anything from the network, so a GX upgrade that names new files fails loudly.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

from news_warehouse.config import PROJECT_ROOT, Settings
from news_warehouse.errors import DeterministicError

VENDOR_DIR = PROJECT_ROOT / "docs" / "vendor"
NODE_MODULES = VENDOR_DIR / "node_modules"

# Every address GX's templates load, and the file of an npm package (docs/vendor/package.json)
# that replaces it. A CDN "default file" (`npm/vega@5`) is the package's minified browser build.
CDN_FILES: dict[str, str] = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap/dist/js/bootstrap.min.js",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper.js/dist/umd/popper.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table/dist/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table/dist/bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        "bootstrap-datepicker/dist/css/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        "bootstrap-datepicker/dist/js/bootstrap-datepicker.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        "@forevolve/bootstrap-dark/dist/css/bootstrap-prefers-dark.css",
    "https://cdn.jsdelivr.net/npm/vega@5": "vega/build/vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite/build/vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed/build/vega-embed.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "@fortawesome/fontawesome-free/css/all.min.css",
}
# Folders a copied file loads from relative to itself (Font Awesome's CSS: ../webfonts/*).
COMPANION_DIRS: dict[str, str] = {
    "@fortawesome/fontawesome-free/css/all.min.css": "@fortawesome/fontawesome-free/webfonts",
}

# GX's logos come from its web host (with `?d=<time>&dataContextId=<id>`): replaced by the
# image GX itself ships into the site's `static/images/`.
GX_ASSET_HOST = "great-expectations-web-assets.s3.us-east-2.amazonaws.com"
GX_LOCAL_IMAGE = "logo-long.png"

# A tag that makes the browser fetch something on its own (links a reader clicks are fine).
_LOADING_TAG = re.compile(r"<(?:script|link|img|source|iframe)\b[^>]*>", re.IGNORECASE)
_REMOTE_ATTRIBUTE = re.compile(r"""\b(src|href)\s*=\s*(["'])(https?:)?//([^"']*)\2""", re.IGNORECASE)
_REMOTE_CSS_URL = re.compile(r"""url\(\s*(["']?)(https?:)?//([^"')]*)\1\s*\)""", re.IGNORECASE)
_INTEGRITY = re.compile(r"""\s+(?:integrity|crossorigin)\s*=\s*(["'])[^"']*\1""", re.IGNORECASE)


class OfflineDocsError(DeterministicError):
    """The Data Docs cannot be made to work offline (assets missing, or an unknown address)."""


def make_offline(settings: Settings) -> list[Path]:
    """Rewrite every Data Docs page under `docs/gx/` to load only local files; return the pages.

    Idempotent: a page already rewritten has nothing left to replace.
    """
    root = settings.docs_dir / "gx"
    pages = sorted(root.rglob("*.html"))
    sites = {_site_root(page, root) for page in pages} - {None}
    for site in sites:
        _copy_vendor_files(site / "static" / "vendor")
    for page in pages:
        site = _site_root(page, root)
        if site is not None:
            page.write_text(_rewrite(page.read_text(encoding="utf-8"), page, site), encoding="utf-8")
    remote = {page: refs for page in pages if (refs := remote_references(page.read_text(encoding="utf-8")))}
    if remote:
        listing = "; ".join(f"{page.name}: {', '.join(sorted(set(refs)))}" for page, refs in remote.items())
        raise OfflineDocsError(
            f"Data Docs pages still load files from the network: {listing}",
            action="add the addresses to news_warehouse.publish.offline_docs.CDN_FILES (and the "
            "package to docs/vendor/package.json, then `make docs-assets`)",
        )
    return pages


def remote_references(html: str) -> list[str]:
    """Addresses a page would fetch from another host when opened: tags' src/href and CSS url()."""
    found = [
        match.group(4)
        for tag in _LOADING_TAG.findall(html)
        for match in _REMOTE_ATTRIBUTE.finditer(tag)
        if not tag.lower().startswith("<link") or _is_loaded_link(tag)
    ]
    return found + [match.group(3) for match in _REMOTE_CSS_URL.finditer(html)]


def _is_loaded_link(tag: str) -> bool:
    """`<link rel="stylesheet|icon|preload|...">` loads its href; `rel="canonical"` and the like do not."""
    rel = re.search(r"""\brel\s*=\s*(["'])([^"']*)\1""", tag, re.IGNORECASE)
    return rel is None or any(
        word in {"stylesheet", "icon", "shortcut", "preload", "prefetch", "modulepreload", "manifest"}
        for word in rel.group(2).lower().split()
    )


def _site_root(page: Path, root: Path) -> Path | None:
    """The GX site a page belongs to: its nearest folder under `root` with `static/` and `index.html`."""
    for folder in page.parents:
        if not folder.is_relative_to(root):
            return None
        if (folder / "static").is_dir() and (folder / "index.html").is_file():
            return folder
    return None


def _copy_vendor_files(target: Path) -> None:
    if not NODE_MODULES.is_dir():
        raise OfflineDocsError(
            f"{NODE_MODULES} is missing: the Data Docs' CSS/JS come from its npm packages",
            action="run `make docs-assets` (npm ci in docs/vendor/; installs npm with apt-get if needed)",
        )
    for relative in CDN_FILES.values():
        source = NODE_MODULES / relative
        if not source.is_file():
            raise OfflineDocsError(
                f"{source} is missing from the npm packages of docs/vendor/",
                action="run `make docs-assets` again (npm ci) or fix the path in CDN_FILES",
            )
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / relative)
    for relative in COMPANION_DIRS.values():
        shutil.copytree(NODE_MODULES / relative, target / relative, dirs_exist_ok=True)


def _rewrite(html: str, page: Path, site: Path) -> str:
    """The page with every known remote address replaced by a path relative to the page."""
    to_site = Path(os.path.relpath(site, page.parent)).as_posix()

    def local(address: str) -> str | None:
        parsed = urlparse(address)
        if parsed.netloc == GX_ASSET_HOST:
            return f"{to_site}/static/images/{GX_LOCAL_IMAGE}"
        vendored = CDN_FILES.get(f"{parsed.scheme}://{parsed.netloc}{unquote(parsed.path)}")
        return f"{to_site}/static/vendor/{vendored}" if vendored else None

    def tag(match: re.Match[str]) -> str:
        text = match.group(0)

        def attribute(found: re.Match[str]) -> str:
            replacement = local(f"{found.group(3) or 'https:'}//{found.group(4)}")
            return found.group(0) if replacement is None else f"{found.group(1)}={found.group(2)}{replacement}{found.group(2)}"

        rewritten = _REMOTE_ATTRIBUTE.sub(attribute, text)
        # Subresource-integrity hashes name the CDN's bytes; the local copy is pinned by npm's lock.
        return _INTEGRITY.sub("", rewritten) if rewritten != text else text

    def css_url(match: re.Match[str]) -> str:
        replacement = local(f"{match.group(2) or 'https:'}//{match.group(3)}")
        return match.group(0) if replacement is None else f"url('{replacement}')"

    return _REMOTE_CSS_URL.sub(css_url, _LOADING_TAG.sub(tag, html))
