"""Publish a validated build by swapping files, so analysts are never blocked nor see half a run.

Nothing ever opens the published file read-write. A new version is written beside it (the
standby, `publish.standby`) and `os.replace`d over it: the rename is atomic, an analyst's open
read-only connection keeps the old inode (and the old, consistent state) until it reconnects,
and a new connection sees the new file. DuckDB writes everything into the database file when
the last connection closes (or on CHECKPOINT), so a closed file without a `.wal` beside it is
complete and safe to copy.

The new version is the build's bytes: the build file is created in the storage format of the
published file, `Settings.published_storage_version` (default v1.4.0, read by the DuckDB 1.x
engines of analysts' tools; every connection and dbt's profile create files in it,
`Settings.duckdb_config`), so publishing does not rewrite every table (`COPY FROM DATABASE`,
about 12x a byte copy when it was measured: README, "Bounded runs"). The bytes reach the standby
by rewriting only the blocks that differ from the previously published file, so the writes follow
what the run changed, not the size of the history.

A build file in another format (made before builds were created in the published one, or before
a deployment changed NEWS_PUBLISHED_STORAGE_VERSION) is migrated once: rewritten in the published
format beside itself and swapped in, then byte-copied. The rewrite is what every publish cost
before, and `COPY FROM DATABASE` keeps constraints, indexes, sequences, views and macros, so
the next runs (loader, dbt incremental models) see the same database. It is safe there: it runs
under the writer lock, on a closed, checkpointed build, and the rename is atomic, so a crash
leaves either the old build or the migrated one.

A rejected build changes nothing analysts query: only the published file's audit tables are
refreshed, so `audit.validation_runs` there shows the failed run and why it was not published.
"""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path

import duckdb

from news_warehouse import db
from news_warehouse.config import Settings
from news_warehouse.publish import standby
from news_warehouse.publish.files import fsync, staged
from news_warehouse.validate.gate import ValidationFailed
from news_warehouse.validate.row_counts import record_published_row_counts

log = logging.getLogger(__name__)

# The audit tables a rejected run carries over into the published file.
AUDIT_TABLES_ON_REJECTION = ("validation_runs", "landed_files")


def publish(settings: Settings, run_id: str) -> Path:
    """Swap the build file in as the published warehouse; refuse a run that did not pass validation."""
    with db.writer(settings) as con:
        _require_success(con, run_id)
        _mark_published(con, run_id)
        record_published_row_counts(con, run_id)
        build_format = _storage_format(con)
        con.execute("checkpoint")
        # Close before copying, still under the writer lock so no other run writes meanwhile;
        # `db.writer` closing it again on exit is a no-op.
        con.close()
        _require_no_wal(settings.build_path)
        _migrate_build_unless_published_format(settings, build_format)
        standby.refresh(settings.build_path, settings.standby_path)
        standby.swap_in(settings.standby_path, settings.warehouse_path)
    return settings.warehouse_path


