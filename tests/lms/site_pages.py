"""Every page of staff, HR, sign-in and our admin additions, with the data each needs to show
all its parts (charts, tables, a quiz): what the accessibility and phone-layout tests visit."""

from dataclasses import dataclass

from django.contrib.auth.models import Group

from organisation.models import Department, StaffProfile
from skills.confirmation import MANAGERS
from skills.models import Question, RoleProfile, Skill, StaffRole
from skills.question_answers import Choice, choice_answer
from tests.factories import hr_user, make_course, make_lesson
from tests.skills.factories import QuestionFactory, QuizFactory
from tests.skills.portfolio_data import populated_tokyo

PASSWORD = "pass-for-tests"
# The skill name whose radar label was cut on a phone ("ィ運用・保守・監視").
LONG_SKILL_NAME = "ガバメントクラウドの運用・保守・監視"


@dataclass
class SitePages:
    signed_out: list[str]
    staff: list[str]
    hr: list[str]
    admin: list[str]
    scoped_hr: str
    people: list[str]
    manager: str
    team: list[str]


def build_site(course_index) -> SitePages:
    populated_tokyo()
    skill = Skill.objects.get(code="s0")
    skill.name = LONG_SKILL_NAME
    skill.save()
    staff = StaffProfile.objects.get(user__username="demo_staff")
    StaffRole.objects.update_or_create(
        staff=staff, defaults={"role_profile": RoleProfile.objects.get(code="dx")}
    )
    shinjuku_department = Department.objects.filter(
        municipality__code="131041", staff__isnull=False
    ).first()
    manager, member = StaffProfile.objects.filter(department=shinjuku_department)[:2]
    manager.user.set_password(PASSWORD)
    manager.user.save()
    manager.user.groups.add(Group.objects.get(name=MANAGERS))
    course = make_course(course_index)
    lesson = make_lesson(course)
    quiz = QuizFactory(lesson=lesson, title="基本の確認")
    QuestionFactory(
        quiz=quiz,
        skill=skill,
        level=2,
        text="IaaS で利用者が管理するものは",
        answer=choice_answer(
            Question.Kind.SINGLE,
            [
                Choice("物理サーバー", False),
                Choice("OS とミドルウェア", True),
                Choice("建物と電源", False),
            ],
        ),
    )
    return SitePages(
        signed_out=["/accounts/login/"],
        staff=[
            "/my/",
            "/my/history/",
            lesson.url,
            course.url,
            "/skills/me/",
            "/skills/self-assessment/",
            f"/skills/quizzes/{quiz.pk}/",
            "/search/?q=クラウド",
            "/accounts/two-factor/",
        ],
        hr=[
            "/portfolio/",
            "/portfolio/?indicator=mean",
            "/portfolio/?indicator=target&by=fy",
            "/portfolio/m/131041/",
            "/roster/",
        ],
        admin=["/admin/videos/new/"],
        # Names are shown only to HR scoped to the municipality.
        scoped_hr=hr_user("131041").username,
        people=[f"/portfolio/m/131041/d/{shinjuku_department.pk}/"],
        manager=manager.user.username,
        team=["/skills/team/", f"/skills/team/{member.pk}/"],
    )


def sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
