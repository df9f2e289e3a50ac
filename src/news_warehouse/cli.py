"""`news-warehouse`: the analyst's door into the published warehouse.

Everything here opens the PUBLISHED file read-only, so an analyst can never damage it nor block
a run (publishing swaps a new file in; see docs/ARCHITECTURE.md). Analysts type SQL by hand, so
mistakes are expected: they get one line saying what is wrong and a hint, never a traceback, and
exit code 2. A read-only open can still meet a write lock for a moment; it is retried briefly.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import os
import re
import sys
import time
import webbrowser
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from news_warehouse import db
from news_warehouse.config import PROJECT_ROOT, Settings
from news_warehouse.evaluate import baseline_from_warehouse, predictions_from_warehouse, score

DEFAULT_GOLD = PROJECT_ROOT / "tests" / "gold" / "seeds.gold.json"
USER_ERROR = 2
LOCK_RETRY_SECONDS = 0.25


class UserError(Exception):
    """A mistake the user can fix: shown as `error: ...` plus an optional hint, exit code 2."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args = _parser().parse_args(argv)
    args.warehouse = args.warehouse or Settings.from_env().warehouse_path
    try:
        return args.handler(args)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        if error.hint:
            print("hint: " + error.hint.replace("\n", "\n      "), file=sys.stderr)
        return USER_ERROR
    except BrokenPipeError:
        # `news-warehouse sql ... | head`: the reader left; silence the flush at exit as well.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


# --- commands ------------------------------------------------------------------------------


def cmd_sql(args: argparse.Namespace) -> int:
    """Run one query; print it as a table, or export it with DuckDB's COPY."""
    with _open(args.warehouse, args.lock_timeout) as con:
        exports = [(path, fmt) for path, fmt in ((args.csv, "csv"), (args.parquet, "parquet")) if path]
        for path, fmt in exports:
            count = _export(con, args.query, path, fmt)
            print(f"wrote {count} rows to {path}")
        if not exports:
            columns, rows = _fetch(con, args.query)
            print(format_table(columns, rows, args.max_width, args.max_rows))
    return 0


