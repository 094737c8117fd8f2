#!/usr/bin/env bash
# Refresh the Japanese and English message catalogues: one per package, one for site templates.
set -eu
cd "$(dirname "$0")/.."
PY="$PWD/.venv/bin/python"
for app in lms courses media_pipeline skills; do
  mkdir -p "$app/locale"
  (cd "$app" && "$PY" ../manage.py makemessages -l ja -l en --no-obsolete --no-location -v0)
  if ls "$app"/static/*/js/*.js >/dev/null 2>&1; then
    (cd "$app" && "$PY" ../manage.py makemessages -d djangojs -l ja -l en --no-obsolete --no-location -v0)
  fi
done
"$PY" manage.py makemessages -l ja -l en --no-obsolete --no-location -v0 \
  -i ./lms -i ./courses -i ./media_pipeline -i ./skills -i ./.venv -i ./node_modules \
  -i ./tests -i ./var -i ./scripts -i ./bench
