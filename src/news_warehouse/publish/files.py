"""Replacing a file atomically: write beside it, flush, rename over it.

Same folder, so `os.replace` is a rename within one filesystem: atomic; readers of the old file
keep its inode. Used for the published file, the build's one-time migration and the standby.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, fsynced and renamed over it when the block succeeds.

    The path does not exist when the block starts: DuckDB must create a database file itself (an
    empty file is not a database), and a copy creates it with the umask's mode (a temporary
    file's would be 0600). On error the temporary file (and any `.wal`) is removed and `target`
    is untouched.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    path = Path(name)
    path.unlink()
    try:
        yield path
        fsync(path)
        os.replace(path, target)
    finally:
        path.unlink(missing_ok=True)
        Path(f"{path}.wal").unlink(missing_ok=True)


def fsync(path: Path) -> None:
    """Flush a file's contents, or a folder's entries (the renames), to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