def cmd_tables(args: argparse.Namespace) -> int:
    """List every table and view with its columns, types and (dbt-persisted) descriptions."""
    with _open(args.warehouse, args.lock_timeout) as con:
        _, rows = _fetch(con, _COLUMNS_SQL)
    rows = [row for row in rows if args.schema is None or row[0] == args.schema]
    if not rows:
        raise UserError(f"no tables in schema {args.schema!r}" if args.schema else "the warehouse has no tables")
    print("\n".join(_describe_tables(rows, args.max_width)))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Score the warehouse's marts against gold annotations (shared/gold/README.md).

    With `--landing DIR`, a scratch warehouse of that folder is built first by one real DAG run
    (beside the warehouse file, under `evaluation/<folder name>/`), so a gold set is scored
    through ingestion, extraction and dbt exactly as analysts get its facts.
    """
    gold = _read_gold(args.gold)
    if args.landing is not None:
        args.warehouse = _build_for_evaluation(args.landing, args.warehouse)
    with _open(args.warehouse, args.lock_timeout):
        pass  # fails early and clearly on a missing or locked file
    try:
        predictions = predictions_from_warehouse(args.warehouse)
    except duckdb.Error as error:
        raise UserError(_first_line(error), "the marts of CONTRACT.md are missing; run `make run` first") from None
    report = score(gold, predictions)
    label = f"{args.landing or args.warehouse} against {args.gold}"
    print(f"== {label}\n")
    if args.baseline:
        baseline = score(gold, baseline_from_warehouse(args.warehouse)).scores["actors"]
        ours = report.scores["actors"]
        print(f"raw spaCy baseline (PER/ORG spans as actors): actors F1 {baseline.f1:.3f} "
              f"(P {baseline.precision:.3f}, R {baseline.recall:.3f}); ours {ours.f1:.3f}, "
              f"margin {ours.f1 - baseline.f1:+.3f}\n")
    print(report.format(args.details))
    return 0


def _build_for_evaluation(landing: Path, warehouse: Path) -> Path:
    """One DAG run of `landing` into a scratch warehouse of its own; returns the file."""
    from news_warehouse.airflow_local import DagRunFailed, run_pipeline_dag  # Airflow only when asked

    if not landing.is_dir():
        raise UserError(f"no landing folder {landing}")
    target = warehouse.parent / "evaluation" / landing.name / warehouse.name
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        seconds = run_pipeline_dag(landing_dir=landing, warehouse_path=target)
    except DagRunFailed as error:
        raise UserError(f"the DAG run over {landing} failed", str(error)[-2000:]) from None
    print(f"built {target} from {landing} in {seconds:.0f} s", file=sys.stderr)
    return target


def cmd_summary(args: argparse.Namespace) -> int:
    """Row counts of every marts table, then the landed-file outcomes and quarantine reasons."""
    with _open(args.warehouse, args.lock_timeout) as con:
        tables = [name for schema, name, *_ in _fetch(con, _TABLES_SQL)[1] if schema == "marts"]
        if not tables:
            raise UserError(f"no marts tables in {args.warehouse}", "run `make run` first")
        counts = [(name, _fetch(con, f"select count(*) from marts.{_ident(name)}")[1][0][0]) for name in tables]
        print(format_table(["marts table", "rows"], counts, args.max_width, len(counts)))
        print()
        print("\n".join(_landed_files_summary(con, args.max_width)))
        print()
        print("\n".join(_held_summary(con, args.max_width)))
    return 0


def cmd_held(args: argparse.Namespace) -> int:
    """The articles a plausibility rule holds back from the marts, with the rule, value and why."""
    with _open(args.warehouse, args.lock_timeout) as con:
        print("\n".join(_held_summary(con, args.max_width, with_why=True)))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Rebuild the report of the warehouse into <warehouse folder>/docs/report and print its address."""
    from news_warehouse.report.site import ReportError, rebuild

    with _open(args.warehouse, args.lock_timeout):
        pass  # fails early and clearly on a missing or locked file
    settings = dataclasses.replace(Settings.from_env(), warehouse_path=args.warehouse.resolve())
    try:
        built = rebuild(settings)
    except ReportError as error:
        raise UserError(str(error), error.action) from None
    index = built.index
    scope = f"all, {built.reason}" if built.full else "changed articles only"
    print(f"article pages: {built.pages_written} written ({scope}), {built.pages_removed} removed")
    print(f"report: {index.as_uri()}")
    if args.open:
        webbrowser.open(index.as_uri())
    return 0


# --- opening and querying ------------------------------------------------------------------


@contextmanager
def _open(path: Path, lock_timeout: float) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, closed on exit; waits up to `lock_timeout` s for a writer's lock."""
    if not path.is_file():
        raise UserError(f"no warehouse at {path}", "run `make run` first, or pass --warehouse PATH")
    deadline = time.monotonic() + lock_timeout
    while True:
        try:
            con = db.connect(path, read_only=True)
            break
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise UserError(_first_line(error), "is it a DuckDB warehouse file?") from None
            if time.monotonic() >= deadline:
                raise UserError(f"the warehouse {path} is locked by another process",
                                "a publish is probably running; try again in a moment") from None
            time.sleep(LOCK_RETRY_SECONDS)
    try:
        yield con
    finally:
        con.close()


