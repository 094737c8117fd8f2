"""Response headers and the production settings: issue 12, finding 7.

Every page sends a Content-Security-Policy that runs no inline script, and the other security
headers; `check --deploy` with production settings finds nothing to warn about.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.factories import UserFactory, hr_user, make_course, make_lesson, officer_user, staff_user
from tests.skills.factories import QuestionFactory, QuizFactory
from tests.skills.quiz_forms import choices, question, quiz_form

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pages():
    """(name, client, path): a staff page, an HR page, the login page."""
    return [
        ("staff", signed_in(staff_user()), "/my/"),
        ("hr", signed_in(hr_user()), "/portfolio/"),
        ("login", Client(), "/accounts/login/"),
    ]


def test_every_kind_of_page_runs_no_inline_script():
    for name, client, path in pages():
        response = client.get(path)
        assert response.status_code == 200, name
        directives = policy(response)
        assert directives["script-src"] == ["'self'"], name
        assert directives["object-src"] == ["'none'"], name
        assert directives["frame-ancestors"] == ["'none'"], name


def test_every_kind_of_page_sends_the_other_security_headers():
    for name, client, path in pages():
        response = client.get(path)
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert response["X-Frame-Options"] == "DENY", name
        assert "camera=()" in response["Permissions-Policy"], name


def test_the_admin_has_its_own_policy_for_its_inline_scripts():
    administrator = UserFactory(roles=["管理者"], is_staff=True, is_superuser=True)
    response = signed_in(administrator).get("/admin/")
    assert response.status_code == 200
    directives = policy(response)
    assert "'unsafe-inline'" in directives["script-src"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_in_production_https_is_required_with_hsts(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()
    assert client.get("/accounts/login/")["Location"].startswith("https://")
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def production_environment(**extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SECRET", "ALLOWED_HOSTS", "DEBUG", "SESSION_"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="a-long-random-production-key-" + "k3Y!x9#Qz" * 6,
        ALLOWED_HOSTS="learn.example.lg.jp",
        **extra,
    )
    return env


@pytest.mark.parametrize("proxy", ["false", "true"])
def test_check_deploy_with_production_settings_prints_nothing(proxy):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=production_environment(BEHIND_TLS_PROXY=proxy),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_no_system_check_is_silenced():
    assert not getattr(django_settings, "SILENCED_SYSTEM_CHECKS", [])


def templates() -> list[Path]:
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    return [path for folder in folders for path in folder.rglob("*.html")]


def test_no_template_has_an_inline_script_or_a_handler_attribute():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>")
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
    found = [
        str(path.relative_to(ROOT))
        for path in templates()
        if inline_script.search(path.read_text()) or handler.search(path.read_text())
    ]
    assert templates()
    assert found == []


def test_a_preview_may_be_framed_by_the_admins_preview_panel(course_index):
    """Wagtail renders a preview through the middleware with the object's own (site) path; the
    site's frame-ancestors 'none' there left the preview panel blank (found building quizzes)."""
    lesson = make_lesson(make_course(course_index))
    quiz = QuizFactory(lesson=lesson)
    skill = QuestionFactory(quiz=quiz).skill
    client = signed_in(officer_user())
    url = f"/admin/snippets/skills/quiz/preview/{quiz.pk}/"
    form = quiz_form(lesson, [question(skill, choices("single", ("A", True), ("B", False)))])
    client.post(url, form)
    response = client.get(url, {"in_preview_panel": "true"})
    assert policy(response)["frame-ancestors"] == ["'self'"]
