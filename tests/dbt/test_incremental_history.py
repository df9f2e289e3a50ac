"""Incremental intermediates over a synthetic history: batch after batch, then a re-extraction,
each build scoped to what the batch stamped as the pipeline scopes it, the incremental build must equal a `dbt build --full-refresh` of the same raw rows, table by
table, for every mart and every intermediate model (docs/INCREMENTAL.md)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from news_warehouse import db
from news_warehouse.transform.scope import write_build_scope
from tests.dbt.dbt_harness import query, run_dbt
from tests.dbt.dbt_raw_dataset import RAW_TABLES, RawArticle, insert_articles
from tests.dbt.dbt_synthetic_history import synthetic_articles

# Three incremental builds, a re-extraction and a full refresh: a scenario (make test-all).
pytestmark = pytest.mark.scenario

BATCHES = ((0, 150), (150, 60), (210, 60))
# The build of this batch stops after clustering (its merges written, the marts not) and is not
# published: the next build, scoped from the build before, must still carry its merges through.
FAILED_BATCH = 1
REEXTRACTED = range(0, 150, 10)  # articles of the first batch a new extractor version redoes
INCREMENTAL_MODELS = (
    "int_articles_dated", "int_monetary_figures_converted", "int_incident_participants", "int_incident_hub_members",
    "int_incidents_clustered", "int_actor_mention_tallies",
)  # fmt: skip

Tables = dict[str, list[tuple]]
Clusters = dict[str, str]  # incident_key -> root_incident_key after one build


# When a row was written: the one column a rebuild rightly changes (every row then gets the newest stamp).
WRITE_STAMPS = ("clustered_as_of",)


def snapshot_schemas(db_path: Path) -> Tables:
    """Every row of every table in marts and intermediate, sorted, without its write stamps: an
    order-insensitive picture."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        names = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in ('marts', 'intermediate') order by 1"
        ).fetchall()
        return {name: sorted(con.execute(f"select {row_columns(con, name)} from {name}").fetchall(), key=repr) for (name,) in names}


def row_columns(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The table's columns but its write stamps, for a select list."""
    schema, name = table.split(".")
    columns = con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position",
        [schema, name],
    ).fetchall()
    return ", ".join(f'"{column}"' for (column,) in columns if column not in WRITE_STAMPS)


def story_article(index: int, incident_date: date, precision: str, stamped_at: datetime) -> RawArticle:
    """An article reporting one fine of Splitco (an actor of no other article) at a date, ingested
    and extracted at `stamped_at` (with its batch: the build after it is scoped by the stamps)."""
    key = f"5b1c{index:012d}"  # hex, as article keys are
    text = f"Splitco condamné à une amende ({index})."
    art = RawArticle(key=key, body=f"{text} Fin.")
    art.add(
        "raw.articles", key, key * 4, f"story/{index}.txt", f"Splitco {index}", art.body, date(2018, 5, 25), "day",
        "fr", "text", "utf-8", stamped_at, "run-1", "printed", None,
    )
    art.add("raw.extracted_articles", key, "test-1", None, None, len(art.body.split()), stamped_at, "run-1")
    art.add("raw.actor_mentions", key, 1, "Splitco", "organisation", *art.span("Splitco"), "gazetteer")
    art.add("raw.incidents", key, 1, "fine", incident_date, precision, *art.span(text), None)
    art.add("raw.incident_actors", key, 1, "Splitco", "target")
    return art


# One story whose cluster hangs on one report: the month report of the bridge article links the
# day reports of two others (each day hub holds one article, the month hub has no month report
# without it). The two day reports arrive first (two clusters); the bridge report merges them
# through their stored month hub; the bridge article, extracted again without it, splits them.
FIRST_STAMP = datetime(2024, 1, 1)  # the synthetic history stamps article i at FIRST_STAMP + i minutes
STORY_DAYS = (
    story_article(1, date(2018, 5, 10), "day", FIRST_STAMP),
    story_article(2, date(2018, 5, 20), "day", FIRST_STAMP),
)
STORY_BRIDGE = story_article(3, date(2018, 5, 1), "month", FIRST_STAMP + timedelta(minutes=BATCHES[1][0]))


