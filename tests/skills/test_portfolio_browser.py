"""HR signs in, filters, drills down and exports, in a real (headless) Chromium."""

from pathlib import Path

import pytest

from tests.factories import hr_user
from tests.skills.portfolio_data import populated_tokyo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "portfolio-dashboard.png"


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass-for-tests")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_hr_filters_drills_down_and_exports(browser, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    populated_tokyo()
    page = browser.new_page(
        viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="ja-JP"
    )
    sign_in(page, live_server.url, "demo_hr")
    assert page.url.endswith("/portfolio/")
    page.select_option("#f-region", "区部")
    page.click(".portfolio-filters button[type=submit]")
    page.wait_for_load_state()
    assert "region=" in page.url
    page.wait_for_selector(".chart-heatmap svg")
    assert page.locator("#heatmap-table tbody tr").count() == 23  # the 23 special wards
    page.select_option("#f-region", "")
    page.check("input[value=mean]")
    page.click(".portfolio-filters button[type=submit]")
    page.wait_for_selector(".chart-heatmap svg")
    page.screenshot(
        path=str(SCREENSHOT), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": 2400}
    )

    page.click(".tile-map >> text=新宿区")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "新宿区の所属別スキル"
    with page.expect_download() as download:
        page.click("text=Excel（XLSX）")
    assert download.value.suggested_filename == "portfolio-departments-131041.xlsx"

    scoped = hr_user("131041")
    page.context.clear_cookies()
    sign_in(page, live_server.url, scoped.username)
    page.goto(f"{live_server.url}/portfolio/m/131041/")
    page.click("table >> a >> nth=0")
    page.wait_for_load_state()
    assert "/portfolio/m/131041/d/" in page.url
    assert page.locator("tbody tr").count() >= 1
    assert "監査ログに記録" in page.content()
