import pytest

from courses.search import bigram_tokens, search_pages
from tests.factories import make_course, make_lesson, staff_user

pytestmark = pytest.mark.django_db


def test_japanese_is_split_into_overlapping_pairs():
    assert bigram_tokens("クラウド") == ["クラ", "ラウ", "ウド"]


def test_latin_words_stay_whole_and_width_is_folded():
    assert bigram_tokens("ＡＷＳ and IAM") == ["aws", "and", "iam"]


def test_mixed_text_splits_at_script_boundaries():
    assert bigram_tokens("IAM権限") == ["iam", "権限"]


@pytest.fixture
def catalogue(course_index):
    course = make_course(course_index, title="ガバメントクラウド運用勉強会")
    make_lesson(course, title="アカウントと権限の管理", summary="IAM と多要素認証")
    make_lesson(course, title="コスト管理の基本", summary="予算アラート")
    return course


def titles(query):
    return sorted(page.title for page in search_pages(query))


def test_search_finds_japanese_by_part_of_a_word(catalogue):
    assert titles("クラウド") == ["ガバメントクラウド運用勉強会"]


def test_search_needs_every_part_of_the_query(catalogue):
    assert titles("コスト 予算") == ["コスト管理の基本"]
    assert titles("コスト 認証") == []


def test_search_matches_full_width_latin_query(catalogue):
    assert titles("ｉａｍ") == ["アカウントと権限の管理"]


def test_search_of_nothing_finds_nothing(catalogue):
    assert titles("   ") == []


def test_search_page_shows_results(client, catalogue):
    client.force_login(staff_user())
    html = client.get("/search/", {"q": "権限"}).content.decode()
    assert "アカウントと権限の管理" in html
    assert "1 件" in html
