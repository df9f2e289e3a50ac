"""A landing folder full of hostile input: the run succeeds and every entry is accounted for."""

from __future__ import annotations

import pytest

from news_warehouse.db import reader
from tests.e2e.conftest import new_world
from tests.fixtures.hostile_corpus import HOSTILE_SCRIPT_MARKER, build_hostile_corpus

pytestmark = [pytest.mark.slow, pytest.mark.scenario]  # a DAG run of its own


def test_hostile_corpus_run(tmp_path) -> None:  # noqa: ANN001
    world = new_world(tmp_path / "world")
    outside = tmp_path / "outside"
    outside.mkdir()
    expected = build_hostile_corpus(world.landing, outside)
    world.run()

    with reader(world.warehouse) as con:
        statuses = dict(con.execute("select source_file, status from audit.landed_files").fetchall())
        reasons = con.execute(
            "select count(*) from audit.landed_files where status <> 'ingested' and coalesce(reason, '') = ''"
        ).fetchone()[0]
        bodies = [r[0] for r in con.execute("select body from marts.dim_article").fetchall()]
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}

    # Conservation: every entry landed (seeds + hostile corpus) has exactly one status.
    landed = {p.relative_to(world.landing).as_posix() for p in world.landing.rglob("*") if not p.is_dir() or p.is_symlink()}
    assert set(statuses) == landed
    for source_file, status in expected.items():
        assert statuses[source_file] == status, source_file
    assert reasons == 0
    assert not any(HOSTILE_SCRIPT_MARKER in body for body in bodies)
    assert any("DROP TABLE" in body for body in bodies), "the SQL text is stored as text"
    assert {"articles", "dim_article"} <= tables
