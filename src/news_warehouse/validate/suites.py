"""The expectation suites: reviewable JSON files in `expectations/`, one per mart plus `row_counts`.

They are plain GX 1.x suite JSON (`name`, `expectations: [{type, kwargs, meta}]`) so a reviewer
reads the rules without running anything, and a change to a rule is a one-line diff. Values only
known at run time are GX suite parameters (`{"$PARAMETER": "known_currency_codes"}`), filled in by
`expectation_parameters`. Date ranges are not here: whether one article's dates are plausible is
judged per article by `plausibility.py` (rules in `plausibility/rules.json`), which holds that
article back instead of failing the build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROW_COUNTS_SUITE = "row_counts"


def load_suite_definitions(expectations_dir: Path) -> dict[str, dict[str, Any]]:
    """Every `<name>.json` of the folder, by name; the name inside must match the file name."""
    definitions = {}
    for path in sorted(expectations_dir.glob("*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))
        if definition.get("name") != path.stem:
            raise ValueError(f"{path}: suite name {definition.get('name')!r} must be {path.stem!r}")
        definitions[path.stem] = definition
    return definitions


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
