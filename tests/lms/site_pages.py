"""Every page of staff, HR, sign-in and our admin additions, with the data each needs to show
all its parts (charts, tables, a quiz): what the accessibility and phone-layout tests visit."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.utils import timezone

from organisation.models import Department, StaffProfile
from skills.confirmation import MANAGERS
from skills.models import RoleProfile, Skill, StaffRole
from tests.factories import hr_user, make_course, make_lesson
from tests.skills.factories import QuestionFactory, QuizFactory
from tests.skills.portfolio_data import populated_tokyo
from training.models import Assignee, Assignment

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
    required = required_training(course, shinjuku_department)
    quiz = QuizFactory(lesson=lesson, title="基本の確認")
    QuestionFactory(
        quiz=quiz,
        skill=skill,
        level=2,
        text="IaaS で利用者が管理するものは",
        choices="物理サーバー\n*OS とミドルウェア\n建物と電源",
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
            "/training/",
            f"/training/{required.pk}/",
        ],
        admin=["/admin/videos/new/"],
        # Names are shown only to HR scoped to the municipality.
        scoped_hr=hr_user("131041").username,
        people=[f"/portfolio/m/131041/d/{shinjuku_department.pk}/", f"/training/{required.pk}/"],
        manager=manager.user.username,
        team=["/skills/team/", f"/skills/team/{member.pk}/", "/training/team/"],
    )


def required_training(course, department) -> Assignment:
    """A required course for everyone in Shinjuku: done, started, not started, some in the
    manager's department, so the reports show figures, withheld cells and names."""
    today = timezone.localdate()
    assignment = Assignment.objects.create(
        title="情報セキュリティ研修",
        course=course,
        starts_on=today - datetime.timedelta(days=30),
        due_on=today + datetime.timedelta(days=30),
    )
    now = timezone.now()
    staff = StaffProfile.objects.filter(municipality__code="131041").order_by("department", "pk")
    Assignee.objects.bulk_create(
        Assignee(
            assignment=assignment,
            staff=person,
            added_at=now,
            started_at=now if index % 3 else None,
            completed_at=now if index % 3 == 2 else None,
        )
        for index, person in enumerate(staff)
    )
    return assignment


def sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
