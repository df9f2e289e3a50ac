"""Peak memory of a stage, measured from inside the process that runs it.

The sum of RSS over the process and its children (dbt, spaCy workers): a worker forked from a
process that already holds the model shares those pages, so the sum over-counts them; the
figure errs on the safe side of the 3 GB target.
"""

from __future__ import annotations

import threading
from typing import Self

import psutil

RSS_SAMPLE_S = 0.05


class RssSampler(threading.Thread):
    """Samples this process's memory (children included) until stopped; use as a context manager."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_bytes = 0
        self._done = threading.Event()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def run(self) -> None:
        me = psutil.Process()
        while not self._done.is_set():
            self.peak_bytes = max(self.peak_bytes, _tree_rss(me))
            self._done.wait(RSS_SAMPLE_S)

    def stop(self) -> None:
        self._done.set()
        self.join()
        self.peak_bytes = max(self.peak_bytes, _tree_rss(psutil.Process()))

    @property
    def peak_mb(self) -> float:
        return round(self.peak_bytes / 2**20, 1)


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            continue
    return total
