"""HTML pages: recognise them by content, and take their main text, title, date and address.

trafilatura (2.x) finds the main text and drops navigation, scripts and styles; it emits one
line per block element and keeps the <h1> as the first line. Its fallback extractors are off
(`fast`) and it favours precision: measured on navigation-only pages, the fallbacks return the menu
words as if they were the article. As a guarantee independent of its internals, <script>,
<style>, <noscript> and <template> elements are removed before it sees the page.
Title and date come from the page's own metadata, read here with the standard parser: htmldate
(trafilatura's date finder) also guesses from URLs and body text, which is not "as printed".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import trafilatura

from news_warehouse.ingest.article import PublishedDate
from news_warehouse.ingest.published import parse_date_string

_ROOT_TAG = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_CLOSING_TAGS = re.compile(r"</(?:p|div|span|a|li|ul|article|section|body|html|h[1-6]|table|td)\s*>", re.IGNORECASE)
MIN_CLOSING_TAGS = 5  # a plain text quoting one or two tags is not a page
_NON_TEXT_ELEMENTS = re.compile(r"<(script|style|noscript|template)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
# Meta names or properties that carry the publication date, in order of trust.
DATE_META_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "date", "dc.date",
    "dc.date.issued", "dcterms.created", "pubdate", "publishdate", "sailthru.date", "parsely-pub-date",
)  # fmt: skip
TITLE_META_KEYS = ("og:title", "twitter:title")
_HTTP_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class HtmlArticle:
    """What a page offers: main text (None when there is none), title, published date and address."""

    text: str | None
    title: str | None
    published: PublishedDate | None
    url: str | None = None


def looks_like_html(text: str) -> bool:
    """A page starts with a root tag, or is dense with closing tags, whatever its file name."""
    return bool(_ROOT_TAG.match(text)) or len(_CLOSING_TAGS.findall(text[:20000])) >= MIN_CLOSING_TAGS


def parse_html(page: str) -> HtmlArticle:
    """Main text as paragraphs separated by blank lines, without the repeated headline."""
    metadata = _PageMetadata()
    metadata.feed(page)
    metadata.close()
    text = trafilatura.extract(
        _NON_TEXT_ELEMENTS.sub(" ", page), include_comments=False, include_tables=False, favor_precision=True, fast=True
    )
    body = _paragraphs(text, metadata.headlines()) if text else None
    return HtmlArticle(body or None, metadata.title(), _published(metadata, page), metadata.url())


def _paragraphs(text: str, headlines: set[str]) -> str:
    """One paragraph per trafilatura line; a first line repeating a headline is dropped."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and lines[0].casefold() in headlines:
        lines = lines[1:]
    return "\n\n".join(lines)


def _published(metadata: "_PageMetadata", page: str) -> PublishedDate | None:
    """The first date-bearing meta tag, else JSON-LD datePublished, else <time datetime>."""
    values = [metadata.meta[key] for key in DATE_META_KEYS if key in metadata.meta]
    values += _JSON_LD_DATE.findall(page) + metadata.time_datetimes
    for value in values:
        published = parse_date_string(value)
        if published is not None:
            return published
    return None


class _PageMetadata(HTMLParser):
    """Collects <meta> values, the <title>, the first <h1> and <time datetime> attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.time_datetimes: list[str] = []
        self.canonical: str | None = None
        self._texts: dict[str, list[str]] = {"title": [], "h1": []}
        self._open: str | None = None
        self._done: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key and values.get("content") and key not in self.meta:
                self.meta[key] = values["content"]
        elif tag == "time" and values.get("datetime"):
            self.time_datetimes.append(values["datetime"])
        elif tag == "link" and values.get("rel", "").lower() == "canonical" and values.get("href"):
            self.canonical = self.canonical or values["href"]
        elif tag in self._texts and tag not in self._done:
            self._open = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._done.add(tag)
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._texts[self._open].append(data)

    def title(self) -> str | None:
        """og:title, then the first <h1>, then <title>: the page's own name for the article."""
        return next(iter(self._candidates()), None)

    def url(self) -> str | None:
        """The page's own address: <link rel="canonical">, else og:url; only an absolute http(s) URL counts."""
        for candidate in (self.canonical, self.meta.get("og:url")):
            if candidate and _HTTP_URL.match(candidate.strip()):
                return candidate.strip()
        return None

    def headlines(self) -> set[str]:
        """Every form of the headline, casefolded, to spot it repeated atop the main text."""
        return {candidate.casefold() for candidate in self._candidates()}

    def _candidates(self) -> list[str]:
        raw = [self.meta.get(key, "") for key in TITLE_META_KEYS]
        raw += ["".join(self._texts["h1"]), "".join(self._texts["title"])]
        return [" ".join(candidate.split()) for candidate in raw if candidate.strip()]
