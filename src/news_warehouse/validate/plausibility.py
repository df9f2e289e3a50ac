"""Per-article plausibility: an article whose facts no news could contain is held back, alone.

The other checks (dbt's tests of keys, relationships and offsets; the gate's suites of values,
columns and row counts) judge the build: when they fail the build is wrong and nothing is
published. A date misread in one article (a year 3024, a "publication" before its own date line)
or an amount no one could pay says nothing about the build, only about that article: blocking the
run for it would block every later run too, since the article stays in the landing folder. So
these rules hold the article back with all its facts and let the rest of the build through.

Each rule is defined once, in `expectations/plausibility/rules.json`: a query over the build's
marts that returns the offending `article_key` and `value`, with its reason in `meta.why`. The
gate runs them on every validation (`hold_implausible_articles`) over the delta
(`validate.delta`): the articles ingested or re-extracted since the last publish, plus every
article held now, so a held article is judged again whenever a run rebuilds the marts: after an
extractor upgrade re-extracts it, or after a rule changes (the rules file is part of the code
fingerprint, so a change puts every article in the delta). The rules are written over whole
marts for the reviewer; `_narrowed` makes each mart they read the delta's rows of it. An
article judged plausible need not be judged again until it changes: the only rules that depend on
the day (`$today`) grow more lenient as days pass. The held articles are listed in
`audit.quarantined_articles` (what is held now, since when, why) and their rows are removed from
the build's marts before the suites run and before the build is published. dbt's incremental facts re-insert those rows on the next build (they are
missing from the table), the rules remove them again: keys never change, and an article released
by a new rule or extractor simply reappears with the keys it would always have had.

Shared dimensions are not facts of one article: an actor or platform also named by a held article
keeps its row (its mention counts include the held mentions). An incident cluster reported only
by held articles is removed, and the calendar (`dim_date`) is trimmed to the years the published
dates need, so a held year 3024 does not stretch it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from news_warehouse.validate.delta import DELTA_TABLE, select_delta
from news_warehouse.validate.frames import MARTS_SCHEMA, columns_by_table, mart_tables

RULES_FILE = Path("plausibility") / "rules.json"


# Most offending values quoted per article and rule; the count says how many there were.
VALUES_QUOTED = 3

# A mart named in a rule's SQL (`marts.fct_quantity`), to be narrowed to the delta's rows.
MART_REFERENCE = re.compile(rf"\b{MARTS_SCHEMA}\.(\w+)\b")


@dataclass(frozen=True)
class Rule:
    """One plausibility rule: a query returning (article_key, value), and why it exists."""

    name: str
    sql: str
    why: str


@dataclass(frozen=True)
class HeldArticles:
    """The outcome of judging the build: what is held now, and what was released since last time."""

    article_keys: frozenset[str]
    released: frozenset[str]
    reasons: tuple[str, ...]  # one line per (article, rule), for the log
    problems: tuple[str, ...]  # rules that could not be evaluated: the build is wrong, not an article


def load_rules(expectations_dir: Path) -> list[Rule]:
    """The rules of `expectations/plausibility/rules.json`; a rule without a reason is refused."""
    definition = json.loads((expectations_dir / RULES_FILE).read_text(encoding="utf-8"))
    rules = []
    for entry in definition["rules"]:
        why = (entry.get("meta") or {}).get("why")
        if not why:
            raise ValueError(f"{RULES_FILE}: rule {entry.get('rule')!r} has no meta.why")
        rules.append(Rule(entry["rule"], entry["sql"], why))
    names = [rule.name for rule in rules]
    if len(set(names)) != len(names):
        raise ValueError(f"{RULES_FILE}: rule names must be unique: {names}")
    return rules


def hold_implausible_articles(
    con: duckdb.DuckDBPyConnection,
    rules: list[Rule],
    run_id: str,
    today: date,
    now: datetime,
    code_fingerprint: str,
) -> HeldArticles:
    """Judge the delta's articles (held ones included), record the verdicts, remove held articles' rows.

    The verdicts are written in one transaction: either the audit table and the marts both
    reflect them, or neither does. The rules run before it, since a failed statement would abort it.
    Every article held before is in the delta, so replacing the verdicts loses none.
    """
    select_delta(con, code_fingerprint)
    before = {key for (key,) in con.execute("select distinct article_key from audit.quarantined_articles").fetchall()}
    violations, problems = _violations(con, rules, today)
    con.begin()
    held = _record(con, rules, violations, run_id, now)
    if held:
        _remove_from_marts(con)
    con.commit()
    reasons = tuple(
        f"article {key} ({source}): {rule} = {value}"
        for key, source, rule, value in con.execute(
            "select article_key, source_file, rule, value from audit.quarantined_articles order by all"
        ).fetchall()
    )
    con.execute("drop table verdicts")
    return HeldArticles(held, frozenset(before - held), reasons, tuple(problems))


def _violations(
    con: duckdb.DuckDBPyConnection, rules: list[Rule], today: date
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(article_key, rule, value as text) for every row a rule selects, and the rules that failed.

    A rule that cannot run (a mart or column missing) means the build is wrong: that is a
    structural failure for the gate, never a reason to hold an article.
    """
    found, problems = [], []
    for rule in rules:
        parameters = {"today": today} if "$today" in rule.sql else {}
        try:
            rows = con.execute(
                f"select article_key, cast(value as varchar) from ({_narrowed(rule.sql)})", parameters
            ).fetchall()
        except duckdb.Error as error:
            problems.append(f"plausibility rule {rule.name}: could not be evaluated: {error}")
            continue
        found += [(key, rule.name, value) for key, value in rows if key is not None]
    return found, problems


