"""Every ```sql block of docs/ANALYSTS.md runs on a seeds run's published warehouse and returns rows.

The guide answers questions about the seed articles with real queries; if a model or column is
renamed, or extraction stops finding what a question is about, its query fails here.
"""

from __future__ import annotations

import re

import duckdb
import pytest

from news_warehouse.config import PROJECT_ROOT
from tests.support.reliability import World

pytestmark = pytest.mark.slow

GUIDE = PROJECT_ROOT / "docs" / "ANALYSTS.md"
SQL_BLOCK = re.compile(r"^```sql[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def sql_blocks() -> list[tuple[str, str]]:
    """(id, sql) of every ```sql block; the id names the question it answers, e.g. `q3-2`."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for match in SQL_BLOCK.finditer(text):
        headings = re.findall(r"^### (\d+)\. ", text[: match.start()], re.MULTILINE)
        question = f"q{headings[-1]}" if headings else "intro"
        seen[question] = seen.get(question, 0) + 1
        blocks.append((f"{question}-{seen[question]}", match.group(1).strip()))
    return blocks


def test_guide_answers_five_questions_with_sql() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert len(re.findall(r"^### \d+\. ", text, re.MULTILINE)) >= 5
    answered = {block.split("-")[0] for block, _ in sql_blocks()}
    assert {f"q{n}" for n in range(1, 6)} <= answered, f"questions without a sql block: {answered}"


@pytest.mark.parametrize(("block", "sql"), sql_blocks(), ids=[block for block, _ in sql_blocks()])
def test_guide_query_returns_rows(seeds_run: World, block: str, sql: str) -> None:
    con = duckdb.connect(str(seeds_run.warehouse), read_only=True)
    try:
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    assert rows, f"query {block} of {GUIDE.name} returns no row on the seeds:\n{sql}"