def _fetch(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and all rows of one query, or a UserError explaining what went wrong."""
    try:
        con.execute(sql)
        if con.description is None:
            return [], []
        return [column[0] for column in con.description], con.fetchall()
    except duckdb.Error as error:
        raise _explain(con, error) from None


def _export(con: duckdb.DuckDBPyConnection, sql: str, path: Path, fmt: str) -> int:
    """COPY the query's result to a file; returns the number of rows written."""
    query = sql.strip().rstrip(";").strip()
    options = "format csv, header" if fmt == "csv" else "format parquet"
    target = str(path).replace("'", "''")
    _, rows = _fetch(con, f"copy ({query}) to '{target}' ({options})")
    return int(rows[0][0])


def _explain(con: duckdb.DuckDBPyConnection, error: duckdb.Error) -> UserError:
    """Turn a DuckDB error into one line plus a hint: DuckDB's own, else the closest names."""
    lines = [line for line in str(error).splitlines() if line.strip()]
    message = lines[0]
    suggestion = next((line for line in lines[1:] if line.startswith(("Did you mean", "Candidate bindings"))), None)
    if suggestion:
        return UserError(message, suggestion)
    if isinstance(error, duckdb.ParserException):
        return UserError(message, "\n".join(lines[1:]) or None)
    if "read-only mode" in message:
        return UserError(message, "the published warehouse is read-only; the pipeline is the only writer")
    return UserError(message, _closest_names(con, message))


_MISSING = [
    (re.compile(r'schema "?([\w.]+?)"? does not exist'), "schemas"),
    (re.compile(r'with name "?([\w.]+?)"? does not exist'), "tables"),
    (re.compile(r'column "?([\w.]+?)"? not found'), "columns"),
]


def _closest_names(con: duckdb.DuckDBPyConnection, message: str) -> str | None:
    """difflib over information_schema for the name DuckDB says it cannot find."""
    for pattern, kind in _MISSING:
        found = pattern.search(message)
        if found:
            candidates = _known_names(con, kind)
            close = difflib.get_close_matches(found.group(1).lower(), candidates, n=3, cutoff=0.5)
            return f"did you mean {', '.join(close)}?" if close else f"known {kind}: {', '.join(candidates[:12])}"
    return None


def _known_names(con: duckdb.DuckDBPyConnection, kind: str) -> list[str]:
    _, rows = _fetch(con, _TABLES_SQL if kind != "columns" else _COLUMNS_SQL)
    if kind == "schemas":
        return sorted({schema for schema, *_ in rows})
    if kind == "tables":
        return sorted({f"{schema}.{table}" for schema, table, *_ in rows} | {table for _, table, *_ in rows})
    return sorted({row[3] for row in rows})


_RELATIONS_SQL = """
select schema_name, table_name, 'table' as kind, comment from duckdb_tables()
where database_name = current_database() and not internal
union all
select schema_name, view_name, 'view', comment from duckdb_views()
where database_name = current_database() and not internal
"""
_TABLES_SQL = _RELATIONS_SQL + "order by 1, 2"
_COLUMNS_SQL = f"""
select t.schema_name, t.table_name, t.kind, c.column_name, c.data_type, t.comment, c.comment
from duckdb_columns() c join ({_RELATIONS_SQL}) t using (schema_name, table_name)
where c.database_name = current_database()
order by t.schema_name, t.table_name, c.column_index
"""


# --- printing ------------------------------------------------------------------------------


def format_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int, max_rows: int) -> str:
    """An aligned text table (numbers right-aligned), long cells cut to `max_width` characters."""
    shown = rows[:max_rows]
    cells = [[_cell(value, max_width) for value in row] for row in shown]
    header = [_cell(name, max_width) for name in columns]
    widths = [max(len(text) for text in column) for column in zip(header, *cells)] if columns else []
    numeric = [_is_numeric_column(shown, index) for index in range(len(columns))]

    def line(texts: Sequence[str]) -> str:
        padded = (text.rjust(w) if right else text.ljust(w) for text, w, right in zip(texts, widths, numeric))
        return "  ".join(padded).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)] + [line(row) for row in cells]
    footer = f"({len(rows)} row{'s' if len(rows) != 1 else ''}"
    footer += f", first {max_rows} shown; --csv FILE exports all)" if len(rows) > max_rows else ")"
    return "\n".join(lines + [footer])


def _cell(value: Any, max_width: int) -> str:
    if value is None:
        text = "NULL"
    elif isinstance(value, (date, datetime)):
        text = value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    else:
        text = " ".join(str(value).split()) if isinstance(value, str) else str(value)
    return text if len(text) <= max_width else text[: max(max_width - 1, 0)] + "…"


def _is_numeric_column(rows: Sequence[Sequence[Any]], index: int) -> bool:
    values = [row[index] for row in rows if row[index] is not None]
    return bool(values) and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in values)


def _describe_tables(rows: Sequence[tuple[Any, ...]], max_width: int) -> list[str]:
    """Per table a heading with its description, then its columns as a small table."""
    lines: list[str] = []
    tables: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
    for row in rows:
        tables.setdefault((row[0], row[1]), []).append(row)
    for (schema, table), columns in tables.items():
        kind, description = columns[0][2], columns[0][5]
        lines.append(f"{schema}.{table} ({kind}){f': {description}' if description else ''}")
        width = max(len(c[3]) for c in columns)
        type_width = max(len(_cell(c[4], max_width)) for c in columns)
        for column in columns:
            text = f"  {column[3]:<{width}}  {_cell(column[4], max_width):<{type_width}}  {column[6] or ''}"
            lines.append(text.rstrip())
        lines.append("")
    return lines[:-1]


