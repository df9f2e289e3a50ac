"""The landing scan: every entry found, sorted, links and special files reported but never opened."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from news_warehouse.ingest.landing import read_entry, scan_landing


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
