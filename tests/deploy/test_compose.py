"""The production compose file keeps the shape the deployment relies on.

There is no Docker engine in CI, so the file is checked as data: the services, the shared
Airflow settings, the mounts the pipeline reads and writes, and above all that no secret is
written into it. When a docker-compose 1.x tools venv exists, compose itself validates it too.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILE = ROOT / "docker" / "Dockerfile"
VALIDATE_SCRIPT = ROOT / "scripts" / "compose_validate.sh"
COMPOSE_BIN = ROOT / ".venv-compose" / "bin" / "docker-compose"

AIRFLOW_SERVICES = {
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-worker-warehouse",
    "airflow-worker-extract",
    "airflow-triggerer",
    "airflow-init",
}
LONG_RUNNING = AIRFLOW_SERVICES - {"airflow-init"}
PROJECT_MOUNTS = ("./dags", "./dbt_project", "./expectations", "./warehouse")

# A variable or environment key that holds a secret.
SECRET_NAME = re.compile(r"PASSWORD|SECRET|FERNET|_KEY$|REDISCLI_AUTH")
# `${NAME:?message}`: compose stops when NAME is unset or empty.
REQUIRED_REF = re.compile(r"\$\{([A-Z0-9_]+):\?[^}]+\}")
ANY_REF = re.compile(r"\$\{([A-Z0-9_]+)([^}]*)\}")
URL_PASSWORD = re.compile(r"[a-z][a-z0-9+.-]*://[^:@/\s]*:([^@\s]+)@")
# host:target[:mode], where host may itself be a `${VAR:-default}` reference.
VOLUME = re.compile(r"(\$\{[^}]*\}|[^:]+):([^:]+)(?::[a-z,]+)?")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def compose_text() -> str:
    """The compose file without its comment lines, which may quote `${...}` as an example."""
    lines = COMPOSE_FILE.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


def mounts_of(service: dict[str, Any]) -> dict[str, str]:
    """A service's bind mounts as {host: target}."""
    pairs = (VOLUME.fullmatch(spec) for spec in service["volumes"])
    return {match.group(1): match.group(2) for match in pairs if match}


def env_of(service: dict[str, Any]) -> dict[str, str]:
    """A service's environment as a dict, whichever of compose's two spellings it uses."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def strings_in(node: Any) -> list[str]:
    """Every string scalar in a parsed YAML tree, keys included."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in strings_in(key) + strings_in(value)]
    if isinstance(node, list):
        return [s for item in node for s in strings_in(item)]
    return []


def is_required_ref(value: str) -> bool:
    return REQUIRED_REF.fullmatch(value) is not None


def test_all_services_present(services: dict[str, Any]) -> None:
    assert set(services) >= AIRFLOW_SERVICES | {"postgres", "redis"}


def test_every_airflow_service_uses_the_common_anchor(compose: dict[str, Any]) -> None:
    common = compose["x-airflow-common"]
    for name in AIRFLOW_SERVICES:
        service = compose["services"][name]
        assert service["image"] == common["image"], name
        assert service["build"] == common["build"], name
        assert service["volumes"] == common["volumes"], name
        assert env_of(service).items() >= env_of(common).items(), name