def _landed_files_summary(con: duckdb.DuckDBPyConnection, max_width: int) -> list[str]:
    """How the landing folder's files fared, and why each quarantined file was set aside."""
    names = [(schema, table) for schema, table, *_ in _fetch(con, _TABLES_SQL)[1]]
    if ("audit", "landed_files") not in names:
        return ["no audit.landed_files table: nothing to say about landed files"]
    _, statuses = _fetch(con, "select status, count(*) from audit.landed_files group by status order by status")
    lines = ["landed files: " + ", ".join(f"{count} {status}" for status, count in statuses)]
    _, quarantined = _fetch(con, (
        "select source_file, reason from audit.landed_files where status = 'quarantined' "
        "order by source_file"))
    if quarantined:
        lines += ["", format_table(["quarantined file", "reason"], quarantined, max_width, len(quarantined))]
    return lines


def _held_summary(con: duckdb.DuckDBPyConnection, max_width: int, with_why: bool = False) -> list[str]:
    """Articles held back by a plausibility rule (audit.quarantined_articles): which, by what rule."""
    from news_warehouse.validate.plausibility import current_holds

    holds = current_holds(con)
    articles = len({row[1] for row in holds})
    lines = [f"articles held back by a plausibility rule: {articles}"
             + (" (their facts are not in the marts; see `news-warehouse held`)" if holds and not with_why else "")]
    if holds:
        header = ["held article file", "article_key", "rule", "value"] + (["why", "held since"] if with_why else [])
        rows = [row if with_why else row[:4] for row in holds]
        lines += ["", format_table(header, rows, max_width, len(rows))]
    return lines


# --- arguments -----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--warehouse", type=Path, default=None,
                        help="DuckDB file to read (default: NEWS_WAREHOUSE_PATH or warehouse/news.duckdb)")
    common.add_argument("--lock-timeout", type=float, default=10.0, metavar="SECONDS",
                        help="how long to wait for a running publish to release the file (default 10)")
    common.add_argument("--max-width", type=_positive_int, default=40, help="cut longer cells (default 40)")

    parser = argparse.ArgumentParser(prog="news-warehouse", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sql = _command(commands, "sql", cmd_sql, common, "run a read-only SQL query on the published warehouse")
    sql.add_argument("query", help='e.g. "select * from marts.dim_actor limit 10"')
    sql.add_argument("--csv", type=Path, metavar="FILE", help="write the result to a CSV file instead")
    sql.add_argument("--parquet", type=Path, metavar="FILE", help="write the result to a Parquet file instead")
    sql.add_argument("--max-rows", type=_positive_int, default=200, help="print at most this many rows (default 200)")
    tables = _command(commands, "tables", cmd_tables, common, "list schemas, tables and columns")
    tables.add_argument("--schema", help="only this schema (e.g. marts)")
    evaluate = _command(commands, "evaluate", cmd_evaluate, common, "score extraction against gold annotations")
    evaluate.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help=f"gold JSON (default {DEFAULT_GOLD})")
    evaluate.add_argument("--landing", type=Path, help="build a scratch warehouse of this folder first (one DAG run)")
    evaluate.add_argument("--baseline", action="store_true", help="also score the raw spaCy NER baseline on actors")
    evaluate.add_argument("--summary", dest="details", action="store_false", help="scores only, no itemised findings")
    _command(commands, "summary", cmd_summary, common, "row counts of the marts, quarantined files, held articles")
    _command(commands, "held", cmd_held, common, "articles held back by a plausibility rule, and why")
    report = _command(commands, "report", cmd_report, common,
                      "rebuild the offline HTML report (charts, facts, article pages) next to the warehouse")
    report.add_argument("--open", action="store_true", help="open it in the default web browser")
    return parser


def _command(
    commands: Any, name: str, handler: Callable[[argparse.Namespace], int], common: argparse.ArgumentParser, text: str
) -> argparse.ArgumentParser:
    command = commands.add_parser(name, parents=[common], help=text, description=text)
    command.set_defaults(handler=handler)
    return command


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _read_gold(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"no gold file at {path}", "pass --gold PATH") from None
    except json.JSONDecodeError as error:
        raise UserError(f"{path} is not valid JSON: {error}") from None


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0]
