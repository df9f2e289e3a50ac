"""dbt-duckdb plugin: the domain rules of news_warehouse.rules as DuckDB functions for dbt.

profiles.yml loads it, so every dbt connection can call the Python definition of a rule instead
of a SQL copy of it; the macros fold_name, precision_rank and published_date_choice are the only
callers. Only tables call these functions (intermediate and marts): a view calling one would
fail in any DuckDB session that did not load this plugin, such as an analyst's on the published file.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb.sqltypes import DATE, INTEGER, VARCHAR

from news_warehouse import rules

PUBLISHED_DATE = duckdb.struct_type({"published_date": DATE, "published_precision": VARCHAR, "published_source": VARCHAR})


def _fold_name(name: str | None) -> str | None:
    """A name's folded form; a name that folds to nothing is no name (NULL), so it never joins."""
    if name is None:
        return None
    return rules.fold(name) or None


def _precision_ranks(precisions: pa.Array) -> pa.Array:
    """rules.precision_rank over a vector of precisions: one Python call per distinct value.

    Clustering orders every report of a cluster by it; called once per row, the function cost
    seconds on the clusters a run touches in a long history.
    """
    distinct = precisions.unique()
    ranks = pa.array([rules.precision_rank(value) for value in distinct.to_pylist()], type=pa.int32())
    return ranks.take(pc.index_in(precisions, value_set=distinct))


def _published_date(
    stated: date | None,
    stated_precision: str | None,
    stated_source: str | None,
    inferred: date | None,
    inferred_precision: str | None,
) -> dict[str, object] | None:
    chosen = rules.published_date(stated, stated_precision, stated_source, inferred, inferred_precision)
    if chosen is None:
        return None
    return {"published_date": chosen.value, "published_precision": chosen.precision, "published_source": chosen.source}


def register_rules(connection: duckdb.DuckDBPyConnection) -> None:
    """Create rules_fold_name, rules_precision_rank and rules_published_date on the connection."""
    # Special NULL handling: these functions return NULL for some values (a name folding to
    # nothing) or read NULLs (a date without precision is a day), so DuckDB must call them with
    # NULLs rather than answer NULL itself.
    connection.create_function("rules_fold_name", _fold_name, [VARCHAR], VARCHAR, null_handling="special")
    connection.create_function(
        "rules_precision_rank", _precision_ranks, [VARCHAR], INTEGER, type="arrow", null_handling="special"
    )
    connection.create_function(
        "rules_published_date",
        _published_date,
        [DATE, VARCHAR, VARCHAR, DATE, VARCHAR],
        PUBLISHED_DATE,
        null_handling="special",
    )


class Plugin(BasePlugin):
    """Registers the rules on each connection dbt-duckdb opens."""

    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        register_rules(conn)