def reextracted(article: RawArticle) -> RawArticle:
    """The article as a new extractor version sees it: a later extracted_at, its first incident,
    mention and figure no longer found; raw.articles untouched (the loader never rewrites it)."""
    rows = {table: list(found) for table, found in article.rows.items() if table != "raw.articles"}
    (extraction,) = rows["raw.extracted_articles"]
    rows["raw.extracted_articles"] = [(*extraction[:1], "test-2", *extraction[2:5], extraction[5] + timedelta(days=30), *extraction[6:])]
    for table in ("raw.incidents", "raw.incident_actors", "raw.incident_platforms", "raw.actor_mentions", "raw.monetary_figures"):
        rows[table] = [row for row in rows.get(table, []) if row[1] != 1]
    return replace(article, rows=rows)


def load_reextraction(db_path: Path, articles: list[RawArticle]) -> None:
    """As the loader does: the articles' extracted rows are deleted, then the new ones inserted."""
    keys = [art.key for art in articles]
    with duckdb.connect(str(db_path)) as con:
        for table in RAW_TABLES[1:]:
            con.execute(f"delete from {table} where article_key in (select unnest(?))", [keys])
    insert_articles(db_path, [reextracted(art) for art in articles])


def newest_stamp(db_path: Path) -> datetime | None:
    """The moment a build of the current raw rows would have started: the scope of the next
    build is what is stamped after it. None before the first batch."""
    if not db_path.exists():
        return None
    return query(
        db_path,
        "select greatest((select max(ingested_at) from raw.articles), (select max(extracted_at) from raw.extracted_articles))",
    )[0][0]


def scoped_build(db_path: Path, since: datetime | None, dbt_work: Path, args: tuple[str, ...] = ("build",)) -> None:
    """An incremental `dbt build` as the pipeline runs it: scoped to what was stamped after `since`."""
    with duckdb.connect(str(db_path)) as con:
        con.execute(db.RAW_DDL)
        write_build_scope(con, since, "the batch of the test")
    run_dbt(list(args), db_path, dbt_work)


def clusters(db_path: Path) -> Clusters:
    return dict(query(db_path, "select incident_key, root_incident_key from intermediate.int_incidents_clustered"))


@pytest.fixture(scope="module")
def cluster_history() -> list[Clusters]:
    """The clusters after each incremental build of history_builds, in order."""
    return []


@pytest.fixture(scope="module")
def history_builds(
    tmp_path_factory: pytest.TempPathFactory, dbt_work: Path, cluster_history: list[Clusters]
) -> tuple[Tables, Tables, Path]:
    """(incremental snapshot, full-refresh snapshot, build file) after three batches and a
    re-extraction, each followed by an incremental `dbt build`."""
    db_path = tmp_path_factory.mktemp("history") / "news.build.duckdb"
    story = {0: list(STORY_DAYS), 1: [STORY_BRIDGE]}
    since = None  # the newest stamp the last published build saw: the next build's scope starts there
    for batch, (start, n) in enumerate(BATCHES):
        insert_articles(db_path, synthetic_articles(start, n) + story.get(batch, []))
        if batch == FAILED_BATCH:
            scoped_build(db_path, since, dbt_work, ("run", "--select", "+int_incidents_clustered"))
        else:
            scoped_build(db_path, since, dbt_work)
            since = newest_stamp(db_path)
        cluster_history.append(clusters(db_path))
    load_reextraction(db_path, [art for i in REEXTRACTED for art in synthetic_articles(i, 1)] + [STORY_BRIDGE])
    scoped_build(db_path, since, dbt_work)
    cluster_history.append(clusters(db_path))
    incremental = snapshot_schemas(db_path)
    full_path = db_path.with_name("full.duckdb")
    shutil.copy(db_path, full_path)
    run_dbt(["build", "--full-refresh"], full_path, dbt_work)
    return incremental, snapshot_schemas(full_path), db_path


def test_incremental_history_equals_full_refresh(history_builds: tuple[Tables, Tables, Path]) -> None:
    incremental, full_refresh, _ = history_builds
    assert incremental.keys() == full_refresh.keys()
    assert {f"intermediate.{m}" for m in INCREMENTAL_MODELS} <= incremental.keys()
    for table, rows in full_refresh.items():
        assert incremental[table] == rows, f"{table} differs from a --full-refresh"


