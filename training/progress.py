"""How far each assignee has come: `Assignee.started_at` and `completed_at`, kept current.

- Started (受講中): the first time, from the assignment's start date on, the person opened or
  watched a lesson of the course or began one of its quizzes; a completion implies a start.
  Learning begun before the start and left unfinished does not count as started for it.
- Completed (修了): a course by the one rule in `skills.course_completion` (every live lesson,
  each active final test passed); a learning path when every course in it is, at the moment the
  last of them was. Learning done before the assignment existed counts: the course is what is
  required, not when it was taken. A completion, once recorded, stays (a lesson added to the
  course later does not undo it).

`refresh` recomputes the rows of an assignment in a few grouped queries, whatever the audience's
size; it runs when people are assigned. After that, the player (either lane: its completions are
announced as LessonProgress's post_save, its first views as `courses.events.lessons_started`)
and the quizzes (`skills.events.attempt_submitted`) keep them current through receivers.py,
touching only the assignments that cover the lesson's course.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import F, Min, Q, QuerySet
from django.utils import timezone

from common.bulk import update_many
from courses.models import CoursePage, LessonPage, LessonProgress
from skills.course_completion import completions
from skills.models import Quiz, QuizAttempt

from .models import Assignee, Assignment, LearningPathCourse


def courses_of(assignment: Assignment) -> list[CoursePage]:
    """The course assigned, or the courses of the learning path in their order."""
    if assignment.course_id is not None:
        return [assignment.course]
    ids = list(
        LearningPathCourse.objects.filter(path_id=assignment.path_id)
        .order_by("sort_order")
        .values_list("course_id", flat=True)
    )
    by_id = CoursePage.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def path_completions(courses: list[CoursePage], user_ids) -> dict[int, datetime]:
    """Who among `user_ids` completed every course of `courses`, at the last one's moment."""
    if not courses:
        return {}
    done: dict[int, datetime] | None = None
    for course in courses:
        this = completions(course, user_ids if done is None else list(done))
        if done is None:
            done = this
        else:
            done = {user: max(at, this[user]) for user, at in done.items() if user in this}
        if not done:
            return {}
    return done


def lesson_ids_of(courses: Iterable[CoursePage]) -> list[int]:
    ids: list[int] = []
    for course in courses:
        ids.extend(LessonPage.objects.child_of(course).values_list("id", flat=True))
    return ids


def first_activity(
    courses: list[CoursePage], user_ids, since: datetime | None = None
) -> dict[int, datetime]:
    """When each of `user_ids` first opened a lesson or began a quiz of `courses`, counting
    only what they did from `since` on (a moment before it reads as `since`)."""
    lessons = lesson_ids_of(courses)
    progress = LessonProgress.objects.filter(user_id__in=user_ids, lesson_id__in=lessons)
    quizzes = Quiz.objects.filter(Q(course__in=courses) | Q(lesson_id__in=lessons))
    attempts = QuizAttempt.objects.filter(user_id__in=user_ids, quiz__in=quizzes)
    if since is not None:
        progress = progress.filter(updated_at__gte=since)
        attempts = attempts.filter(started_at__gte=since)
    rows = [
        *progress.values("user_id").annotate(first=Min("started_at")),
        *attempts.values("user_id").annotate(first=Min("started_at")),
    ]
    first: dict[int, datetime] = {}
    for row in rows:
        user, at = row["user_id"], max(row["first"], since) if since else row["first"]
        first[user] = min(at, first.get(user, at))
    return first


def start_of(assignment: Assignment) -> datetime:
    """The first moment of the assignment's start date, Tokyo time."""
    return datetime.combine(
        assignment.starts_on, datetime.min.time(), tzinfo=timezone.get_default_timezone()
    )


