"""Factories for skill frameworks, role targets, people's levels and quizzes."""

import datetime

import factory
from django.utils import timezone

from skills.models import (
    Question,
    Quiz,
    QuizAttempt,
    RoleProfile,
    RoleTarget,
    Skill,
    SkillCategory,
    SkillEvidence,
    SkillFramework,
    StaffSkillLevel,
)
from skills.question_answers import Choice, choice_answer
from tests.factories import StaffProfileFactory


class SkillFrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillFramework
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"dss-{n}")
    name = factory.Sequence(lambda n: f"デジタルスキル標準{n}")


class SkillCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillCategory

    framework = factory.SubFactory(SkillFrameworkFactory)
    code = factory.Sequence(lambda n: f"c{n}")
    name = factory.Sequence(lambda n: f"データ活用{n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    category = factory.SubFactory(SkillCategoryFactory)
    code = factory.Sequence(lambda n: f"s{n}")
    name = factory.Sequence(lambda n: f"データ分析{n}")


class RoleProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleProfile
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"role-{n}")
    name = factory.Sequence(lambda n: f"情報システム担当{n}")


class RoleTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleTarget

    role_profile = factory.SubFactory(RoleProfileFactory)
    skill = factory.SubFactory(SkillFactory)
    target_level = 3


class SkillEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillEvidence

    staff = factory.SubFactory(StaffProfileFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 2
    source = SkillEvidence.Source.ASSESSMENT
    observed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class StaffSkillLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffSkillLevel

    staff = factory.SubFactory(StaffProfileFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 2
    basis = StaffSkillLevel.Basis.ASSESSED
    basis_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


def framework_with_skills(count: int = 3, code: str = "dss") -> tuple[SkillFramework, list]:
    framework = SkillFrameworkFactory(code=code, name="デジタル推進人材")
    category = SkillCategoryFactory(framework=framework)
    return framework, [SkillFactory(category=category) for _ in range(count)]


def staff_with_levels(count: int, skill, level: int = 2, **staff_fields) -> list:
    """`count` people sharing `staff_fields`, each with `level` in `skill`."""
    people = StaffProfileFactory.create_batch(count, **staff_fields)
    for person in people:
        StaffSkillLevelFactory(staff=person, skill=skill, level=level)
    return people


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"確認テスト{n}")
    pass_mark = 70
    attempt_limit = 3


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    text = factory.Sequence(lambda n: f"問題{n}")
    answer = factory.LazyFunction(
        lambda: choice_answer(
            Question.Kind.SINGLE,
            [
                Choice("正しい答え", True),
                Choice("誤った答え", False),
                Choice("もう一つの誤り", False),
            ],
        )
    )
    skill = factory.SubFactory(SkillFactory)
    level = 2


def passed_attempt(person, **evidence_fields):
    """A submitted, passed quiz attempt of `person` and the assessment evidence it recorded."""
    attempt = QuizAttempt.objects.create(
        quiz=QuizFactory(),
        user=person.user,
        submitted_at=timezone.now() - datetime.timedelta(days=1),
        score=1,
        max_score=1,
        passed=True,
    )
    SkillEvidenceFactory(staff=person, reference=f"quiz-attempt:{attempt.pk}", **evidence_fields)
    return attempt
