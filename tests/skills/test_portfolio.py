"""The precomputed portfolio rows: figures, suppression, incremental updates."""

import datetime

import pytest
from django.utils import timezone

from courses.models import LessonProgress
from organisation.models import Municipality
from skills import portfolio_compute
from skills.models import PortfolioCell, PortfolioGroup, PortfolioSnapshot, StaffSkillLevel
from skills.portfolio_activity import course_effectiveness, learning_activity
from tests.factories import (
    DepartmentFactory,
    StaffProfileFactory,
    make_course,
    make_lesson,
    municipality,
)
from tests.skills.factories import (
    RoleProfileFactory,
    RoleTargetFactory,
    SkillEvidenceFactory,
    StaffSkillLevelFactory,
    framework_with_skills,
    passed_attempt,
    staff_with_levels,
)

pytestmark = pytest.mark.django_db


def rows(queryset=None) -> set:
    queryset = queryset if queryset is not None else PortfolioCell.objects.all()
    return set(
        queryset.values_list(
            "municipality_id",
            "all_departments",
            "department_id",
            "all_roles",
            "role_profile_id",
            "skill_id",
            "n",
            "level_sum",
            "targeted",
            "at_target",
            "suppressed",
        )
    )


def groups() -> set:
    return set(
        PortfolioGroup.objects.values_list(
            "municipality_id",
            "all_departments",
            "department_id",
            "all_roles",
            "role_profile_id",
            "headcount",
            "suppressed",
        )
    )


def municipality_cell(skill, code="131041", **fields):
    return PortfolioCell.objects.get(
        municipality=municipality(code),
        skill=skill,
        all_departments=True,
        all_roles=True,
        **fields,
    )


def test_a_municipality_cell_counts_levels_and_people_at_their_role_target():
    _, (skill,) = framework_with_skills(1)
    role = RoleProfileFactory()
    RoleTargetFactory(role_profile=role, skill=skill, target_level=3)
    department = DepartmentFactory(municipality=municipality("131041"))
    staff_with_levels(4, skill, level=3, role_profile=role, department=department)
    staff_with_levels(2, skill, level=1, role_profile=role, department=department)
    StaffProfileFactory(role_profile=role, department=department)  # targeted, no level yet
    portfolio_compute.recompute()
    cell = municipality_cell(skill)
    assert (cell.n, cell.level_sum, cell.targeted, cell.at_target) == (6, 14, 7, 4)
    assert not cell.suppressed


def test_inactive_staff_are_left_out():
    _, (skill,) = framework_with_skills(1)
    department = DepartmentFactory(municipality=municipality("131041"))
    staff_with_levels(5, skill, department=department)
    staff_with_levels(3, skill, department=department, active=False)
    portfolio_compute.recompute()
    assert municipality_cell(skill).n == 5


def test_a_small_municipality_is_stored_suppressed():
    _, (skill,) = framework_with_skills(1)
    staff_with_levels(4, skill, municipality=municipality("133621"))
    portfolio_compute.recompute()
    assert municipality_cell(skill, code="133621").suppressed


def test_a_small_department_and_its_complement_are_suppressed():
    _, (skill,) = framework_with_skills(1)
    shinjuku = municipality("131041")
    big, small, middle = (DepartmentFactory(municipality=shinjuku) for _ in range(3))
    staff_with_levels(10, skill, department=big)
    staff_with_levels(2, skill, department=small)
    staff_with_levels(6, skill, department=middle)
    portfolio_compute.recompute()
    hidden = set(
        PortfolioCell.objects.filter(
            skill=skill, all_departments=False, all_roles=True, suppressed=True
        ).values_list("department_id", flat=True)
    )
    assert hidden == {small.pk, middle.pk}
    assert not municipality_cell(skill).suppressed


def change_levels(skill, other_skill, role):
    shinjuku, hachioji = municipality("131041"), municipality("132012")
    people = staff_with_levels(6, skill, role_profile=role, municipality=shinjuku)
    staff_with_levels(5, other_skill, level=4, municipality=hachioji)
    StaffSkillLevel.objects.filter(staff=people[0], skill=skill).update(level=5)
    StaffSkillLevelFactory(staff=people[1], skill=other_skill, level=1).delete()
    level = StaffSkillLevel.objects.get(staff=people[2], skill=skill)
    level.level = 4
    level.save()
    people[3].municipality = hachioji
    people[3].department = DepartmentFactory(municipality=hachioji)
    people[3].save()
    RoleTargetFactory(role_profile=role, skill=other_skill, target_level=1)


def test_incremental_updates_equal_a_full_recompute(django_capture_on_commit_callbacks):
    _, (skill, other_skill) = framework_with_skills(2)
    role = RoleProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        change_levels(skill, other_skill, role)
    # One update() above bypassed the signals, as bulk writes do: refresh its municipality.
    portfolio_compute.refresh([municipality("131041").pk], [skill.pk])
    incremental, incremental_groups = rows(), groups()
    portfolio_compute.recompute()
    assert incremental == rows()
    assert incremental_groups == groups()
    assert incremental


def test_a_new_level_updates_the_cells_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _, (skill,) = framework_with_skills(1)
        people = staff_with_levels(5, skill, level=2)
    with django_capture_on_commit_callbacks(execute=True):
        StaffSkillLevelFactory(staff=StaffProfileFactory(), skill=skill, level=5)
    assert municipality_cell(skill).n == len(people) + 1
    assert municipality_cell(skill).level_sum == 15


