#!/usr/bin/env bash
# Validate docker-compose.yml on a machine with no Docker engine.
#
# Why a separate venv: docker-compose 1.29.2 (the last Python release, which still
# understands the Compose-spec keys we use) pins PyYAML<6, which clashes with the project's
# pyyaml>=6, and PyYAML 5.4.1 only builds on Python 3.11 with Cython<3 and no build
# isolation (see ../shared/STACK_NOTES.md, Docker section).
#
# Usage: scripts/compose_validate.sh [ENV_FILE]
#   ENV_FILE defaults to .env.example: its placeholder values satisfy every
#   ${VAR:?...} reference, so the check never needs (or reads) the real secrets in .env.
# Environment: PYTHON (interpreter for the tools venv, default python3),
#              COMPOSE_VENV (default .venv-compose in the project root).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${COMPOSE_VENV:-$ROOT/.venv-compose}"
ENV_FILE="${1:-$ROOT/.env.example}"

if [[ ! -x "$VENV/bin/docker-compose" ]]; then
    started=$SECONDS
    "${PYTHON:-python3}" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "cython<3" wheel setuptools
    "$VENV/bin/pip" install --quiet --no-build-isolation pyyaml==5.4.1 docker-compose==1.29.2
    echo "compose_validate: built $VENV in $((SECONDS - started)) s" >&2
fi

cd "$ROOT"
"$VENV/bin/docker-compose" --env-file "$ENV_FILE" -f docker-compose.yml config -q
echo "compose_validate: docker-compose.yml is valid (values from $ENV_FILE)" >&2
