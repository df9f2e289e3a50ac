"""The production stack's pieces that need no running service: pins, secrets, routing.

Fast tier. The slow tier (tests/deploy/test_stack_smoke.py) starts the real services.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from news_warehouse.airflow_local import EXTRACT_QUEUE, WAREHOUSE_QUEUE, WRITER_POOL
from news_warehouse.stack import SECRET_GENERATORS, ensure_env_file, read_env_file, worker_hostname

ROOT = Path(__file__).resolve().parents[2]


def test_the_celery_provider_imports_with_the_locked_celery() -> None:
    """celery 5.7 breaks provider 3.26 at import (STACK_NOTES.md): the lock must keep them compatible."""
    import celery
    from airflow.providers.celery.executors.celery_executor import CeleryExecutor

    assert CeleryExecutor.__name__ == "CeleryExecutor"
    assert tuple(int(part) for part in celery.__version__.split(".")[:2]) < (5, 7)


@pytest.mark.parametrize("module", ["psycopg2", "psycopg", "asyncpg", "redis"])
def test_the_postgres_and_redis_drivers_are_installed(module: str) -> None:
    """`airflow db migrate` on Postgres needs psycopg2 and asyncpg; the broker needs redis."""
    __import__(module)


def test_env_file_gets_every_secret_once(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("POSTGRES_PASSWORD=keep-me\nREDIS_PASSWORD=replace-with-openssl-rand-hex-24\n# note\n")

    first = ensure_env_file(env_file)

    assert set(SECRET_GENERATORS) <= set(first)
    assert first["POSTGRES_PASSWORD"] == "keep-me"  # an existing stack's password never changes
    assert not first["REDIS_PASSWORD"].startswith("replace-with")  # placeholders are not secrets
    assert len(first["AIRFLOW_JWT_SECRET"]) == 64
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert ensure_env_file(env_file) == first == read_env_file(env_file)


def test_generated_fernet_key_is_accepted_by_cryptography(tmp_path: Path) -> None:
    from cryptography.fernet import Fernet

    key = ensure_env_file(tmp_path / ".env")["AIRFLOW_FERNET_KEY"]
    assert Fernet(key.encode()).decrypt(Fernet(key.encode()).encrypt(b"x")) == b"x"


def test_env_and_stack_state_are_git_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in ignored and ".stack/" in ignored


def test_workers_name_themselves_after_their_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWS_WORKER_NAME", EXTRACT_QUEUE)
    assert worker_hostname().startswith(f"{EXTRACT_QUEUE}.")
    monkeypatch.delenv("NEWS_WORKER_NAME")
    assert "." not in worker_hostname()[:1]


def test_extracts_go_to_the_extract_queue_and_every_writer_to_the_warehouse_queue() -> None:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(str(ROOT / "dags"))
    assert not bag.import_errors
    dag = bag.dags["news_pipeline"]
    queues = {task.task_id: task.queue for task in dag.tasks}
    assert queues.pop("extract") == EXTRACT_QUEUE
    assert queues and set(queues.values()) == {WAREHOUSE_QUEUE}
    writers = {task.task_id for task in dag.tasks if task.pool == WRITER_POOL}
    assert writers <= set(queues), "a task in the writer pool must run on the warehouse worker"


def test_compose_runs_one_worker_per_queue() -> None:
    """docker-compose.yml describes the native stack: same queues, one writer slot."""
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    commands = {name: s.get("command") for name, s in services.items()}
    assert "celery worker --queues warehouse --concurrency 1" in commands.values()
    assert any(str(c).startswith("celery worker --queues extract") for c in commands.values())
