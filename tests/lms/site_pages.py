"""Every page of staff, HR, sign-in and our admin additions, with the data each needs to show
all its parts (charts, tables, a quiz): what the accessibility and phone-layout tests visit."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from certificates.issuing import issue_for_course
from courses.models import LessonProgress
from feedback.models import LessonRating, QuestionKind, Survey, SurveyQuestion
from notifications.models import Notice
from notifications.unsubscribe import token_for
from organisation.models import Department, StaffProfile
from skills.confirmation import MANAGERS
from skills.models import Question, RoleProfile, Skill, StaffRole
from skills.question_answers import Choice, choice_answer
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
    officer: list[str]


def laid_out_recording() -> int:
    """A ready recording with two chapters (files on disk, no ffmpeg), for the video editors."""
    from django.conf import settings

    from media_pipeline.models import Chapter, Rendition
    from tests.courses.media_layout import RECORDING, lay_out

    recording, _clip = lay_out(settings.MEDIA_ROOT)
    Rendition.objects.create(
        video=recording,
        name="90p",
        width=160,
        height=90,
        bandwidth=200_000,
        codecs="avc1.64001f",
        playlist=f"{RECORDING}/90p/index.m3u8",
    )
    Chapter.objects.create(recording=recording, index=1, title="前半", start=0, end=20)
    Chapter.objects.create(recording=recording, index=2, title="後半", start=20, end=40)
    return recording.pk


def build_site(course_index) -> SitePages:
    populated_tokyo()
    recording = laid_out_recording()
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
        answer=choice_answer(
            Question.Kind.SINGLE,
            [
                Choice("物理サーバー", False),
                Choice("OS とミドルウェア", True),
                Choice("建物と電源", False),
            ],
        ),
    )
    survey = feedback_on(course, lesson, staff.user)
    # Required training for demo_staff: やること on /my/, progress on the course page, and a
    # withdrawal page for HR.
    from organisation.access import EVERYWHERE
    from training.assigning import assign
    from training.audience import resolve_rule

    assignment, _assigned = assign(
        course=course,
        rules=[resolve_rule("user", "demo_staff", EVERYWHERE)],
        scope=EVERYWHERE,
        due_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    Notice.objects.create(
        user=staff.user,
        kind="training.due_soon",
        key="site-pages",
        title="必修研修「情報セキュリティ研修」の受講期限が近づいています",
        body="受講期限は 2026年7月31日（金） です（あと7日）。",
        url=course.url,
    )

    # /my/'s 修了証 section with both parts: a certificate to download, a course to issue one for.
    finished = make_course(course_index, title="情報セキュリティ基礎")
    # (feedback_on completed `lesson`, so its course is the one to issue a certificate for.)
    LessonProgress.objects.create(
        user=staff.user,
        lesson=make_lesson(finished, title="パスワードの管理"),
        completed_at=timezone.now(),
    )
    certificate = issue_for_course(staff.user, finished)
    return SitePages(
        signed_out=[
            "/accounts/login/",
            f"/notices/unsubscribe/{token_for(staff.user.pk, 'training.overdue')}/",
            f"/certificates/verify/{certificate.token}/",
        ],
        staff=[
            "/my/",
            "/my/history/",
            lesson.url,
            course.url,
            "/skills/me/",
            "/skills/self-assessment/",
            f"/skills/quizzes/{quiz.pk}/",
            f"/feedback/lessons/{lesson.pk}/rating/",
            f"/feedback/surveys/{survey.pk}/",
            "/search/?q=クラウド",
            "/accounts/two-factor/",
            "/notices/",
            "/notices/settings/",
        ],
        hr=[
            "/portfolio/",
            "/portfolio/?indicator=mean",
            "/portfolio/?indicator=target&by=fy",
            "/portfolio/m/131041/",
            "/roster/",
            "/training/new/",
            f"/training/{assignment.pk}/withdraw/",
            "/training/",
            f"/training/{required.pk}/",
        ],
        admin=[
            "/admin/videos/new/",
            "/admin/certificates/",
            f"/admin/certificates/revoke/{certificate.pk}/",
            f"/admin/videos/timeline/{recording}/",
            f"/admin/videos/caption-editor/{recording}/",
        ],
        # Names are shown only to HR scoped to the municipality.
        scoped_hr=hr_user("131041").username,
        people=[f"/portfolio/m/131041/d/{shinjuku_department.pk}/", f"/training/{required.pk}/"],
        manager=manager.user.username,
        team=["/skills/team/", f"/skills/team/{member.pk}/", "/training/team/"],
        officer=["/feedback/results/", f"/feedback/results/{course.pk}/"],
    )


def feedback_on(course, lesson, learner) -> Survey:
    """A survey the learner is asked (they completed the course), and enough ratings that the
    officers' results show a distribution and comments."""
    LessonProgress.objects.create(user=learner, lesson=lesson, completed_at=timezone.now())
    survey = Survey(course=course, title="研修の振り返り")
    survey.questions.add(
        SurveyQuestion(text="研修は業務に役立ちそうですか", kind=QuestionKind.SCALE)
    )
    survey.questions.add(
        SurveyQuestion(
            text="研修の長さは", kind=QuestionKind.CHOICE, choices="短い\nちょうどよい\n長い"
        )
    )
    survey.questions.add(
        SurveyQuestion(text="ご意見をお書きください", kind=QuestionKind.TEXT, required=False)
    )
    survey.save()
    raters = StaffProfile.objects.exclude(user=learner)[: settings.PRIVACY_THRESHOLD + 1]
    for number, rater in enumerate(raters):
        LessonRating.objects.create(
            lesson=lesson,
            user=rater.user,
            score=number % 5 + 1,
            comment=f"具体例が参考になった{number}",
        )
    return survey


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
