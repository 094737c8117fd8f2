"""A training officer walks the main admin pages in Chromium with a Japanese browser and sees no
English from Wagtail: the visible text, placeholders and labels read by screen readers, menus
opened included (issue 16: "6 Pages", "Search all pages…", "Collapse all", Help, "What's new")."""

import re

import pytest

from tests.factories import officer_user
from tests.lms.admin_pages import officer_admin_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# English that Wagtail showed officers before our catalogue; whole words, case as shown.
KNOWN_ENGLISH = [
    "Pages",
    "Images",
    "Documents",
    "Search all pages",
    "Search…",
    "Collapse all",
    "Expand all",
    "New:",
    "Help",
    "What's new in Wagtail",
    "Editor Guide",
    "Shortcuts",
    "Main menu",
    "Toggle sidebar",
    "Toggle section",
    "Toggle side panel",
    "Side panels",
    "Minimap",
    "Insert a block",
    "Select all",
    "Show filters",
    "Exploring",
    "Aging pages",
    "Page types usage",
    "Preview in",
    "There are no",
    "Why not",
    "Sort by",
    "Actions",
    "Admin theme",
    "Density",
    "Profile",
    "Notifications",
    "Close dialog",
    "Back",
    "Wagtail upgrade",
]
PATTERN = re.compile(
    "|".join(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])" for word in KNOWN_ENGLISH)
)

SHOWN_TEXT = """() => {
  const parts = [document.title, document.body.innerText];
  for (const element of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
    for (const name of ["placeholder", "aria-label", "title"]) {
      if (element.getAttribute(name)) parts.push(element.getAttribute(name));
    }
  }
  return parts.join("\\n");
}"""


def english_on(page) -> set[str]:
    text = page.evaluate(SHOWN_TEXT)
    # Open each sidebar menu (レポート…) so its items are read too.
    for button in page.locator("#wagtail-sidebar button[aria-haspopup]").all():
        if button.is_visible():
            button.click()
            text += "\n" + page.evaluate(SHOWN_TEXT)
            page.keyboard.press("Escape")
    return set(PATTERN.findall(text))


def test_an_officer_sees_the_main_admin_pages_in_japanese(
    browser, live_server, course_index, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = officer_user(username="officer_ja")
    paths = officer_admin_pages(course_index)
    page = browser.new_page(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "pass-for-tests")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    found, titles = {}, {}
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.ok, f"{path} answered {response.status}"
        page.wait_for_load_state("networkidle")
        if english := english_on(page):
            found[path] = sorted(english)
        if page.title().startswith("-") or "Wagtail" in page.title():
            titles[path] = page.title()
    assert found == {} and titles == {}
