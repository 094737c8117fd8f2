"""Learning activity per municipality and course effectiveness, for the HR dashboard.

Each figure is about a set of people and is withheld when that set is smaller than the privacy
threshold. No totals over municipalities are shown, so no figure is the difference of others.
"""

from collections import defaultdict

from django.db.models import Count, Q, QuerySet, Sum

from courses.models import CoursePage, LessonPage, LessonProgress

from . import privacy
from .models import Skill, SkillEvidence, StaffSkillLevel


def learning_activity(municipalities: QuerySet) -> list[dict]:
    """Hours watched, lessons completed and assessments passed, per municipality."""
    municipalities = list(municipalities)
    ids = [municipality.pk for municipality in municipalities]
    viewing = {
        row["user__staff_profile__municipality_id"]: row
        for row in LessonProgress.objects.filter(
            user__staff_profile__municipality_id__in=ids, user__staff_profile__active=True
        )
        .values("user__staff_profile__municipality_id")
        .annotate(
            viewers=Count("user", distinct=True),
            seconds=Sum("watched_seconds"),
            completed=Count("id", filter=Q(completed_at__isnull=False)),
            completers=Count("user", distinct=True, filter=Q(completed_at__isnull=False)),
        )
    }
    passing = {
        row["staff__municipality_id"]: row
        for row in SkillEvidence.objects.filter(
            source=SkillEvidence.Source.ASSESSMENT,
            staff__municipality_id__in=ids,
            staff__active=True,
        )
        .values("staff__municipality_id")
        .annotate(passers=Count("staff", distinct=True), passed=Count("id"))
    }
    rows = []
    for municipality in municipalities:
        seen = viewing.get(municipality.pk, {})
        passed = passing.get(municipality.pk, {})
        viewers = seen.get("viewers", 0)
        completers = seen.get("completers", 0)
        passers = passed.get("passers", 0)
        rows.append(
            {
                "code": municipality.code,
                "name": municipality.name,
                "hours_watched": (
                    round((seen.get("seconds") or 0) / 3600, 1) if privacy.shown(viewers) else None
                ),
                "lessons_completed": (
                    seen.get("completed", 0) if privacy.shown(completers) else None
                ),
                "assessments_passed": passed.get("passed", 0) if privacy.shown(passers) else None,
            }
        )
    return rows


def course_effectiveness(municipalities: QuerySet) -> list[dict]:
    """Per course and skill: mean level of its participants before the course and now.

    A participant completed at least one lesson of the course. Their level before is the
    highest level their evidence showed before their first completion (0 if none); after is
    their current level. The skills of a course are those its lessons gave evidence for
    (evidence referencing "lesson:<id>").
    """
    lessons = dict(LessonPage.objects.values_list("pk", "path"))
    courses = {course.path: course for course in CoursePage.objects.all()}
    course_of_lesson = {}
    for lesson, path in lessons.items():
        for course_path, course in courses.items():
            if path.startswith(course_path):
                course_of_lesson[lesson] = course
    first_completion: dict = {}
    for lesson, staff, completed_at in LessonProgress.objects.filter(
        completed_at__isnull=False,
        user__staff_profile__municipality__in=municipalities,
        user__staff_profile__active=True,
    ).values_list("lesson_id", "user__staff_profile__id", "completed_at"):
        course = course_of_lesson.get(lesson)
        if course is None:
            continue
        key = (course.pk, staff)
        if key not in first_completion or completed_at < first_completion[key]:
            first_completion[key] = completed_at
    course_skills: dict = defaultdict(set)
    for reference, skill in (
        SkillEvidence.objects.filter(
            source=SkillEvidence.Source.LESSON, reference__startswith="lesson:"
        )
        .values_list("reference", "skill_id")
        .distinct()
    ):
        lesson = reference.split(":", 1)[1]
        if lesson.isdigit() and int(lesson) in course_of_lesson:
            course_skills[course_of_lesson[int(lesson)].pk].add(skill)
    participants: dict = defaultdict(dict)
    for (course, staff), completed_at in first_completion.items():
        participants[course][staff] = completed_at
    staff_ids = {staff for people in participants.values() for staff in people}
    skill_ids = {skill for skills in course_skills.values() for skill in skills}
    evidence = defaultdict(list)
    for staff, skill, level, observed_at in SkillEvidence.objects.filter(
        staff_id__in=staff_ids, skill_id__in=skill_ids
    ).values_list("staff_id", "skill_id", "level", "observed_at"):
        evidence[(staff, skill)].append((observed_at, level))
    current = {
        (staff, skill): level
        for staff, skill, level in StaffSkillLevel.objects.filter(
            staff_id__in=staff_ids, skill_id__in=skill_ids
        ).values_list("staff_id", "skill_id", "level")
    }
    names = dict(Skill.objects.filter(pk__in=skill_ids).values_list("pk", "name"))
    course_by_id = {course.pk: course for course in courses.values()}
    rows = []
    for course_id, people in participants.items():
        course = course_by_id[course_id]
        for skill in sorted(course_skills.get(course_id, ()), key=lambda pk: names[pk]):
            before = [
                max(
                    (level for when, level in evidence[(staff, skill)] if when < completed_at),
                    default=0,
                )
                for staff, completed_at in people.items()
            ]
            after = [current.get((staff, skill), 0) for staff in people]
            visible = privacy.shown(len(people))
            rows.append(
                {
                    "course": course.title,
                    "skill": names[skill],
                    "participants": len(people) if visible else None,
                    "before": round(sum(before) / len(before), 2) if visible else None,
                    "after": round(sum(after) / len(after), 2) if visible else None,
                    "suppressed": not visible,
                }
            )
    return rows