def test_history_exercises_merges_and_reextraction(history_builds: tuple[Tables, Tables, Path]) -> None:
    """Guard the guard: the history has multi-article clusters, re-extracted articles and figures
    at every rate period, or the equality above would prove little."""
    _, _, db_path = history_builds
    assert query(db_path, "select max(n_articles) from marts.dim_incident")[0][0] >= 3
    assert query(db_path, "select count(*) from marts.dim_article where extractor_version = 'test-2'") == [
        (len(REEXTRACTED) + 1,)  # and the Splitco story's bridge article
    ]
    periods = {p for (p,) in query(db_path, "select distinct exchange_rate_period from marts.fct_monetary_figure")}
    assert periods == {"day", "month", "year"}


def test_history_exercises_every_kind_of_cluster_change(
    history_builds: tuple[Tables, Tables, Path], cluster_history: list[Clusters]
) -> None:
    """Guard the guard, for incremental clustering: between builds, a new report joins a stored
    cluster (through a hub of stored reports), a new report merges stored clusters, and the
    re-extraction (reports no longer found) splits a stored cluster (the Splitco story at least).
    The equality with a --full-refresh then covers each path of int_incidents_clustered and of
    its hub lookups."""
    joined = merged = split = 0
    for before, after in zip(cluster_history, cluster_history[1:]):
        members: dict[str, set[str]] = {}
        for incident, root in before.items():
            if incident in after:
                members.setdefault(root, set()).add(after[incident])
        new_roots = {after[incident] for incident in after.keys() - before.keys()}
        joined += sum(1 for roots in members.values() if len(roots) == 1 and roots <= new_roots)
        split += sum(1 for roots in members.values() if len(roots) > 1)
        merged += sum(
            1 for target in {r for roots in members.values() for r in roots}
            if sum(target in roots for roots in members.values()) > 1
        )
    assert joined > 0, "no new report joined a stored cluster"
    assert merged > 0, "no new report merged two stored clusters"
    assert split > 0, "no re-extraction split a stored cluster"


def test_clusters_are_bounded_by_a_year(history_builds: tuple[Tables, Tables, Path]) -> None:
    """Dated reports fold only within a calendar year, undated ones only within their articles'
    publication year: a long-running story is a cluster per year, never one growing cluster."""
    _, _, db_path = history_builds
    spans = query(
        db_path,
        "select count(distinct year(incidents.incident_date)), "
        "count(distinct case when incidents.incident_date is null then year(articles.published_date) end) "
        "from marts.fct_incident as incidents inner join marts.dim_article as articles using (article_key) "
        "group by incidents.incident_cluster_key",
    )
    assert max(dated for dated, _ in spans) == 1
    assert max(undated for _, undated in spans) == 1


def test_a_gazetteer_change_rebuilds_what_it_affects(
    history_builds: tuple[Tables, Tables, Path], tmp_path: Path, dbt_work: Path
) -> None:
    """A new alias in the actor seed (here loaded by hand, as `dbt seed` would) re-resolves the
    names it touches in the history on the next ordinary build: mentions, roles, participants and
    clusters follow, and the result equals a --full-refresh of the same data."""
    _, _, history = history_builds
    changed = tmp_path / "news.build.duckdb"
    shutil.copy(history, changed)
    with duckdb.connect(str(changed)) as con:
        con.execute("insert into reference.actor_aliases values ('Russia Today', 'RT', 'media')")
    keep_seed = ["--exclude", "resource_type:seed"]  # a build would reload the CSV over the change
    run_dbt(["build", *keep_seed], changed, dbt_work)
    incremental = snapshot_schemas(changed)
    full_path = tmp_path / "full.duckdb"
    shutil.copy(changed, full_path)
    run_dbt(["build", "--full-refresh", *keep_seed], full_path, dbt_work)
    for table, rows in snapshot_schemas(full_path).items():
        assert incremental[table] == rows, f"{table} differs from a --full-refresh after the seed change"
    merged = query(
        changed,
        "select count(distinct actor_key) from marts.fct_actor_mention where extracted_name in ('RT', 'Russia Today')",
    )
    assert merged == [(1,)]
