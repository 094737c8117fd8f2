"""axe-core finds no WCAG 2.1 A/AA violation on any page of staff, HR, sign-in and our admin pages.

axe is injected from the npm package (package.json pins it) with add_script_tag(path=...). The
site's Content-Security-Policy allows only its own scripts and would block it, so the audit's
browser context bypasses the CSP (bypass_csp=True); the pages are otherwise unchanged, and
tests/lms/test_security_headers.py keeps checking the policy."""

from pathlib import Path

import pytest

from tests.lms.site_pages import build_site, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Wagtail's own admin chrome is not ours to fix; on admin pages only our form is audited.
ADMIN_CONTENT = "main"


def violations(page, include: str | None = None) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """([include, tags]) => axe.run(include ? {include: [include]} : document,
                                       {runOnly: {type: "tag", values: tags}})""",
        [include, WCAG_21_AA],
    )
    assert result["passes"], "axe checked nothing"
    return [
        f"{item['id']} ({item['impact']}): {node['target']} {node['failureSummary']}"
        for item in result["violations"]
        for node in item["nodes"]
    ]


def audit(page, base: str, paths: list[str], include: str | None = None) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response.ok, f"{path} answered {response.status}"
        page.wait_for_load_state("networkidle")
        found.update({path: problems} if (problems := violations(page, include)) else {})
    return found


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_no_page_has_an_accessibility_violation(
    browser, live_server, course_index, settings, width, height
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run npm install (package.json pins axe-core)")
    site = build_site(course_index)
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="ja-JP", bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = live_server.url
    found = audit(page, base, site.signed_out)
    sign_in(page, base, "demo_staff")
    found |= audit(page, base, site.staff)
    sign_in(page, base, "demo_hr")
    found |= audit(page, base, site.hr)
    sign_in(page, base, site.scoped_hr)
    found |= audit(page, base, site.people)
    sign_in(page, base, site.manager)
    found |= audit(page, base, site.team)
    sign_in(page, base, "demo_officer")
    found |= audit(page, base, site.officer)
    sign_in(page, base, "demo_admin")
    found |= audit(page, base, site.admin, include=ADMIN_CONTENT)
    context.close()
    assert not found, "\n".join(
        f"{path}: {problem}" for path, items in found.items() for problem in items
    )
