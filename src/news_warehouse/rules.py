"""The domain rules that the extractor, the evaluation and the warehouse must apply alike.

Each rule is defined here once. dbt does not restate them in SQL: the dbt-duckdb plugin
`news_warehouse.transform.duckdb_rules` registers these functions on dbt's DuckDB connection and
the macros `fold_name`, `precision_rank` and `published_date_choice` call them. So a name the
extractor matched folds to the same key in the warehouse by construction, instead of by keeping
two spellings of one rule in step (issue 16: they had drifted). The golden cases of each rule
(dbt_project/tests/fixtures/*_cases.csv) are asserted by tests/test_rules.py on these functions
and by dbt unit tests on the models that call them.

This module imports nothing heavy (no spaCy): dbt loads it in every run.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

# Every apostrophe-like character that news text and the gold write for "'" (NFKC already turns
# the acute accent U+00B4 into a combining accent, which strip_accents removes).
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u201b\u02bc\u02b9\u0060\u2032", "'"))

# Date precisions from the coarsest to the finest; a precision's rank is its place here, so a
# higher rank says more. A date is stored as the first day of its period plus its precision.
PRECISIONS = ("year", "month", "day")

# published_source of a date the extractor inferred from the text (the others come from ingestion).
INFERRED = "inferred"


def strip_accents(text: str) -> str:
    """Remove diacritics: French news writes both "Etats-Unis" and "États-Unis"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The comparison key of a name: NFKC, one apostrophe, case folded, no accents, single spaces.

    The gold's name equality (shared/gold/README.md), the gazetteer's lookup key and the input of
    actor_key / platform_key: "Etats-Unis", "États-Unis" and "ETATS-UNIS" are one name. Changing
    it changes every warehouse key, so it takes a --full-refresh. Cached: resolving one article
    folds every known person's name, and dbt folds every name of every fact.
    """
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    return re.sub(r"\s+", " ", strip_accents(text)).strip()


def precision_rank(precision: str | None) -> int:
    """How precise a date is: year 0, month 1, day 2. A known date without a precision is a day."""
    return PRECISIONS.index(precision or "day")


def coarser(precision: str, other: str) -> str:
    """The less precise of two precisions: the one at which two dates can be compared."""
    return min(precision, other, key=precision_rank)


def truncate(value: date, precision: str) -> date:
    """The first day of the period of `precision` containing `value`."""
    if precision == "year":
        return value.replace(month=1, day=1)
    return value.replace(day=1) if precision == "month" else value


@dataclass(frozen=True)
class PublishedDate:
    """When an article was published, how precisely, and who says so (metadata, printed, inferred)."""

    value: date
    precision: str
    source: str | None


def published_date(
    stated: date | None,
    stated_precision: str | None,
    stated_source: str | None,
    inferred: date | None,
    inferred_precision: str | None,
) -> PublishedDate | None:
    """The date an article states (metadata, else a printed dateline), else the one inferred from its text.

    A stated date wins even when less precise: the text's own claim beats the extractor's guess.
    The precision goes with the date that won; a date without one is a day.
    """
    if stated is not None:
        return PublishedDate(stated, stated_precision or "day", stated_source)
    if inferred is not None:
        return PublishedDate(inferred, inferred_precision or "day", INFERRED)
    return None
