#!/usr/bin/env bash
# The import contracts (pyproject.toml), then the whole suite on the embedded defaults (SQLite),
# then again on a throw-away PostgreSQL. Media and browser tests do not depend on the database
# engine and run once.
set -eu
PY=.venv/bin/python
.venv/bin/lint-imports
$PY -m pytest "$@"
$PY scripts/services.py --postgres --redis -- $PY -m pytest -m "not media and not browser" -p no:cacheprovider "$@"