def refresh(assignment: Assignment, staff_ids: Iterable[int] | None = None) -> int:
    """Set started_at and completed_at of the assignment's current, not yet completed rows (all,
    or those of `staff_ids`) from the learning recorded; returns how many rows changed."""
    rows = assignment.assignees.filter(removed_at__isnull=True, completed_at__isnull=True)
    if staff_ids is not None:
        rows = rows.filter(staff_id__in=list(staff_ids))
    user_ids = rows.values("staff__user_id")
    courses = courses_of(assignment)
    done = path_completions(courses, user_ids)
    started = first_activity(courses, user_ids, since=start_of(assignment))
    if not done and not started:
        return 0
    changed = []
    for row in rows.only("pk", "started_at", "completed_at").annotate(person=F("staff__user_id")):
        completed_at = done.get(row.person)
        started_at = min(
            (at for at in (row.started_at, started.get(row.person), completed_at) if at),
            default=None,
        )
        if (started_at, completed_at) != (row.started_at, row.completed_at):
            row.started_at, row.completed_at = started_at, completed_at
            changed.append(row)
    update_many(Assignee, changed, ["started_at", "completed_at"])
    return len(changed)


def covering(course_ids: Iterable[int]) -> QuerySet[Assignment]:
    """The assignments in force that require any of the courses (alone or in a path)."""
    course_ids = list(course_ids)
    return Assignment.objects.filter(withdrawn_at__isnull=True).filter(
        Q(course_id__in=course_ids) | Q(path__steps__course_id__in=course_ids)
    )


def course_ids_of_lessons(lesson_ids: Iterable[int]) -> dict[int, int]:
    """lesson id → the id of the course it sits in (its parent page)."""
    paths = dict(LessonPage.objects.filter(pk__in=list(lesson_ids)).values_list("pk", "path"))
    parents = dict(
        CoursePage.objects.filter(
            path__in={path[: -CoursePage.steplen] for path in paths.values()}
        ).values_list("path", "pk")
    )
    return {
        lesson: parents[path[: -CoursePage.steplen]]
        for lesson, path in paths.items()
        if path[: -CoursePage.steplen] in parents
    }


def mark_started(pairs: Iterable[tuple[int, int]], at: datetime | None = None) -> int:
    """People who opened lessons (user id, lesson id): their rows of the assignments covering
    those courses become started, where they were not; returns how many changed."""
    at = at or timezone.now()
    pairs = list(pairs)
    course_of = course_ids_of_lessons({lesson for _user, lesson in pairs})
    users_by_course: dict[int, set[int]] = {}
    for user, lesson in pairs:
        if lesson in course_of:
            users_by_course.setdefault(course_of[lesson], set()).add(user)
    return sum(start_courses(users, [course], at) for course, users in users_by_course.items())


def start_courses(user_ids: set[int], course_ids: Iterable[int], at: datetime | None = None) -> int:
    """The rows of `user_ids` in the assignments covering the courses become started, where
    they were not; returns how many changed."""
    return Assignee.objects.filter(
        assignment__in=covering(course_ids).values("pk"),
        staff__user_id__in=user_ids,
        removed_at__isnull=True,
        started_at__isnull=True,
    ).update(started_at=at or timezone.now())


def learning_recorded(user_id: int, course_ids: Iterable[int]) -> int:
    """A person finished something in these courses (a lesson, a test): their rows of the
    assignments covering them are refreshed; returns how many changed."""
    changed = 0
    for assignment in (
        covering(course_ids)
        .filter(
            assignees__staff__user_id=user_id,
            assignees__removed_at__isnull=True,
            assignees__completed_at__isnull=True,
        )
        .distinct()
    ):
        staff_ids = assignment.assignees.filter(staff__user_id=user_id).values_list(
            "staff_id", flat=True
        )
        changed += refresh(assignment, list(staff_ids))
    return changed


def course_ids_of_quiz(quiz: Quiz) -> list[int]:
    if quiz.course_id is not None:
        return [quiz.course_id]
    return list(course_ids_of_lessons([quiz.lesson_id]).values())
