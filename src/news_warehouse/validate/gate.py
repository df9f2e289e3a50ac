"""The quality gate between the build file and the published warehouse (write-audit-publish).

Each rule has one home (docs/QUALITY.md). dbt's tests hold the structural rules (keys,
relationships, vocabularies, offsets, exchange rates) and already gated the build on its whole
marts. The gate holds the publication-level ones. Per-article plausibility rules
(`validate.plausibility`) run first: an article whose facts no news could contain is held back
with all its facts and the rest goes on. Then the suites of `expectations/` run: their row-level
rules on the delta only (`validate.delta`: the articles this build added or changed, read in
bounded chunks through a read-only DuckDB connection, since GX 1.24 has no DuckDB datasource),
and the row counts as SQL aggregates over the marts. A mart's columns are not checked here: its
enforced dbt contract already failed any build whose columns or types differ from its yml. So
validation costs what the run brings, not what the warehouse holds. The
verdict is appended to `audit.validation_runs`; `news_warehouse.publish` only swaps in a build
whose latest verdict is a success.

Great Expectations takes seconds to import and the Airflow DAG imports this module when parsing,
so GX is imported inside the functions that run it, never at module level.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import duckdb
import pandas as pd

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.db import utc_now
from news_warehouse.errors import DeterministicError
from news_warehouse.transform.fingerprint import code_fingerprint
from news_warehouse.validate.delta import Delta, select_delta
from news_warehouse.validate.frames import (
    columns_by_table,
    delta_query,
    known_currency_codes,
    mart_tables,
    read_frame,
)
from news_warehouse.validate.plausibility import HeldArticles, hold_implausible_articles, load_rules
from news_warehouse.validate.row_counts import row_counts_frame
from news_warehouse.validate.suites import (
    ROW_COUNTS_SUITE,
    expectation_parameters,
    is_row_level,
    load_suite_definitions,
    to_gx_suite,
)

log = logging.getLogger(__name__)

DATASOURCE = "build_marts"
BATCH_DEFINITION = "whole_table"

# The Data Docs show the latest validation results of each suite; audit.validation_runs keeps
# every verdict. Rendering every stored result on each run would cost more with each run (a year
# of hourly runs is 8,760 results per suite, and a validation of everything one per chunk).
DATA_DOCS_RESULTS_PER_SUITE = 12


@dataclass
class ValidationOutcome:
    """What the gate decided about one build, and where the Data Docs show why."""

    success: bool
    evaluated: int
    failed: int
    failures: list[str] = field(default_factory=list)
    data_docs_index: Path | None = None
    held_articles: int = 0  # articles held back by a plausibility rule (not failures)
    held: list[str] = field(default_factory=list)  # why: one line per held article and rule
    delta_articles: int = 0  # articles whose rows the row-level rules read
    rows_validated: int = 0  # mart rows handed to GX: bounded by the delta, never the history


class ValidationFailed(DeterministicError):
    """The build did not pass the gate, so it was not published; the message lists the reasons."""

    action = (
        "the build itself is wrong (schema, values, row counts): see the failed checks above and "
        "the Data Docs (warehouse/docs/gx/index.html), fix the model or extractor, then re-run"
    )

    def __init__(self, run_id: str, failures: list[str]) -> None:
        self.run_id = run_id
        self.failures = failures
        reasons = "\n".join(f"  - {failure}" for failure in failures) or "  - (no reason recorded)"
        super().__init__(
            f"run {run_id}: the build was not published ({len(failures)} failed checks):\n{reasons}"
        )


def validate_build(settings: Settings, run_id: str) -> ValidationOutcome:
    """Hold back implausible articles, validate the build's delta and row counts, build Data Docs, record.

    Bad data is a verdict, not an exception: the outcome (also appended to audit.validation_runs)
    says what failed, and the DAG's validate and publish tasks (news_warehouse.tasks) act on it.
    Held articles are not failures: they are listed in audit.quarantined_articles and in `outcome.held`.
    """
    definitions = load_suite_definitions(settings.expectations_dir)
    fingerprint = code_fingerprint(settings)
    held = _hold_implausible(settings, run_id, fingerprint)
    context = _file_context(settings)
    with db.write_lock(settings), db.reader(settings.build_path, settings) as con:
        # Under the writer lock: DuckDB refuses even a read-only connection while another
        # process holds the file read-write, so a concurrent run's writer must be waited for.
        # The delta is read chunk by chunk while GX runs, so the connection stays open meanwhile.
        delta = select_delta(con, fingerprint, held.released)
        log.info("validating %d article(s) (%s): %s", delta.articles, delta.scope, delta.reason)
        problems: list[str] = []
        suites = _SuiteRuns(context, _parameters(con, problems))
        problems += _validate_marts(con, definitions, delta, suites)
        rows_validated = suites.rows  # the marts' rows; the row counts below are one row per mart
        if ROW_COUNTS_SUITE in definitions:
            suites.run(ROW_COUNTS_SUITE, definitions[ROW_COUNTS_SUITE], row_counts_frame(con))
    failures = list(held.problems) + problems + suites.failures()
    evaluated = suites.evaluated() + len(held.problems) + len(problems)
    outcome = ValidationOutcome(
        success=not failures,
        evaluated=evaluated,
        failed=len(failures),
        failures=failures,
        data_docs_index=_build_data_docs(context, settings),
        held_articles=len(held.article_keys),
        held=list(held.reasons),
        delta_articles=delta.articles,
        rows_validated=rows_validated,
    )
    _record(settings, run_id, outcome)
    log.info("validation of run %s: %s; Data Docs: %s", run_id, _summary(outcome), outcome.data_docs_index)
    return outcome


def _hold_implausible(settings: Settings, run_id: str, fingerprint: str) -> HeldArticles:
    """Judge the delta's articles against the plausibility rules and take the held ones out of the marts."""
    rules = load_rules(settings.expectations_dir)
    with db.writer(settings) as con:
        held = hold_implausible_articles(con, rules, run_id, date.today(), utc_now(), fingerprint)
    for reason in held.reasons:
        log.warning("held back (not published): %s", reason)
    if held.released:
        log.info("released (plausible again, published): %s", ", ".join(sorted(held.released)))
    return held


