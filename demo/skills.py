"""The demo's skills: frameworks, role profiles, quizzes, and a realistic spread of evidence.

The staff's evidence follows the story in story.py (made by evidence.py): a baseline test,
training in some municipalities, a follow-up test. Idempotent: the frameworks are imported once,
quizzes and tags are matched by title, and the story is played only when none of the staff has
taken a test yet.
"""

import random

from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage, LessonPage, LessonProgress
from organisation.models import StaffProfile
from skills.frameworks import import_bundled
from skills.levels import recompute_levels_for
from skills.models import (
    LessonSkill,
    Question,
    Quiz,
    QuizAttempt,
    RoleProfile,
    Skill,
    SkillEvidence,
    StaffRole,
)
from skills.question_answers import Choice, choice_answer, ordering_answer, true_false_answer

from . import evidence
from .catalogue import DEMO_COURSE_SLUG

Source = SkillEvidence.Source
Kind = Question.Kind

# Lesson title → [(Government Cloud skill code, level the lesson teaches)].
LESSON_SKILLS = {
    "ガバメントクラウドとは": [("GC1-01", 2), ("GC1-02", 2)],
    "アカウントと権限の管理": [("GC2-01", 2), ("GC2-02", 2)],
    "コスト管理の基本": [("GC4-01", 2), ("GC4-02", 1)],
    "監視と障害対応": [("GC5-01", 2), ("GC7-01", 2)],
}

# (text, answer, skill code, level, explanation)
LESSON_QUIZ = (
    "ガバメントクラウドとは",
    "確認テスト：ガバメントクラウドの基本",
    [
        (
            "IaaS を利用するとき、利用者（自治体側）が責任を持つのはどれですか。",
            choice_answer(
                Kind.SINGLE,
                [
                    Choice("OS やミドルウェアの設定とパッチ適用", True),
                    Choice("データセンターの建物と電源", False),
                    Choice("物理サーバーの故障対応", False),
                ],
            ),
            "GC1-01",
            2,
            "責任共有モデルでは、IaaS の OS 以上は利用者の責任です。",
        ),
        (
            "ガバメントクラウドへの移行で期待される効果をすべて選んでください。",
            choice_answer(
                Kind.MULTIPLE,
                [
                    Choice("システムの標準化による調達・運用コストの削減", True),
                    Choice("最新のセキュリティ対策の共同利用", True),
                    Choice("庁内ネットワークが不要になる", False),
                    Choice("制度改正への迅速な対応", True),
                ],
            ),
            "GC1-02",
            2,
            "庁内ネットワークは引き続き必要です。",
        ),
        (
            "多要素認証を設定すれば、特権IDの操作記録を残す必要はない。",
            true_false_answer(False),
            "GC2-02",
            2,
            "多要素認証とは別に、特権IDの利用は記録し定期的に確認します。",
        ),
        (
            "障害発生時の対応を正しい順に並べてください。",
            ordering_answer(
                [
                    "検知と影響範囲の確認",
                    "関係者への第一報",
                    "ベンダーとの切り分け",
                    "復旧と事後報告",
                ]
            ),
            "GC7-01",
            2,
            "まず影響を確かめ、早く知らせ、切り分けてから復旧します。",
        ),
    ],
)

COURSE_QUIZ_TITLE = "修了テスト：ガバメントクラウド運用"
COURSE_QUIZ = [
    (
        "予算超過を早く知るために最初に設定するとよいものはどれですか。",
        choice_answer(
            Kind.SINGLE,
            [
                Choice("予算アラート", True),
                Choice("インスタンスの自動停止", False),
                Choice("年次の決算報告", False),
            ],
        ),
        "GC4-01",
        2,
        "予算アラートで、超える前に気づけます。",
    ),
    (
        "使われていないリソースの停止は、コスト適正化の基本的な手段である。",
        true_false_answer(True),
        "GC4-02",
        1,
        "停止や削除、サイズの見直しが基本です。",
    ),
    (
        "監視の設計で決めておくことをすべて選んでください。",
        choice_answer(
            Kind.MULTIPLE,
            [
                Choice("監視する項目としきい値", True),
                Choice("アラートの通知先", True),
                Choice("ログの保存期間", True),
                Choice("職員の勤務表", False),
            ],
        ),
        "GC5-01",
        2,
        "勤務表は監視の設計には含めません。",
    ),
    (
        "最小権限の原則に沿った権限の与え方はどれですか。",
        choice_answer(
            Kind.SINGLE,
            [
                Choice("業務に必要な操作だけを許可する", True),
                Choice("全員に管理者権限を与える", False),
                Choice("権限を共有アカウントにまとめる", False),
            ],
        ),
        "GC2-01",
        2,
        "必要な操作だけを許可し、定期的に棚卸しします。",
    ),
    (
        "標準化対象システムの移行の進め方を正しい順に並べてください。",
        ordering_answer(
            ["現行システムの調査", "移行計画の作成", "データ移行リハーサル", "本番移行"]
        ),
        "GC6-01",
        2,
        "調査、計画、リハーサル、本番の順です。",
    ),
    (
        "SLA の達成状況を確かめる主な資料はどれですか。",
        choice_answer(
            Kind.SINGLE,
            [
                Choice("ベンダーの運用報告書", True),
                Choice("庁内の広報誌", False),
                Choice("議会の会議録", False),
            ],
        ),
        "GC8-01",
        2,
        "運用報告書で稼働率や対応時間を確認します。",
    ),
]


