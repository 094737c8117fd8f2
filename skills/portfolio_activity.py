"""Learning activity per municipality and course effectiveness, for the HR dashboard.

Each figure is about a set of people and is withheld when that set is smaller than the privacy
threshold. No totals over municipalities are shown, so no figure is the difference of others.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet, Sum

from courses.models import CoursePage, LessonPage, LessonProgress
from organisation.models import Municipality

from . import privacy
from .levels import decide
from .models import PortfolioActivity, QuizAttempt, Skill, SkillEvidence, StaffSkillLevel
from .portfolio_periods import Period

ACTIVITY_FIELDS = (
    "viewers",
    "seconds_watched",
    "completers",
    "lessons_completed",
    "passers",
    "assessments_passed",
)


def rebuild_activity(municipality_ids: Iterable[int] | None = None) -> None:
    """Recount the learning activity of some municipalities (None: all) from the raw records."""
    progress = LessonProgress.objects.filter(user__staff_profile__active=True)
    # Passed attempts: a failed one is assessment evidence too, but not a test passed.
    passed = QuizAttempt.objects.filter(passed=True, user__staff_profile__active=True)
    municipalities = Municipality.objects.all()
    if municipality_ids is not None:
        municipality_ids = list(municipality_ids)
        progress = progress.filter(user__staff_profile__municipality_id__in=municipality_ids)
        passed = passed.filter(user__staff_profile__municipality_id__in=municipality_ids)
        municipalities = municipalities.filter(pk__in=municipality_ids)
    viewing = {
        row.pop("user__staff_profile__municipality_id"): row
        for row in progress.values("user__staff_profile__municipality_id").annotate(
            viewers=Count("user", distinct=True),
            seconds_watched=Sum("watched_seconds"),
            lessons_completed=Count("id", filter=Q(completed_at__isnull=False)),
            completers=Count("user", distinct=True, filter=Q(completed_at__isnull=False)),
        )
    }
    passing = {
        row.pop("user__staff_profile__municipality_id"): row
        for row in passed.values("user__staff_profile__municipality_id").annotate(
            passers=Count("user", distinct=True), assessments_passed=Count("id")
        )
    }
    for municipality in municipalities.values_list("pk", flat=True):
        figures = {**viewing.get(municipality, {}), **passing.get(municipality, {})}
        figures["seconds_watched"] = figures.get("seconds_watched") or 0
        PortfolioActivity.objects.update_or_create(
            municipality_id=municipality,
            defaults={field: figures.get(field, 0) for field in ACTIVITY_FIELDS},
        )


def learning_activity(municipalities: QuerySet) -> list[dict]:
    """Hours watched, lessons completed and assessments passed, per municipality."""
    municipalities = list(municipalities)
    counted = {
        row.municipality_id: row
        for row in PortfolioActivity.objects.filter(municipality__in=municipalities)
    }
    rows = []
    for municipality in municipalities:
        row = counted.get(municipality.pk) or PortfolioActivity()
        rows.append(
            {
                "code": municipality.code,
                "name": municipality.name,
                "hours_watched": (
                    round(row.seconds_watched / 3600, 1) if privacy.shown(row.viewers) else None
                ),
                "lessons_completed": (
                    row.lessons_completed if privacy.shown(row.completers) else None
                ),
                "assessments_passed": (
                    row.assessments_passed if privacy.shown(row.passers) else None
                ),
            }
        )
    return rows


def level_before(evidence: list[SkillEvidence], moment) -> int:
    """The level the rule (levels.py) gave from the evidence observed before `moment`; 0 if
    none counted."""
    decided = decide([item for item in evidence if item.observed_at < moment], moment)
    return decided.level if decided is not None else 0


def course_effectiveness(municipalities: QuerySet, period: Period | None = None) -> list[dict]:
    """Per course and skill: mean level of its participants before the course and now.

    A participant completed at least one lesson of the course; only municipalities with enough
    participants to show are counted. Their level before is the level the rule of
    levels.py gave just before their first completion (0 if none); after is their current
    level. The skills of a course are those its lessons gave evidence for
    (evidence referencing "lesson:<id>"). Given a period, only the people whose first
    completion of the course falls in it (Tokyo time) are its participants.
    """
    lessons = dict(LessonPage.objects.values_list("pk", "path"))
    courses = {course.path: course for course in CoursePage.objects.all()}
    course_of_lesson = {}
    for lesson, path in lessons.items():
        for course_path, course in courses.items():
            if path.startswith(course_path):
                course_of_lesson[lesson] = course
    first_completion: dict = {}
    municipality_of: dict = {}
    for lesson, staff, municipality, completed_at in LessonProgress.objects.filter(
        completed_at__isnull=False,
        user__staff_profile__municipality__in=municipalities,
        user__staff_profile__active=True,
    ).values_list(
        "lesson_id",
        "user__staff_profile__id",
        "user__staff_profile__municipality_id",
        "completed_at",
    ):
        municipality_of[staff] = municipality
        course = course_of_lesson.get(lesson)
        if course is None:
            continue
        key = (course.pk, staff)
        if key not in first_completion or completed_at < first_completion[key]:
            first_completion[key] = completed_at
    start, end = period.bounds() if period else (None, None)
    participants: dict = defaultdict(dict)
    for (course, staff), completed_at in first_completion.items():
        if (start is None or completed_at >= start) and (end is None or completed_at < end):
            participants[course][staff] = completed_at
    staff_ids = {staff for people in participants.values() for staff in people}
    # Only the participants' evidence is read: the skills a course's lessons gave evidence for.
    evidence = defaultdict(list)
    course_skills: dict = defaultdict(set)
    for item in SkillEvidence.objects.filter(staff_id__in=staff_ids).only(
        "staff_id", "skill_id", "level", "observed_at", "expires_at", "source", "reference"
    ):
        evidence[(item.staff_id, item.skill_id)].append(item)
        reference = item.reference
        lesson = reference.split(":", 1)[1] if reference.startswith("lesson:") else ""
        if item.source == SkillEvidence.Source.LESSON and lesson.isdigit():
            if int(lesson) in course_of_lesson:
                course_skills[course_of_lesson[int(lesson)].pk].add(item.skill_id)
    skill_ids = {skill for skills in course_skills.values() for skill in skills}
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
            # Municipality by municipality, so that a sum over several never includes a group
            # too small to show (privacy rule 3): filters cannot be subtracted from each other.
            by_municipality: dict = defaultdict(list)
            for staff, completed_at in people.items():
                before = level_before(evidence[(staff, skill)], completed_at)
                by_municipality[municipality_of[staff]].append(
                    (before, current.get((staff, skill), 0))
                )
            pairs = [
                pair
                for group in by_municipality.values()
                if privacy.shown(len(group))
                for pair in group
            ]
            visible = bool(pairs)
            rows.append(
                {
                    "course": course.title,
                    "skill": names[skill],
                    "participants": len(pairs) if visible else None,
                    "before": round(sum(b for b, _ in pairs) / len(pairs), 2) if visible else None,
                    "after": round(sum(a for _, a in pairs) / len(pairs), 2) if visible else None,
                    "suppressed": not visible,
                }
            )
    return rows
