"""The expectation suites: reviewable JSON files in `expectations/`, one per mart plus `row_counts`.

They are plain GX 1.x suite JSON (`name`, `expectations: [{type, kwargs, meta}]`) so a reviewer
reads the rules without running anything, and a change to a rule is a one-line diff. Values only
known at run time are GX suite parameters (`{"$PARAMETER": "known_currency_codes"}`), filled in by
`expectation_parameters`. Date ranges are not here: whether one article's dates are plausible is
judged per article by `plausibility.py` (rules in `plausibility/rules.json`), which holds that
article back instead of failing the build.

The suites hold only the publication-level rules (docs/QUALITY.md): the values of the delta's
rows and the row counts. Keys, uniqueness, relationships and offsets are dbt tests, and a mart's
columns are its dbt model's enforced contract, checked by `dbt build` itself: a suite restates neither.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROW_COUNTS_SUITE = "row_counts"

# Rules about a whole table: a chunk of the delta cannot answer them, dbt's tests do (on the whole mart).
WHOLE_TABLE_RULES = frozenset({
    "expect_column_values_to_be_unique",
    "expect_compound_columns_to_be_unique",
    "expect_column_unique_value_count_to_be_between",
    "expect_column_proportion_of_unique_values_to_be_between",
})


def load_suite_definitions(expectations_dir: Path) -> dict[str, dict[str, Any]]:
    """Every `<name>.json` of the folder, by name; the name inside must match the file name."""
    definitions = {}
    for path in sorted(expectations_dir.glob("*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))
        if definition.get("name") != path.stem:
            raise ValueError(f"{path}: suite name {definition.get('name')!r} must be {path.stem!r}")
        _refuse_whole_table_rules(path, definition, path.stem == ROW_COUNTS_SUITE)
        definitions[path.stem] = definition
    return definitions


def _refuse_whole_table_rules(path: Path, definition: dict[str, Any], is_row_counts: bool) -> None:
    """A mart suite sees the delta only: a uniqueness rule there would pass on a duplicate of history."""
    if is_row_counts:  # one row per mart, built whole by SQL aggregates
        return
    misplaced = [e["type"] for e in definition.get("expectations", []) if e["type"] in WHOLE_TABLE_RULES]
    if misplaced:
        raise ValueError(f"{path}: {misplaced} judge a whole mart; write them as dbt tests (docs/QUALITY.md)")


def is_row_level(expectation: dict[str, Any]) -> bool:
    """True for a rule about rows' values, which needs the rows; table-level ones need only columns."""
    return not expectation["type"].startswith("expect_table_")


def expectation_parameters(currency_codes: list[str]) -> dict[str, Any]:
    """Values of the `$PARAMETER`s the suites use."""
    return {"known_currency_codes": currency_codes}


def to_gx_suite(definition: dict[str, Any]) -> Any:
    """A `gx.ExpectationSuite` from its JSON, refusing to drop any expectation.

    GX logs and skips an expectation whose configuration it cannot read; a gate that silently
    checks less than its reviewed file says is worse than one that fails, so that is an error.
    """
    import great_expectations as gx

    suite = gx.ExpectationSuite(
        name=definition["name"],
        expectations=definition["expectations"],
        meta=definition.get("meta"),
    )
    if len(suite.expectations) != len(definition["expectations"]):
        raise ValueError(
            f"suite {definition['name']!r}: GX accepted {len(suite.expectations)} of "
            f"{len(definition['expectations'])} expectations; see the log for the rejected ones"
        )
    return suite