def _summary(outcome: ValidationOutcome) -> str:
    verdict = "passed" if outcome.success else "FAILED"
    held = f", {outcome.held_articles} article(s) held back" if outcome.held_articles else ""
    return f"{verdict}, {outcome.failed} of {outcome.evaluated} checks failed{held}"


def _validate_marts(
    con: duckdb.DuckDBPyConnection,
    definitions: dict[str, dict[str, Any]],
    delta: Delta,
    suites: _SuiteRuns,
) -> list[str]:
    """Run each mart's suite on its delta rows, one chunk at a time; return what prevented it.

    A mart without a suite would be published unchecked, and a suite without its mart means the
    build lost a table: both fail the gate. So does a row-level rule on a mart not keyed by
    article, which the delta cannot narrow and which would then check no row at all. A suite
    without rules (the mart's structure is all dbt's) says so on review and is not run: GX
    would only report zero expectations met, at the cost of a validation and its Data Docs page.
    """
    present = set(mart_tables(con))
    columns = columns_by_table(con)
    mart_suites = set(definitions) - {ROW_COUNTS_SUITE}
    problems = [
        f"marts.{table}: no expectation suite (expected expectations/{table}.json)"
        for table in sorted(present - mart_suites)
    ] + [f"marts.{table}: missing from the build" for table in sorted(mart_suites - present)]
    for table in sorted(mart_suites & present):
        definition = definitions[table]
        if not definition["expectations"]:
            continue
        keyed = "article_key" in columns[table]
        if not keyed and any(is_row_level(e) for e in definition["expectations"]):
            problems.append(f"marts.{table}: has no article_key, so its suite may only hold table-level rules")
            continue
        for chunk in range(max(delta.chunks, 1) if keyed else 1):
            try:
                frame = read_frame(con, delta_query(table, keyed), {"chunk": chunk} if keyed else None)
            except duckdb.Error as error:
                problems.append(f"marts.{table}: could not be read for validation: {error}")
                break
            suites.run(table, definition, frame)
    return problems


def _parameters(con: duckdb.DuckDBPyConnection, problems: list[str]) -> dict[str, Any]:
    try:
        currencies = known_currency_codes(con)
    except duckdb.Error as error:
        problems.append(f"reference.exchange_rates: could not be read: {error}")
        currencies = ["EUR"]
    return expectation_parameters(currencies)


class _SuiteRuns:
    """GX validations of dataframes against suites, gathered per expectation across chunks.

    A suite validated on several chunks still counts each expectation once, and a rule failing
    in several chunks is one failed check whose findings are joined.
    """

    def __init__(self, context: Any, parameters: dict[str, Any]) -> None:
        self.context = context
        self.parameters = parameters
        self.source = _pandas_source(context)
        self.rows = 0
        self._definitions: dict[str, Any] = {}
        # (suite, position in the suite) -> the rule's name and the findings of the runs it failed
        self._outcomes: dict[tuple[str, int], tuple[str, list[str]]] = {}

    def run(self, name: str, definition: dict[str, Any], frame: pd.DataFrame) -> None:
        import great_expectations as gx

        if name not in self._definitions:
            suite = self.context.suites.add_or_update(to_gx_suite(definition))
            self._definitions[name] = self.context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=name, data=_batch_definition(self.source, name), suite=suite)
            )
        result = self._definitions[name].run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=self.parameters,
            result_format="SUMMARY",
        )
        self.rows += len(frame)
        for position, check in enumerate(result.results):
            _, findings = self._outcomes.setdefault((name, position), (_rule(check), []))
            if not check.success:
                findings.append(_finding(check))

    def evaluated(self) -> int:
        return len(self._outcomes)

    def failures(self) -> list[str]:
        return [
            f"{suite}: {rule}: {'; '.join(findings)}"
            for (suite, _), (rule, findings) in self._outcomes.items()
            if findings
        ]


