"""The Wagtail admin speaks Japanese to our users (issue 16): the strings Wagtail lacks in Japanese
come from locale_admin/, Wagtail's English help links are gone, and every admin page's <title>
says what the page is, followed by the product's name."""

import re
from pathlib import Path

import pytest
import wagtail
from django.conf import settings
from django.utils import translation

from tests.factories import officer_user
from tests.lms.admin_pages import officer_admin_pages

OURS = Path(settings.BASE_DIR) / "locale_admin" / "ja" / "LC_MESSAGES"
WAGTAIL = Path(wagtail.__file__).parent


def msgids(po: Path) -> set[str]:
    """The msgids of a PO file (continuation lines joined), enough to compare catalogues."""
    ids, current, reading = set(), [], False
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current, reading = [line[6:]], True
        elif reading and line.startswith('"'):
            current.append(line)
        else:
            if reading:
                ids.add("".join(part[1:-1] for part in current))
            reading = False
    return ids - {""}


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_msgid_we_supply_is_one_of_wagtails_own(domain):
    wagtail_ids = set().union(
        *(msgids(po) for po in WAGTAIL.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"))
    )
    assert msgids(OURS / f"{domain}.po") - wagtail_ids == set()


def test_strings_wagtail_lacks_in_japanese_come_from_our_catalogue():
    with translation.override("ja"):
        assert translation.gettext("Search all pages…") == "すべてのページを検索…"
        assert translation.gettext("Toggle sidebar") == "サイドバーを開閉"
        pages = translation.ngettext(
            '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
            6,
        )
        assert pages.startswith("%(total)s ページ")
        # Said in the page chooser, e.g. when an officer picks the lesson of a quiz.
        restricted = translation.ngettext(
            'Only pages of type "%(type)s" may be chosen for this field. Search results will'
            " exclude pages of other types.",
            "Only the following page types may be chosen for this field: %(type)s. Search"
            " results will exclude pages of other types.",
            1,
        )
        assert restricted.startswith("この欄で選べるのは")


@pytest.mark.django_db
def test_the_admin_javascript_catalogue_has_our_japanese(client):
    client.force_login(officer_user())
    script = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "\\u3059\\u3079\\u3066\\u6298\\u308a\\u305f\\u305f\\u3080" in script  # すべて折りたたむ


@pytest.mark.django_db
def test_no_admin_page_title_is_empty_or_says_wagtail(client, course_index):
    client.force_login(officer_user())
    bad = {}
    for path in officer_admin_pages(course_index):
        response = client.get(path)
        assert response.status_code == 200, path
        title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)[1].strip()
        if title.startswith("-") or not title.endswith(f"- {settings.WAGTAIL_SITE_NAME}"):
            bad[path] = title
    assert bad == {}


@pytest.mark.django_db
def test_the_officer_sees_no_wagtail_help_menu_nor_whats_new(client):
    client.force_login(officer_user())
    html = client.get("/admin/").content.decode()
    assert "What's new in Wagtail" not in html and "Wagtail の新機能" not in html
    assert '"name": "help"' not in html and "editor-guide" not in html
    assert "w-whats-new" not in html and "upgrade-notification" not in html
