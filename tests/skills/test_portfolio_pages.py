"""The dashboard, the drill-down and the audit log of individual data."""

import pytest

from organisation.models import AuditLog
from tests.factories import hr_user
from tests.skills.portfolio_data import small_tokyo

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokyo():
    return small_tokyo()


def test_the_dashboard_shows_the_heatmap_table_with_suppressed_cells_marked(client, tokyo):
    client.force_login(hr_user())
    page = client.get("/portfolio/").content.decode()
    assert "自治体 × スキル：目標達成率" in page
    assert "新宿区" in page
    assert "秘匿" in page
    assert "npm/echarts/echarts.min.js" in page


def test_the_tile_map_shows_every_municipality_including_the_islands(client, tokyo):
    client.force_login(hr_user())
    page = client.get("/portfolio/").content.decode()
    for name in ("小笠原村", "青ヶ島村", "檜原村", "千代田区", "東京都"):
        assert name in page


def test_a_bad_filter_is_explained_and_the_dashboard_still_shows(client, tokyo):
    client.force_login(hr_user())
    response = client.get("/portfolio/", {"region": "北海道"})
    assert response.status_code == 200
    assert "地域「北海道」はありません" in response.content.decode()


def test_drill_down_shows_departments_with_complements_suppressed(client, tokyo):
    client.force_login(hr_user())
    page = client.get("/portfolio/m/131041/").content.decode()
    assert "情報政策課" in page
    assert page.count("is-suppressed") >= 2


def test_hr_of_another_municipality_cannot_drill_into_it(client, tokyo):
    client.force_login(hr_user("132012"))
    assert client.get("/portfolio/m/131041/").status_code == 403


def test_names_are_shown_to_hr_of_that_municipality_and_the_view_is_audited(client, tokyo):
    user = hr_user("131041")
    client.force_login(user)
    department = tokyo.departments["情報政策課"]
    page = client.get(f"/portfolio/m/131041/d/{department.pk}/").content.decode()
    assert tokyo.people["情報政策課"][0].display_name in page
    entry = AuditLog.objects.get(action="portfolio.people.view")
    assert entry.user == user
    assert entry.detail["people"] == 10


def test_hr_for_all_tokyo_sees_no_names(client, tokyo):
    client.force_login(hr_user())
    department = tokyo.departments["情報政策課"]
    assert client.get(f"/portfolio/m/131041/d/{department.pk}/").status_code == 403
    assert not AuditLog.objects.exists()


def test_drill_down_into_a_municipality_without_portfolio_rows_says_so(client, tokyo):
    # 檜原村 has no staff in the small Tokyo, so it has no cells and no headcounts.
    client.force_login(hr_user())
    response = client.get("/portfolio/m/133078/")
    assert response.status_code == 200
    assert "この自治体の集計はまだありません。" in response.content.decode()
