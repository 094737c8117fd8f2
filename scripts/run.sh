#!/usr/bin/env bash
# Serve the site, a Celery worker and the Celery beat scheduler beside it, on embedded defaults;
# Ctrl-C stops them all.
set -eu
PORT="${PORT:-8000}"
PY=.venv/bin/python
$PY manage.py migrate --noinput
# seed_demo leaves a site with pages of its own alone (and says so); the site is served as it is.
$PY manage.py seed_demo || echo "The demo was not loaded."
.venv/bin/celery -A lms worker --loglevel=WARNING --concurrency=1 -Q celery,transcode &
worker=$!
# The schedule (lms/settings.py: CELERY_BEAT_SCHEDULE): levels daily, portfolio hourly, snapshots.
.venv/bin/celery -A lms beat --loglevel=WARNING &
beat=$!
trap 'kill $worker $beat 2>/dev/null; wait $worker $beat 2>/dev/null' EXIT INT TERM
cat <<MSG

  まなびDX is running:  http://127.0.0.1:${PORT}/
  Sign in at           http://127.0.0.1:${PORT}/accounts/login/ with password '${DEMO_PASSWORD:-demo}':
    demo_staff    職員 (staff)            → their courses
    demo_officer  研修担当 (officer)      → the admin, to post recordings
    demo_hr       人事 (HR analyst)       → the talent portfolio
    demo_admin    管理者 (administrator)

MSG
$PY manage.py runserver "127.0.0.1:${PORT}"
