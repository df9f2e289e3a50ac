"""Stage memory counts the children a stage starts (dbt, spaCy workers), not just itself."""

from __future__ import annotations

import subprocess
import sys

from news_warehouse.memory import RssSampler

CHILD_MB = 300


def test_peak_includes_a_child_process() -> None:
    with RssSampler() as alone:
        pass
    hog = f"b = bytearray({CHILD_MB} * 2**20); import time; time.sleep(0.5)"
    with RssSampler() as with_child:
        subprocess.run([sys.executable, "-c", hog], check=True)
    assert with_child.peak_mb >= alone.peak_mb + CHILD_MB * 0.9