def _narrowed(sql: str) -> str:
    """The rule's SQL with every mart it reads replaced by that mart's rows of the delta's articles.

    Each mart is filtered before the rule joins or scans it, so a rule costs what the delta
    holds, not what the history holds (found by article_seq: db.RAW_DDL says why; a row without
    one is always read). A rule over a mart without `article_seq` fails to bind: it cannot judge
    one article, so that is a problem for the gate, never a silent pass.
    """
    return MART_REFERENCE.sub(
        rf"(select * from {MARTS_SCHEMA}.\1 "
        rf"where article_seq is null or article_seq in (select article_seq from {DELTA_TABLE}))",
        sql,
    )


def _record(
    con: duckdb.DuckDBPyConnection,
    rules: list[Rule],
    violations: list[tuple[str, str, str]],
    run_id: str,
    now: datetime,
) -> frozenset[str]:
    """Replace the table's content with the current verdicts, keeping when each was first held.

    A verdict whose article is absent from `dim_article` is kept as it was: its rows were removed
    by an earlier judgement of this same build (a retried validate task) and dbt has not rebuilt
    them since, so the rules cannot see it, yet it must stay held. (dbt rebuilds `dim_article`
    whole, and articles are never unlearned, so this is the only way for a held one to be absent.)
    Returns the held article keys.
    """
    why = {rule.name: rule.why for rule in rules}
    grouped: dict[tuple[str, str], list[str]] = {}
    for key, rule, value in violations:
        grouped.setdefault((key, rule), []).append(value)
    con.execute("create or replace temp table verdicts (article_key varchar, rule varchar, value varchar, why varchar)")
    rows = [[key, rule, _quote(values), why[rule]] for (key, rule), values in sorted(grouped.items())]
    if rows:  # DuckDB's executemany refuses an empty list
        con.executemany("insert into verdicts values (?, ?, ?, ?)", rows)
    con.execute(
        f"""
        insert into verdicts
        select article_key, rule, value, why from audit.quarantined_articles q
        where not exists (select 1 from {MARTS_SCHEMA}.dim_article a where a.article_key = q.article_key)
          and not exists (select 1 from verdicts v where v.article_key = q.article_key and v.rule = q.rule)
        """
    )
    con.execute(
        f"""
        create or replace temp table judged as
        select v.article_key, coalesce(a.source_file, previous.source_file) as source_file, v.rule, v.value,
               v.why, ? as run_id, coalesce(previous.held_at, ?) as held_at
        from verdicts v
        left join (select article_key, source_file from {MARTS_SCHEMA}.dim_article
                   where article_key in (select article_key from verdicts)) a using (article_key)
        left join (select article_key, rule, any_value(source_file) as source_file, min(held_at) as held_at
                   from audit.quarantined_articles group by all) previous using (article_key, rule)
        """,
        [run_id, now],
    )
    con.execute("delete from audit.quarantined_articles")
    con.execute("insert into audit.quarantined_articles by name select * from judged")
    con.execute("drop table judged")
    return frozenset(key for (key,) in con.execute("select distinct article_key from verdicts").fetchall())


def _quote(values: list[str | None]) -> str:
    distinct = sorted({str(value) for value in values})
    quoted = ", ".join(distinct[:VALUES_QUOTED])
    return quoted if len(distinct) <= VALUES_QUOTED else f"{quoted} (+{len(distinct) - VALUES_QUOTED} more)"


def _remove_from_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Delete the held articles' rows (temp table `verdicts`) from every mart keyed by article,
    then tidy the dimensions that only they fed."""
    columns = columns_by_table(con)
    for table in mart_tables(con):
        if "article_key" in columns[table]:
            con.execute(f"delete from {MARTS_SCHEMA}.{table} where article_key in (select article_key from verdicts)")
    if {"incident_cluster_key"} <= columns.get("dim_incident", set()) & columns.get("fct_incident", set()):
        con.execute(
            f"delete from {MARTS_SCHEMA}.dim_incident where incident_cluster_key not in "
            f"(select incident_cluster_key from {MARTS_SCHEMA}.fct_incident)"
        )
    if "dim_date" in columns:
        _trim_calendar(con)


def _trim_calendar(con: duckdb.DuckDBPyConnection) -> None:
    """Keep the calendar's whole years between the earliest and latest date still published."""
    kept_years = (
        f"select year(published_date) as y from {MARTS_SCHEMA}.dim_article "
        f"union all select year(incident_date) from {MARTS_SCHEMA}.fct_incident"
    )
    con.execute(
        f"delete from {MARTS_SCHEMA}.dim_date where year(date_day) < (select min(y) from ({kept_years})) "
        f"or year(date_day) > (select max(y) from ({kept_years}))"
    )


def current_holds(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """What a warehouse file holds back now: (source_file, article_key, rule, value, why, held_at)."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'audit' and table_name = 'quarantined_articles'"
    ).fetchone()[0]
    if not exists:
        return []
    return con.execute(
        "select source_file, article_key, rule, value, why, held_at "
        "from audit.quarantined_articles order by source_file, article_key, rule"
    ).fetchall()
