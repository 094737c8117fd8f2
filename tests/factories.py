"""Factories for test data, one per model people talk about."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from organisation.models import Department, HRScope, Municipality, StaffProfile


def municipality(code: str = "131041") -> Municipality:
    """Municipalities are reference data loaded by migration; tests pick one by code."""
    return Municipality.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-for-tests")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["municipality", "name"]

    municipality = factory.LazyFunction(municipality)
    name = factory.Sequence(lambda n: f"情報政策課{n}")


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=["職員"])
    municipality = factory.LazyFunction(municipality)
    department = factory.SubFactory(
        DepartmentFactory, municipality=factory.SelfAttribute("..municipality")
    )
    employee_id = factory.Sequence(lambda n: f"{n:05d}")
    display_name = factory.Sequence(lambda n: f"山田 太郎{n}")
    job_category = "一般事務"

    @factory.post_generation
    def role_profile(self, create, extracted, **kwargs):
        """A role profile given to the factory is kept by skills, as StaffRole."""
        if create and extracted is not None:
            from skills.models import StaffRole

            StaffRole.objects.create(staff=self, role_profile=extracted)


class HRScopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HRScope

    user = factory.SubFactory(UserFactory, roles=["人事"])
    municipality = None


def staff_user(**kwargs):
    return StaffProfileFactory(**kwargs).user


def officer_user(**kwargs):
    return UserFactory(roles=["研修担当"], **kwargs)


def hr_user(municipality_code: str | None = None, **kwargs):
    scope_municipality = municipality(municipality_code) if municipality_code else None
    return HRScopeFactory(municipality=scope_municipality, **kwargs).user


def unscoped_hr_user(**kwargs):
    """An account in the HR group whose scope an administrator forgot to set."""
    return UserFactory(roles=["人事"], **kwargs)


def publish_under(parent, page):
    """Wagtail pages are made by adding them under a parent, then publishing a revision."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_course(parent, title: str = "ガバメントクラウド運用勉強会", **fields):
    from courses.models import CoursePage

    return publish_under(parent, CoursePage(title=title, **fields))


def make_lesson(course, title: str = "ガバメントクラウドとは", duration: int = 300, **fields):
    from courses.models import LessonPage

    return publish_under(course, LessonPage(title=title, duration=duration, **fields))