def _file_context(settings: Settings) -> Any:
    """The GX project under `docs/gx` (Data Docs need a file context), quiet and offline."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    root = settings.docs_dir / "gx"
    root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(root))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.enable_analytics(False)  # also saves the variables
    return context


def _pandas_source(context: Any) -> Any:
    """The datasource the mart dataframes are handed to, created on the first run only."""
    try:
        return context.data_sources.get(DATASOURCE)
    except KeyError:
        return context.data_sources.add_pandas(DATASOURCE)


def _batch_definition(source: Any, name: str) -> Any:
    """One dataframe asset per suite with a whole-dataframe batch, reused across runs."""
    try:
        asset = source.get_asset(name)
    except LookupError:
        asset = source.add_dataframe_asset(name)
    try:
        return asset.get_batch_definition(BATCH_DEFINITION)
    except KeyError:
        return asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)


def _rule(check: Any) -> str:
    """A checked expectation as the failure lines name it: which rule, on what, and why it exists."""
    config = check.expectation_config
    target = config.kwargs.get("column") or config.kwargs.get("column_list") or ""
    why = (config.meta or {}).get("why")
    rule = f"{config.type}({', '.join(target) if isinstance(target, list) else target})"
    return f"{rule}{f' [{why}]' if why else ''}"


def _finding(check: Any) -> str:
    error = _exception_message(check.exception_info)
    if error:
        return f"could not be evaluated: {error}"
    result = check.result or {}
    if "unexpected_count" in result:
        examples = result.get("partial_unexpected_list", [])[:5]
        return f"{result['unexpected_count']} unexpected value(s), e.g. {examples}"
    return f"observed {result.get('observed_value')!r}"


def _exception_message(info: Any) -> str | None:
    """GX puts exceptions either at the top of `exception_info` or under each failing metric."""
    if not isinstance(info, dict):
        return None
    entries = [info] + [value for value in info.values() if isinstance(value, dict)]
    for entry in entries:
        if entry.get("raised_exception") or entry.get("exception_message"):
            return str(entry.get("exception_message"))
    return None


def _build_data_docs(context: Any, settings: Settings) -> Path:
    """Render Data Docs and link them from `docs/gx/index.html`, beside `docs/dbt/index.html`.

    GX writes its site deep inside its project folder; the stable short path is what the README
    and the logs point analysts to.
    """
    _keep_latest_results(context)
    urls = context.build_data_docs()
    site_index = Path(unquote(urlparse(next(iter(urls.values()))).path))
    entry = settings.docs_dir / "gx" / "index.html"
    relative = site_index.relative_to(entry.parent).as_posix()
    entry.write_text(
        f'<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url={relative}">'
        f'<title>Data quality</title><a href="{relative}">Great Expectations Data Docs</a>\n',
        encoding="utf-8",
    )
    return entry


def _keep_latest_results(context: Any) -> None:
    """Drop all but the latest DATA_DOCS_RESULTS_PER_SUITE results of each suite, and their pages.

    The site is cleaned when a result is dropped, so the build renders only the kept results and
    no page of a dropped one lingers.
    """
    store = context.validation_results_store
    by_suite: dict[str, list[Any]] = defaultdict(list)
    for key in store.list_keys():
        by_suite[key.expectation_suite_identifier.name].append(key)
    dropped = [
        key
        for keys in by_suite.values()
        for key in sorted(keys, key=lambda key: key.run_id.run_time, reverse=True)[DATA_DOCS_RESULTS_PER_SUITE:]
    ]
    for key in dropped:
        store.remove_key(key)
    if dropped:
        context.clean_data_docs()


def _record(settings: Settings, run_id: str, outcome: ValidationOutcome) -> None:
    """Append the verdict to `audit.validation_runs`; publishing flips `published` later."""
    with db.writer(settings) as con:
        con.execute(
            "insert into audit.validation_runs values (?, ?, ?, ?, ?, false, ?)",
            [
                run_id,
                utc_now(),
                outcome.success,
                outcome.evaluated,
                outcome.failed,
                json.dumps(outcome.failures, ensure_ascii=False, default=str),
            ],
        )
