"""The landing scan: every entry found, sorted, links and special files reported but never opened,
files not complete yet deferred to the next run."""

from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from news_warehouse.config import Settings
from news_warehouse.db import reader, write_lock
from news_warehouse.ingest.landing import Deferred, read_entry, scan_landing
from news_warehouse.ingest.run import ingest_landing
from tests.fixtures.hostile_corpus import AMAZON_LUXEMBOURG


def test_every_entry_at_any_depth_is_listed_in_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a b/é «c».txt", "a b/z/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert [entry.source_file for entry in scan_landing(tmp_path)] == ["a b/z/d.txt", "a b/é «c».txt", "b.txt"]


def test_links_are_reported_not_followed(tmp_path: Path) -> None:
    landing, outside = tmp_path / "landing", tmp_path / "outside"
    landing.mkdir()
    (outside / "folder").mkdir(parents=True)
    (outside / "folder" / "hidden.txt").write_text("secret")
    os.symlink(outside / "folder", landing / "linked_folder")
    os.symlink("../nowhere", landing / "dangling")
    entries = scan_landing(landing)
    assert [entry.source_file for entry in entries] == ["dangling", "linked_folder"]
    for entry in entries:
        content = read_entry(entry, max_bytes=1000)
        assert content.raw is None and content.content_sha256 is None
        assert content.problem is not None and "links are not followed" in content.problem.reason
    assert "outside the landing folder" in entries[1].problem.reason  # type: ignore[union-attr]


def test_fifo_is_quarantined_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (entry,) = scan_landing(tmp_path)
    content = read_entry(entry, max_bytes=1000)
    assert content.problem is not None and "FIFO" in content.problem.reason


def test_large_file_is_hashed_but_not_loaded(tmp_path: Path) -> None:
    data = b"0123456789" * 1000
    (tmp_path / "big.txt").write_bytes(data)
    (entry,) = scan_landing(tmp_path)
    content = read_entry(entry, max_bytes=5000)
    assert content.raw is None
    assert content.content_sha256 == hashlib.sha256(data).hexdigest()
    assert content.problem is not None and content.problem.reason.startswith("too large: 10000 bytes")


def test_regular_file_is_read_whole(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_bytes(b"contenu")
    (entry,) = scan_landing(tmp_path)
    content = read_entry(entry, max_bytes=7)
    assert (content.raw, content.problem) == (b"contenu", None)
    assert entry.size_bytes == 7


def test_file_name_that_is_not_utf8_is_kept_printable(tmp_path: Path) -> None:
    descriptor = os.open(os.fsencode(tmp_path) + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY)
    os.close(descriptor)
    (entry,) = scan_landing(tmp_path)
    assert entry.source_file == "caf\\xe9.txt"
    assert read_entry(entry, max_bytes=10).raw == b""


# --- files not complete yet: deferred, looked at again next run -------------------------------


def test_temporary_and_hidden_names_are_deferred_unread(tmp_path: Path) -> None:
    temporary = ["a.txt.part", "b.tmp", "c.txt~", ".#d.txt", "e.txt.crdownload", ".cache.txt", "sub/.x.txt.Ab12Cd"]
    for name in [*temporary, "ok.txt", "sub/partie.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")

    problems = {entry.source_file: entry.problem for entry in scan_landing(tmp_path)}

    assert {name for name, problem in problems.items() if isinstance(problem, Deferred)} == set(temporary)
    assert problems["ok.txt"] is None and problems["sub/partie.txt"] is None
    content = read_entry(next(e for e in scan_landing(tmp_path) if e.source_file == "b.tmp"), 1000)
    assert (content.content_sha256, content.raw) == (None, None)
    assert "temporary or hidden file name" in content.problem.reason


def test_a_file_written_between_scan_and_read_is_deferred(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"first half")
    [entry] = scan_landing(tmp_path)
    with open(tmp_path / "a.txt", "ab") as handle:
        handle.write(b", second half")

    content = read_entry(entry, 1000)

    assert isinstance(content.problem, Deferred) and content.raw is None and content.content_sha256 is None
    assert "still being written" in content.problem.reason
    assert read_entry(scan_landing(tmp_path)[0], 1000).raw == b"first half, second half"


def test_a_file_growing_during_ingestion_is_deferred_then_ingested_whole(tmp_path: Path) -> None:
    """Real run: the scan sees half the file, the copy finishes before the read, the next run ingests it."""
    settings = Settings(landing_dir=tmp_path / "landing", warehouse_path=tmp_path / "wh" / "news.duckdb")
    settings.landing_dir.mkdir()
    half = len(AMAZON_LUXEMBOURG) // 2
    article = settings.landing_dir / "amazon.txt"
    article.write_text(AMAZON_LUXEMBOURG[:half], encoding="utf-8")

    with ThreadPoolExecutor(1) as pool:
        with write_lock(settings):  # ingestion scans, then waits here for the writer lock
            first_run = pool.submit(ingest_landing, settings, "run-1")
            time.sleep(2.0)
            with open(article, "a", encoding="utf-8") as handle:
                handle.write(AMAZON_LUXEMBOURG[half:])
        first = first_run.result(timeout=60)
    second = ingest_landing(settings, "run-2")

    assert (first.landed, first.deferred, first.ingested) == (1, 1, 0)
    assert (second.landed, second.deferred, second.ingested) == (1, 0, 1)
    with reader(settings.build_path) as con:
        audit = con.execute("select run_id, status, reason, content_sha256 from audit.landed_files order by run_id").fetchall()
        [body] = con.execute("select body from raw.articles").fetchone()
    assert [(run, status) for run, status, _, _ in audit] == [("run-1", "deferred"), ("run-2", "ingested")]
    assert "still being written" in audit[0][2] and audit[0][3] is None
    assert AMAZON_LUXEMBOURG.split()[-1].rstrip(".") in body, "ingested whole, not half-written"
