"""What the marts are made with besides the data: the dbt project and the expectation suites.

Owned here, below the stages, because both the orchestration (`tasks`: republish when it
changes) and the quality gate (`validate.delta`: re-validate everything when it changes) ask for it.
"""

from __future__ import annotations

import hashlib

from news_warehouse.config import Settings

# What decides the content of the marts besides the data: a change here must republish.
TRANSFORM_INPUTS = ("dbt_project.yml", "models", "macros", "seeds", "tests", "analyses")


def code_fingerprint(settings: Settings) -> str:
    """sha256 over the dbt project and the expectation suites, so new models or rules republish."""
    digest = hashlib.sha256()
    roots = [settings.dbt_project_dir / name for name in TRANSFORM_INPUTS] + [settings.expectations_dir]
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            digest.update(path.relative_to(settings.dbt_project_dir.parent).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
