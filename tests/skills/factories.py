"""Small skill frameworks and quizzes for tests."""

import factory

from skills.models import (
    Question,
    Quiz,
    RoleProfile,
    RoleTarget,
    Skill,
    SkillCategory,
    SkillFramework,
)


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillFramework
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"fw{n}")
    name = factory.Sequence(lambda n: f"スキル体系{n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillCategory

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.Sequence(lambda n: f"カテゴリ{n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    category = factory.SubFactory(CategoryFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    name = factory.Sequence(lambda n: f"スキル{n}")


class RoleProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleProfile

    code = factory.Sequence(lambda n: f"role{n}")
    name = factory.Sequence(lambda n: f"役割{n}")


class RoleTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleTarget

    role_profile = factory.SubFactory(RoleProfileFactory)
    skill = factory.SubFactory(SkillFactory)
    target_level = 3


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
    kind = Question.Kind.SINGLE
    text = factory.Sequence(lambda n: f"問題{n}")
    choices = "*正しい答え\n誤った答え\nもう一つの誤り"
    skill = factory.SubFactory(SkillFactory)
    level = 2
