"""Write-audit-publish in one call, as the DAG's validate and publish tasks do it between them.

The product splits this over two tasks (news_warehouse.tasks.validate records a rejection,
news_warehouse.tasks.publish swaps a passed build in); tests of the swap want both halves on
a build they prepared, without Airflow, docs or report. Also the storage format of a file, and
a build in the engine's own format, as builds were made before publishing became a byte copy.
"""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from news_warehouse.config import Settings
from news_warehouse.publish.swap import publish, record_rejection
from news_warehouse.validate.gate import ValidationFailed


def publish_if_valid(settings: Settings, run_id: str) -> Path:
    """Publish the build if this run's validation passed; otherwise record the rejection and raise."""
    try:
        return publish(settings, run_id)
    except ValidationFailed:
        record_rejection(settings, run_id)
        raise


# The pinned engine's default format: that of build files made before they were created in the
# published one (and of those made under another NEWS_PUBLISHED_STORAGE_VERSION).
ENGINE_STORAGE_VERSION = "v2.0.0"


def storage_tag(path: Path) -> str:
    """A DuckDB file's storage format as DuckDB tags it ('v1.4.0+'), read without the product's code."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
        ).fetchone()[0]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_engine_format_build(settings: Settings) -> Settings:
    """The clean marts of `write_clean_build`, in a build file of the engine's own format."""
    from tests.fixtures.marts import write_clean_build

    write_clean_build(dataclasses.replace(settings, published_storage_version=ENGINE_STORAGE_VERSION))
    return settings


# An analyst in another process, connected read-only across a publish: prints the article count,
# waits for a line on stdin, prints it again from the same connection.
_READER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("select count(*) from marts.dim_article").fetchone()[0], flush=True)
    sys.stdin.readline()  # the test publishes meanwhile
    print(con.execute("select count(*) from marts.dim_article").fetchone()[0], flush=True)
    con.close()
    """
)


@contextmanager
def analyst_connection(path: Path) -> Iterator[tuple[int, Callable[[], int]]]:
    """An analyst connected read-only to `path` in another process for the block.

    Yields the article count it saw on connecting, and a function that makes the same connection
    count again (after the test published meanwhile) and returns that count.
    """
    reader = subprocess.Popen([sys.executable, "-c", _READER, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def count_again() -> int:
        out, _ = reader.communicate("go\n", timeout=60)
        assert reader.returncode == 0, out
        return int(out)

    try:
        yield int(reader.stdout.readline()), count_again
    finally:
        reader.kill()
