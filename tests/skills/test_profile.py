import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonProgress
from skills.models import LessonSkill
from skills.profile import skill_profile
from skills.recommendations import recommend_lessons
from skills.self_assessment import submit
from tests.factories import make_course, make_lesson, staff_user
from tests.skills.factories import RoleTargetFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(course_index):
    """A role aiming at two skills, one far off, and a lesson for each."""
    far = RoleTargetFactory(target_level=4, skill=SkillFactory(name="コスト管理"))
    near = RoleTargetFactory(
        role_profile=far.role_profile, target_level=2, skill=SkillFactory(name="監視")
    )
    user = staff_user(role_profile=far.role_profile)
    submit(user.staff_profile, {far.skill_id: 1, near.skill_id: 1})
    course = make_course(course_index)
    lessons = {
        "cost": make_lesson(course, title="コスト管理の基本"),
        "watch": make_lesson(course, title="監視の基本"),
        "easy": make_lesson(course, title="はじめてのコスト"),
    }
    LessonSkill.objects.create(lesson=lessons["cost"], skill=far.skill, level=3)
    LessonSkill.objects.create(lesson=lessons["watch"], skill=near.skill, level=2)
    LessonSkill.objects.create(lesson=lessons["easy"], skill=far.skill, level=1)
    return user, lessons


def test_gaps_are_listed_largest_first(setting):
    user, _lessons = setting
    gaps = skill_profile(user.staff_profile)["gaps"]
    assert [(row.skill.name, row.gap) for row in gaps] == [("コスト管理", 3), ("監視", 1)]


def test_recommendations_close_the_largest_gap_first_and_skip_lessons_below_the_level(setting):
    user, lessons = setting
    recommended = recommend_lessons(user, skill_profile(user.staff_profile)["gaps"])
    assert [item["lesson"].pk for item in recommended] == [
        lessons["cost"].pk,
        lessons["watch"].pk,
    ]


def test_completed_lessons_are_not_recommended_again(setting):
    user, lessons = setting
    LessonProgress.objects.create(user=user, lesson=lessons["cost"], completed_at=timezone.now())
    recommended = recommend_lessons(user, skill_profile(user.staff_profile)["gaps"])
    assert lessons["cost"].pk not in [item["lesson"].pk for item in recommended]


def test_the_profile_page_has_the_chart_its_data_table_and_recommendations(client, setting):
    user, _lessons = setting
    client.force_login(user)
    html = client.get(reverse("skill_profile")).content.decode()
    assert 'id="skill-radar"' in html and "npm/echarts/echarts.min.js" in html
    assert "<caption>" in html and "コスト管理の基本" in html


def test_the_profile_page_shows_the_level_month_by_month(client, setting):
    user, _lessons = setting
    client.force_login(user)
    html = client.get(reverse("skill_profile")).content.decode()
    this_month = timezone.localtime().strftime("%Y-%m")
    trend = html.split('class="skill-trend"')[1].split("</table>")[0]
    assert f'<th scope="col">{this_month}</th>' in trend
    assert "<td>1</td></tr>" in trend