def test_image_is_built_from_the_project_dockerfile(compose: dict[str, Any]) -> None:
    build = compose["x-airflow-common"]["build"]
    assert (ROOT / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE


def test_executor_is_celery_with_redis_broker(services: dict[str, Any]) -> None:
    for name in AIRFLOW_SERVICES:
        env = env_of(services[name])
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://"), name
        assert "@redis:" in env["AIRFLOW__CELERY__BROKER_URL"], name
        assert "@postgres/" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"], name


def test_airflow_commands(services: dict[str, Any]) -> None:
    assert services["airflow-apiserver"]["command"] == "api-server"
    assert services["airflow-scheduler"]["command"] == "scheduler"
    assert services["airflow-dag-processor"]["command"] == "dag-processor"
    assert services["airflow-worker-warehouse"]["command"] == "celery worker --queues warehouse --concurrency 1"
    assert services["airflow-worker-extract"]["command"].startswith("celery worker --queues extract ")
    assert services["airflow-triggerer"]["command"] == "triggerer"


def test_project_folders_are_mounted(services: dict[str, Any]) -> None:
    for name in AIRFLOW_SERVICES:
        assert set(mounts_of(services[name])) >= set(PROJECT_MOUNTS), name


def test_pipeline_paths_point_into_mounts(services: dict[str, Any]) -> None:
    """NEWS_* paths must land on bind mounts, or the warehouse dies with its container."""
    for name in AIRFLOW_SERVICES:
        service = services[name]
        targets = set(mounts_of(service).values())
        env = env_of(service)
        assert env["NEWS_LANDING_DIR"] in targets, name
        assert str(Path(env["NEWS_WAREHOUSE_PATH"]).parent) in targets, name


def test_telemetry_is_off(services: dict[str, Any]) -> None:
    for name in AIRFLOW_SERVICES:
        env = env_of(services[name])
        assert env["AIRFLOW__COSMOS__ENABLE_TELEMETRY"] == "False", name
        assert env["DO_NOT_TRACK"] == "1", name


def test_init_runs_before_every_airflow_service(services: dict[str, Any]) -> None:
    for name in LONG_RUNNING:
        depends = services[name]["depends_on"]
        assert depends["airflow-init"] == {"condition": "service_completed_successfully"}, name
    init_depends = services["airflow-init"]["depends_on"]
    for backend in ("postgres", "redis"):
        assert init_depends[backend] == {"condition": "service_healthy"}, backend


def test_init_migrates_creates_admin_and_writer_pool(services: dict[str, Any]) -> None:
    init = services["airflow-init"]
    env = env_of(init)
    assert env["_AIRFLOW_DB_MIGRATE"] == "true"
    assert env["_AIRFLOW_WWW_USER_CREATE"] == "true"
    assert is_required_ref(env["_AIRFLOW_WWW_USER_PASSWORD"])
    script = "\n".join(init["command"])
    assert re.search(r"airflow pools set duckdb_writer 1\b", script)
    assert init.get("restart") == "no"


def test_healthchecks(services: dict[str, Any]) -> None:
    for name in {"postgres", "redis"} | LONG_RUNNING:
        test = services[name]["healthcheck"]["test"]
        assert test and test[0] in {"CMD", "CMD-SHELL"}, name


def test_no_literal_secret_in_environment(services: dict[str, Any]) -> None:
    for name, service in services.items():
        for key, value in env_of(service).items():
            if SECRET_NAME.search(key):
                assert is_required_ref(value), f"{name}: {key} must be a ${{VAR:?...}} reference"


def test_no_literal_password_in_urls_or_commands(compose: dict[str, Any]) -> None:
    texts = strings_in(compose)
    for text in texts:
        for password in URL_PASSWORD.findall(text):
            assert is_required_ref(password), f"literal password in {text!r}"
    redis_command = compose["services"]["redis"]["command"]
    assert is_required_ref(redis_command[redis_command.index("--requirepass") + 1])


def test_secret_variables_have_no_default() -> None:
    """`${POSTGRES_PASSWORD:-airflow}` would quietly deploy a well-known password."""
    text = compose_text()
    secret_refs = [(name, op) for name, op in ANY_REF.findall(text) if SECRET_NAME.search(name)]
    assert secret_refs, "no secret variable found: the pattern is broken"
    for name, op in secret_refs:
        assert op.startswith(":?"), f"${{{name}{op}}} must be required, not defaulted"


def test_env_example_lists_every_required_variable() -> None:
    required = set(REQUIRED_REF.findall(compose_text()))
    listed = {
        line.split("=", 1)[0]
        for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert required, "no ${VAR:?...} reference found"
    assert required <= listed, f"missing from .env.example: {sorted(required - listed)}"


def test_dockerfile_installs_the_locked_project() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM apache/airflow:3\.3\.0-python3\.11$", text, re.MULTILINE)
    assert "requirements.lock" in text
    assert re.search(r"pip install .*-e \.", text)


def compose_validation_wanted() -> bool:
    return os.environ.get("NEWS_COMPOSE_VALIDATE") == "1" or COMPOSE_BIN.exists()


needs_compose = pytest.mark.skipif(
    not compose_validation_wanted(),
    reason="docker-compose 1.x not installed: set NEWS_COMPOSE_VALIDATE=1 or run "
    "scripts/compose_validate.sh once to build .venv-compose/",
)
# The first validation builds .venv-compose/: the tests that may build it share one xdist worker.
one_compose_venv = pytest.mark.xdist_group("compose_venv")


def run_validation(env_file: Path) -> subprocess.CompletedProcess[str]:
    """Run the validation script with a clean environment, so exported secrets cannot leak in."""
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        ["bash", str(VALIDATE_SCRIPT), str(env_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@needs_compose
@one_compose_venv
def test_docker_compose_accepts_the_file() -> None:
    result = run_validation(ENV_EXAMPLE)
    assert result.returncode == 0, result.stderr


@needs_compose
@one_compose_venv
def test_docker_compose_refuses_missing_secrets(tmp_path: Path) -> None:
    empty = tmp_path / "empty.env"
    empty.write_text("", encoding="utf-8")
    result = run_validation(empty)
    assert result.returncode != 0
    assert "in .env" in result.stderr + result.stdout
