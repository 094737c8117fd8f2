"""The schedule ships with the product: beat runs each job daily, hourly or monthly, `make run`
starts beat beside the worker, and each job is also a command."""

from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

# Each beat task and the command that does the same by hand.
COMMAND_OF_TASK = {
    "skills.tasks.recompute_skill_levels": "recompute_skill_levels",
    "skills.tasks.recompute_portfolio": "recompute_portfolio",
    "skills.tasks.take_portfolio_snapshot": "recompute_portfolio",  # --snapshot
    "training.tasks.send_reminders": "send_reminders",
    "courses.tasks.forward_xapi_statements": "forward_xapi",
    "certificates.tasks.issue_certificates": "issue_certificates",
}


def test_reminders_are_sent_daily_by_beat():
    entry = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "training.tasks.send_reminders"
    )

    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}


def test_every_beat_job_is_also_a_command():
    commands = get_commands()

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert COMMAND_OF_TASK[entry["task"]] in commands


def test_make_run_starts_beat_beside_the_worker():
    script = (Path(settings.BASE_DIR) / "scripts" / "run.sh").read_text()

    assert "celery -A lms worker" in script and "celery -A lms beat" in script


def test_the_beat_tasks_exist():
    from lms.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
