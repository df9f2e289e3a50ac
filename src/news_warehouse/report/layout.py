"""Pages from templates, written as they render, and how values read on a page.

Jinja2 with autoescaping on: every value a template prints is HTML-escaped unless it is a
`Markup` the report built itself (the highlighted body, whose escaping `spans.py` owns), so text
from an article can never become markup. Pages are streamed to disk (`Template.generate`), so a
facts table of a million rows never sits in memory as one string.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

# Lists in a `data-f-*` attribute (an incident's platforms) are joined with this separator,
# which report.js splits on; it cannot occur in a name.
LIST_SEPARATOR = "\u241f"
SAFE_KEY = re.compile(r"[0-9A-Za-z_-]{1,64}")

ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("news_warehouse.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Cell:
    text: Any
    href: str | None = None
    cls: str | None = None
    tip: str | None = None


@dataclass(frozen=True)
class Column:
    label: str
    num: bool = False


@dataclass(frozen=True)
class TableRow:
    cells: list[Cell]
    filters: list[tuple[str, str]] = field(default_factory=list)  # data-f-KEY="VALUE" for report.js


@dataclass
class Table:
    columns: list[Column]
    rows: Iterable[TableRow]
    cls: str = "facts-table"
    heading: str | None = None
    id: str | None = None
    missing: str | None = None  # shown instead of the table (e.g. the audit table does not exist)
    cap: Cap | None = None  # said above the table when it shows only part of its rows


@dataclass(frozen=True)
class Cap:
    """A table showing `shown` of `total` rows: what it kept, and the SQL that gives them all."""

    shown: int
    total: int
    which: str  # "most recent", "largest"...
    sql: str


def write_page(path: Path, template: str, **context: Any) -> None:
    """Render `template` into `path` chunk by chunk, then rename it into place.

    The page is written under a temporary name beside `path` and renamed over it, so a reader
    opening `path` sees the old page or the new one, never half of one: article pages are
    rewritten in place in the published report (site.py).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    staged = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for chunk in ENV.get_template(template).generate(**context):
                out.write(chunk)
        staged.chmod(0o644)  # mkstemp makes it private; the report is for every reader
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)


def page_name(key: str) -> str:
    """A key as a file name; keys are hex digests, anything else is refused rather than trusted."""
    if not SAFE_KEY.fullmatch(key):
        raise ValueError(f"unexpected key {key!r}: keys are hex digests")
    return f"{key}.html"


def anchor(kind: str, fact_key: str) -> str:
    """The element id of a fact's span on its article page (`incident-<incident_key>`)."""
    if not SAFE_KEY.fullmatch(fact_key):
        raise ValueError(f"unexpected key {fact_key!r}: keys are hex digests")
    return f"{kind}-{fact_key}"


def article_href(article_key: str, kind: str | None = None, fact_key: str | None = None, root: str = "../") -> str:
    """Link to an article page, at one fact's span when given."""
    target = f"{root}articles/{page_name(article_key)}"
    return target if kind is None or fact_key is None else f"{target}#{anchor(kind, fact_key)}"


def fragment(**filters: str | None) -> str:
    """`#key=value&...` for report.js's filter (values percent-encoded; None values left out)."""
    parts = [f"{quote(k, safe='')}={quote(str(v), safe='')}" for k, v in filters.items() if v is not None]
    return "#" + "&".join(parts)


def pairs_fragment(pairs: list[tuple[str, str]]) -> str:
    """Like `fragment`, for a filter that repeats a key (two actors of one incident)."""
    return "#" + "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


def joined(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


# --- how values read ----------------------------------------------------------------------------


def number(value: float | int | Decimal | None, decimals: int | None = None) -> str:
    """Thousands grouped with a narrow no-break space; decimals only where the value has some."""
    if value is None:
        return "–"
    if decimals is None:
        decimals = 0 if float(value) == int(value) else 2
    return f"{float(value):,.{decimals}f}".replace(",", "\u202f")


def compact(value: float | int | Decimal | None) -> str:
    """1 234 567 -> "1.2 M": for headline numbers."""
    if value is None:
        return "–"
    amount = float(value)
    for size, suffix in ((1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if abs(amount) >= size:
            return f"{amount / size:.1f}".rstrip("0").rstrip(".") + suffix
    return number(amount, 0)


def money(amount: float | Decimal | None, currency: str | None) -> str:
    return f"{number(amount)} {currency or '?'}"


def when(day: date | None, precision: str | None) -> str:
    """A date as precise as it is known: 2021-01-07, 2021-01 or 2021."""
    if day is None:
        return "date unknown"
    if precision == "year":
        return f"{day:%Y}"
    if precision == "month":
        return f"{day:%Y-%m}"
    return day.isoformat()


def stamp(moment: datetime | None) -> str:
    return "–" if moment is None else f"{moment:%Y-%m-%d %H:%M} UTC"


def label(name: str | None) -> str:
    """`account_suspension` -> `account suspension`."""
    return (name or "unknown").replace("_", " ")


ENV.filters["number"] = number