def _storage_format(con: duckdb.DuckDBPyConnection) -> str:
    """The storage format of the connection's default database, as DuckDB tags it ('v1.4.0+')."""
    return con.execute(
        "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]


def _new_file_storage_format(settings: Settings) -> str:
    """The tag DuckDB gives a file it creates in the published storage version.

    Asked of DuckDB on a scratch file rather than derived from the setting: a tag names the first
    version of its format ('v1.4.1' makes 'v1.4.0+').
    """
    with tempfile.TemporaryDirectory(dir=settings.warehouse_dir, prefix=".storage-format.") as scratch:
        con = db.connect(Path(scratch) / "probe.duckdb", settings)
        try:
            return _storage_format(con)
        finally:
            con.close()


def _migrate_build_unless_published_format(settings: Settings, build_format: str) -> None:
    """Rewrite the closed build file in the published storage version if it is in another one.

    Once per build file: the rewritten build keeps that format, and the next publish copies bytes.
    """
    published_format = _new_file_storage_format(settings)
    if build_format == published_format:
        return
    log.warning(
        "the build file %s is in storage format %s, the published file must be in %s "
        "(NEWS_PUBLISHED_STORAGE_VERSION=%s): rewriting the build once in it; byte copies from then on",
        settings.build_path, build_format, published_format, settings.published_storage_version,
    )
    with staged(settings.build_path) as migrated:
        _copy_database(settings, settings.build_path, migrated).close()
        _require_no_wal(migrated)


def record_rejection(settings: Settings, run_id: str) -> None:
    """Show a failed run in the published file's audit tables, leaving its marts untouched.

    The published file's bytes go into the standby (only its differing blocks rewritten), its
    audit tables are replaced by the build file's, and it is swapped in; before the first
    publish, an empty file takes the audit tables instead.
    """
    with db.write_lock(settings):
        if not settings.warehouse_path.exists():
            with staged(settings.warehouse_path) as first:
                _show_rejection(settings, _copy_database(settings, None, first), first)
            return
        standby.refresh(settings.warehouse_path, settings.standby_path)
        _show_rejection(settings, db.connect(settings.standby_path, settings), settings.standby_path)
        fsync(settings.standby_path)
        standby.swap_in(settings.standby_path, settings.warehouse_path)


def _show_rejection(settings: Settings, con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Replace the audit tables of the file `con` writes (`path`) by the build's; close it."""
    try:
        con.execute(f"attach '{_sql_path(settings.build_path)}' as build (read_only)")
        for table in AUDIT_TABLES_ON_REJECTION:
            _replace_table(con, "audit", table)
        con.execute("detach build")
    finally:
        con.close()
    _require_no_wal(path)


def _copy_database(settings: Settings, source: Path | None, target: Path) -> duckdb.DuckDBPyConnection:
    """Create `target` in the published storage version with everything `source` holds (nothing if None).

    Returns the connection, with `target` as its default database, for further changes; the
    caller closes it, which writes the whole database into `target` (no `.wal` left).
    """
    con = db.connect(":memory:", settings)
    try:
        con.execute(
            f"attach '{_sql_path(target)}' as published "
            f"(storage_version '{_sql_text(settings.published_storage_version)}')"
        )
        if source is not None:
            con.execute(f"attach '{_sql_path(source)}' as source (read_only)")
            con.execute("copy from database source to published")
            con.execute("detach source")
        con.execute("use published")
    except BaseException:
        con.close()
        raise
    return con


def _require_success(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Raise ValidationFailed unless the run's latest validation succeeded."""
    row = con.execute(
        """
        select success, failed_expectations from audit.validation_runs
        where run_id = ? order by validated_at desc limit 1
        """,
        [run_id],
    ).fetchone()
    if row is None:
        raise ValidationFailed(run_id, ["the build was never validated"])
    success, failed_json = row
    if not success:
        raise ValidationFailed(run_id, _failures(failed_json))


def _failures(failed_json: str | None) -> list[str]:
    return [str(item) for item in json.loads(failed_json or "[]")]


def _mark_published(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    con.execute(
        """
        update audit.validation_runs set published = true
        where run_id = ?
          and validated_at = (select max(validated_at) from audit.validation_runs where run_id = ?)
        """,
        [run_id, run_id],
    )


def _replace_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
    """Make `schema.table` of the staged file a copy of the attached build's (types kept)."""
    con.execute(f"create schema if not exists {schema}")
    con.execute(
        f"create table if not exists {schema}.{table} as "
        f"select * from build.{schema}.{table} limit 0"
    )
    con.execute(f"delete from {schema}.{table}")
    con.execute(f"insert into {schema}.{table} by name select * from build.{schema}.{table}")


def _require_no_wal(path: Path) -> None:
    """A `.wal` beside a closed file means some changes are not in the file itself: do not copy it."""
    wal = Path(f"{path}.wal")
    if wal.exists():
        raise RuntimeError(
            f"{wal} still exists after closing {path}: another connection in this process may "
            "still be open on it, so the file alone is not a complete copy"
        )


def _sql_path(path: Path) -> str:
    return _sql_text(str(path))


def _sql_text(text: str) -> str:
    """A value for a single-quoted SQL literal (ATTACH takes no bound parameters)."""
    return text.replace("'", "''")