def test_a_snapshot_copies_the_municipality_wide_cells():
    _, (skill,) = framework_with_skills(1)
    staff_with_levels(5, skill)
    portfolio_compute.recompute()
    assert (
        portfolio_compute.take_snapshot(datetime.date(2026, 10, 15))
        == PortfolioCell.objects.filter(all_departments=True).count()
    )


def test_learning_activity_counts_hours_lessons_and_assessments_of_each_municipality(
    course_index,
):

    lesson = make_lesson(make_course(course_index))
    shinjuku, toshima = municipality("131041"), municipality("133621")
    for person in StaffProfileFactory.create_batch(5, municipality=shinjuku):
        LessonProgress.objects.create(
            user=person.user, lesson=lesson, watched_seconds=720, completed_at=timezone.now()
        )
        passed_attempt(person)
    for person in StaffProfileFactory.create_batch(2, municipality=toshima):
        LessonProgress.objects.create(user=person.user, lesson=lesson, watched_seconds=3600)
    portfolio_compute.recompute()
    rows = {row["code"]: row for row in learning_activity(Municipality.objects.all())}
    assert rows["131041"] == {
        "code": "131041",
        "name": "新宿区",
        "hours_watched": 1.0,
        "lessons_completed": 5,
        "assessments_passed": 5,
    }
    assert rows["133621"]["hours_watched"] is None
    assert rows["133621"]["lessons_completed"] == 0


def test_course_effectiveness_compares_levels_before_the_course_and_now(course_index):
    _, (skill,) = framework_with_skills(1)
    lesson = make_lesson(make_course(course_index, title="データ活用入門"))
    finished = timezone.now() - datetime.timedelta(days=10)
    for person in StaffProfileFactory.create_batch(5):
        SkillEvidenceFactory(
            staff=person,
            skill=skill,
            level=1,
            source="self",
            observed_at=finished - datetime.timedelta(days=30),
        )
        LessonProgress.objects.create(user=person.user, lesson=lesson, completed_at=finished)
        SkillEvidenceFactory(
            staff=person,
            skill=skill,
            level=3,
            source="lesson",
            reference=f"lesson:{lesson.pk}",
            observed_at=finished,
        )
        StaffSkillLevelFactory(staff=person, skill=skill, level=3)
    (row,) = course_effectiveness(Municipality.objects.all())
    assert (row["course"], row["participants"], row["before"], row["after"]) == (
        "データ活用入門",
        5,
        1.0,
        3.0,
    )


def test_course_effectiveness_reads_the_level_before_by_the_rule_not_the_highest_claim(
    course_index,
):
    _, (skill,) = framework_with_skills(1)
    lesson = make_lesson(make_course(course_index))
    finished = timezone.now() - datetime.timedelta(days=10)
    for person in StaffProfileFactory.create_batch(5):
        # rated themselves 4, then a test said 1: before the course they were at 1
        for level, source, days in ((4, "self", 60), (1, "assessment", 30)):
            SkillEvidenceFactory(
                staff=person,
                skill=skill,
                level=level,
                source=source,
                observed_at=finished - datetime.timedelta(days=days),
            )
        LessonProgress.objects.create(user=person.user, lesson=lesson, completed_at=finished)
        SkillEvidenceFactory(
            staff=person,
            skill=skill,
            level=2,
            source="lesson",
            reference=f"lesson:{lesson.pk}",
            observed_at=finished,
        )
        StaffSkillLevelFactory(staff=person, skill=skill, level=2)
    (row,) = course_effectiveness(Municipality.objects.all())
    assert (row["before"], row["after"]) == (1.0, 2.0)


def test_course_effectiveness_leaves_out_municipalities_with_too_few_participants(course_index):
    _, (skill,) = framework_with_skills(1)
    lesson = make_lesson(make_course(course_index))
    for code, count in (("131041", 5), ("133621", 2)):
        for person in StaffProfileFactory.create_batch(count, municipality=municipality(code)):
            LessonProgress.objects.create(
                user=person.user, lesson=lesson, completed_at=timezone.now()
            )
            SkillEvidenceFactory(
                staff=person, skill=skill, source="lesson", reference=f"lesson:{lesson.pk}"
            )
    everywhere = course_effectiveness(Municipality.objects.all())[0]["participants"]
    wards_only = course_effectiveness(Municipality.objects.filter(kind="特別区"))[0]
    assert everywhere == wards_only["participants"] == 5


def test_a_back_filled_snapshot_counts_only_evidence_from_before_its_month_end():
    _, (skill,) = framework_with_skills(1)
    october = timezone.make_aware(datetime.datetime(2026, 10, 10))
    for person in StaffProfileFactory.create_batch(5):
        SkillEvidenceFactory(staff=person, skill=skill, level=1, observed_at=october)
        SkillEvidenceFactory(
            staff=person, skill=skill, level=4, observed_at=october + datetime.timedelta(days=30)
        )
    portfolio_compute.take_snapshot_as_of(datetime.date(2026, 10, 1))
    row = PortfolioSnapshot.objects.get(
        month=datetime.date(2026, 10, 1), skill=skill, all_roles=True
    )
    assert (row.n, row.level_sum, row.suppressed) == (5, 5, False)


def test_a_passed_assessment_updates_the_activity_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        people = StaffProfileFactory.create_batch(5)
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            passed_attempt(person)
    (row,) = learning_activity(Municipality.objects.filter(code="131041"))
    assert row["assessments_passed"] == 5
