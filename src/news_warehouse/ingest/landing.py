"""The landing folder as a list of entries, and each entry's bytes, without ever following a link.

Every regular file, symbolic link and special file at any depth is an entry, because the audit
must account for everything that landed. Links are reported, never opened: a link can point
anywhere on the machine, and following it would ingest (or leak) files from outside the landing.

A file still being written is not ingested half-written: one whose name is what editors, browsers
and copy tools give a file before it is complete (`.part`, `.tmp`, `~`, `.#`, `.crdownload`,
hidden files), or whose size or modification time changed between the scan and the read, is
`Deferred`: audited as `deferred` with the reason, and looked at again by the next run, which
ingests it once it is complete (under its final name).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from news_warehouse.ingest.article import Quarantine

READ_CHUNK_BYTES = 1024 * 1024
# Names of files that are not finished yet: suffixes and prefixes used by download managers,
# browsers, rsync/scp-style copies and editors (Emacs `.#lock` and `~` backups, vim swap files are
# hidden). Hidden files in general are never articles a person dropped in.
TEMPORARY_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", ".swp", "~")
TEMPORARY_PREFIXES = (".",)  # hidden files, which include `.#` editor locks and `.name.XXXX` rsync copies
_SPECIAL_KINDS = {
    stat.S_IFIFO: "named pipe (FIFO)",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
}


@dataclass(frozen=True)
class Deferred:
    """Why an entry is left for the next run: it is not complete yet (audited as `deferred`)."""

    reason: str


@dataclass(frozen=True)
class LandedEntry:
    """One thing found under the landing folder; `problem` is set when it cannot be read as a file now."""

    source_file: str  # posix path relative to the landing folder
    path: Path
    size_bytes: int | None
    problem: Quarantine | Deferred | None = None
    mtime_ns: int | None = None  # at the scan, to notice a file still being written


@dataclass(frozen=True)
class EntryContent:
    """An entry's raw bytes and their hash; `problem` is set (and `raw` None) when it must not be parsed."""

    content_sha256: str | None
    raw: bytes | None
    problem: Quarantine | Deferred | None


def scan_landing(landing_dir: Path) -> list[LandedEntry]:
    """Every entry under `landing_dir`, sorted by source_file so results never depend on directory order."""
    if not landing_dir.is_dir():
        raise FileNotFoundError(f"landing folder {landing_dir} does not exist or is not a folder")
    entries = list(_walk(landing_dir, landing_dir))
    return sorted(entries, key=lambda entry: entry.source_file)


def read_entry(entry: LandedEntry, max_bytes: int) -> EntryContent:
    """Read a regular file, refusing to follow a link swapped in since the scan, or to load a huge file."""
    if entry.problem is not None:
        return EntryContent(None, None, entry.problem)
    try:
        descriptor = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        return EntryContent(None, None, Quarantine(f"could not be read: {error.strerror}"))
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            return EntryContent(None, None, Quarantine(f"not a regular file: {_kind(status.st_mode)}"))
        if _changed_since_scan(entry, status):
            return EntryContent(None, None, _still_written("between the scan and the read"))
        if status.st_size > max_bytes:
            return EntryContent(_hash_stream(handle), None, _too_large(status.st_size, max_bytes))
        raw = handle.read(max_bytes + 1)
        if len(raw) > max_bytes:  # it grew after fstat: hash all of it, parse none of it
            return EntryContent(_hash_stream(handle, hashlib.sha256(raw)), None, _too_large(len(raw), max_bytes))
        if _changed_since_scan(entry, os.fstat(handle.fileno())) or len(raw) != status.st_size:
            return EntryContent(None, None, _still_written("while it was read"))
    return EntryContent(hashlib.sha256(raw).hexdigest(), raw, None)


def _changed_since_scan(entry: LandedEntry, status: os.stat_result) -> bool:
    """Did the file grow, shrink or get written to since `scan_landing` saw it? (Unknown: no.)"""
    if entry.mtime_ns is None:
        return False
    return (status.st_size, status.st_mtime_ns) != (entry.size_bytes, entry.mtime_ns)


def _still_written(when: str) -> Deferred:
    # No hash is kept: the bytes read are not the file's final content, and the next run must
    # see the complete file as new.
    return Deferred(f"still being written: its size or modification time changed {when}; looked at again next run")


def _temporary_name(name: str) -> Deferred | None:
    """A name editors and copy tools give a file that is not finished, with why it is skipped."""
    lowered = name.lower()
    if lowered.startswith(TEMPORARY_PREFIXES) or lowered.endswith(TEMPORARY_SUFFIXES):
        return Deferred(
            "temporary or hidden file name: a download, copy or editor is still writing it; "
            "looked at again next run (ingested under its final name)"
        )
    return None


def _walk(folder: Path, landing_dir: Path) -> Iterator[LandedEntry]:
    """Yield entries depth-first; a folder that cannot be listed is itself an entry."""
    try:
        children = list(os.scandir(folder))
    except OSError as error:
        yield LandedEntry(_relative(folder, landing_dir), folder, None, Quarantine(f"folder could not be listed: {error.strerror}"))
        return
    for child in children:
        path = Path(child.path)
        status = child.stat(follow_symlinks=False)
        if stat.S_ISDIR(status.st_mode):
            yield from _walk(path, landing_dir)
        elif stat.S_ISLNK(status.st_mode):
            yield LandedEntry(_relative(path, landing_dir), path, None, _link_problem(path, landing_dir))
        elif stat.S_ISREG(status.st_mode):
            problem = _temporary_name(child.name)
            yield LandedEntry(_relative(path, landing_dir), path, status.st_size, problem, status.st_mtime_ns)
        else:
            problem = Quarantine(f"not a regular file: {_kind(status.st_mode)}")
            yield LandedEntry(_relative(path, landing_dir), path, None, problem)


def _link_problem(path: Path, landing_dir: Path) -> Quarantine:
    """Say where a link points (lexically, without resolving it) and that it is not followed."""
    target = os.readlink(path)
    where = os.path.normpath(os.path.join(path.parent, target))
    inside = os.path.commonpath([os.path.abspath(where), os.path.abspath(landing_dir)]) == os.path.abspath(landing_dir)
    place = "inside" if inside else "outside"
    return Quarantine(f"symbolic link to {_printable(target)!r} ({place} the landing folder): links are not followed")


def _relative(path: Path, landing_dir: Path) -> str:
    return _printable(path.relative_to(landing_dir).as_posix())


def _printable(name: str) -> str:
    """File names that are not valid UTF-8 keep their odd bytes as \\xNN escapes instead of failing storage."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _kind(mode: int) -> str:
    return _SPECIAL_KINDS.get(stat.S_IFMT(mode), f"file type {stat.S_IFMT(mode):o}")


def _too_large(size: int, max_bytes: int) -> Quarantine:
    return Quarantine(f"too large: {size} bytes, more than the {max_bytes}-byte limit (hashed, not parsed)")


def _hash_stream(handle: BinaryIO, digest: "hashlib._Hash | None" = None) -> str:
    """sha256 of the rest of an open file, read in chunks so a huge file never sits in memory."""
    digest = digest or hashlib.sha256()
    while chunk := handle.read(READ_CHUNK_BYTES):
        digest.update(chunk)
    return digest.hexdigest()