def skill_by_code(framework: str, code: str) -> Skill:
    return Skill.objects.get(category__framework__code=framework, code=code)


def make_quiz(title: str, questions: list, **fields) -> Quiz:
    quiz = Quiz.objects.filter(title=title).first()
    if quiz is not None:
        return quiz
    quiz = Quiz(title=title, **fields)
    for order, (text, answer, skill_code, level, explanation) in enumerate(questions):
        quiz.questions.add(
            Question(
                sort_order=order,
                text=text,
                answer=answer,
                skill=skill_by_code("gov-cloud", skill_code),
                level=level,
                explanation=explanation,
            )
        )
    quiz.save()
    return quiz


def seed_catalogue_skills() -> list[Quiz]:
    course = CoursePage.objects.get(slug=DEMO_COURSE_SLUG)
    lessons = {lesson.title: lesson for lesson in LessonPage.objects.child_of(course)}
    for title, tags in LESSON_SKILLS.items():
        for code, level in tags:
            LessonSkill.objects.get_or_create(
                lesson=lessons[title],
                skill=skill_by_code("gov-cloud", code),
                defaults={"level": level},
            )
    lesson_title, quiz_title, questions = LESSON_QUIZ
    return [
        make_quiz(quiz_title, questions, lesson=lessons[lesson_title], pass_mark=60),
        make_quiz(
            COURSE_QUIZ_TITLE,
            COURSE_QUIZ,
            course=course,
            pass_mark=70,
            questions_per_attempt=4,
            valid_days=730,
        ),
    ]


def assign_roles(rng: random.Random) -> None:
    """Give a role to staff without one: IT staff by job or section, a few DX leaders."""
    roles = {role.code: role for role in RoleProfile.objects.all()}
    unassigned = list(
        StaffProfile.objects.filter(role__isnull=True).select_related("user", "department")
    )
    chosen = []
    for staff in unassigned:
        department = staff.department.name if staff.department else ""
        if (
            staff.user.username == "demo_staff"
            or staff.job_category == "情報"
            or "情報政策" in department
        ):
            role = roles["it-staff"]
        elif "DX推進" in department or rng.random() < 0.08:
            role = roles["dx-leader"]
        else:
            role = roles["general"]
        chosen.append(StaffRole(staff=staff, role_profile=role))
    StaffRole.objects.bulk_create(chosen, batch_size=500)


def seed_lesson_evidence() -> int:
    """Evidence for lesson completions recorded before the tags existed (e.g. by another step)."""
    tags: dict[int, list[LessonSkill]] = {}
    for tag in LessonSkill.objects.all():
        tags.setdefault(tag.lesson_id, []).append(tag)
    staff_by_user = dict(StaffProfile.objects.values_list("user_id", "pk"))
    evidence = [
        SkillEvidence(
            staff_id=staff_by_user[progress.user_id],
            skill_id=tag.skill_id,
            level=tag.level,
            source=Source.LESSON,
            observed_at=progress.completed_at,
            reference=f"lesson:{progress.lesson_id}",
        )
        for progress in LessonProgress.objects.filter(
            completed_at__isnull=False, lesson_id__in=tags, user_id__in=staff_by_user
        )
        for tag in tags[progress.lesson_id]
    ]
    SkillEvidence.objects.bulk_create(evidence, batch_size=1000, ignore_conflicts=True)
    return len(evidence)


@transaction.atomic
def seed() -> list[str]:
    rng = random.Random(20261124)
    if not Skill.objects.filter(category__framework__code="gov-cloud").exists():
        import_bundled()
    quizzes = seed_catalogue_skills()
    assign_roles(rng)
    before = SkillEvidence.objects.count()
    seed_lesson_evidence()
    if not QuizAttempt.objects.filter(user__username__startswith="staff-").exists():
        evidence.seed_story(*quizzes, rng, timezone.now())
    added = SkillEvidence.objects.count() - before
    levels = recompute_levels_for(StaffProfile.objects.values_list("pk", flat=True))
    return [f"skills: {len(quizzes)} quizzes, {added} new evidence, {levels} current levels"]
