"""Where evidence comes from: submitted quizzes and completed lessons.

Self-assessments are in self_assessment.py; a manager's confirmation in confirmation.py. Each
function here adds SkillEvidence (never edits it), then recomputes the person's levels of the
skills concerned by the rule in levels.py. A `reference` names what produced the evidence, so
recording the same thing twice adds nothing.

What a quiz attempt says of each skill it asked about (`assessed_levels`), passed or not:
the highest level L such that every question on that skill at level L or below was answered
fully right. When even the lowest-level question on it was missed (partial credit is a miss),
the attempt shows the skill one level below that question's level, never below the
framework's lowest. So a failed question can lower a level as well as a right one raise it.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction

from organisation.access import own_staff_profile

from .levels import recompute_levels
from .models import LessonSkill, Question, QuizAttempt, SkillEvidence

Source = SkillEvidence.Source


def _add(evidence: list[SkillEvidence]) -> int:
    if not evidence:
        return 0
    wanted = {(item.skill_id, item.reference) for item in evidence}
    staff_id, source = evidence[0].staff_id, evidence[0].source
    existing = set(
        SkillEvidence.objects.filter(
            staff_id=staff_id, source=source, reference__in={ref for _skill, ref in wanted}
        ).values_list("skill_id", "reference")
    )
    new = [item for item in evidence if (item.skill_id, item.reference) not in existing]
    SkillEvidence.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def assessed_levels(attempt: QuizAttempt) -> dict[int, int]:
    """Skill id → the level the submitted attempt shows for each skill it asked about."""
    if attempt.submitted_at is None:
        return {}
    questions = Question.objects.select_related("skill__category__framework").in_bulk(
        [int(pk) for pk in attempt.answers]
    )
    answered: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    lowest: dict[int, int] = {}
    for pk, answer in attempt.answers.items():
        question = questions.get(int(pk))
        if question is None:
            continue
        answered[question.skill_id].append((question.level, answer["credit"] >= 1))
        lowest[question.skill_id] = question.skill.category.framework.scale_min
    levels = {}
    for skill_id, results in answered.items():
        first_missed = min((level for level, right in results if not right), default=None)
        shown = [
            level
            for level, right in results
            if right and (first_missed is None or level < first_missed)
        ]
        if shown:
            levels[skill_id] = max(shown)
        else:
            levels[skill_id] = max(lowest[skill_id], min(level for level, _ in results) - 1)
    return levels


def _add_attempt(attempt: QuizAttempt, staff) -> dict[int, int]:
    """Add the attempt's evidence (once); returns the levels it shows, skill id → level."""
    levels = assessed_levels(attempt)
    if not levels:
        return {}
    days = attempt.quiz.valid_days
    expires = attempt.submitted_at + timedelta(days=days) if days else None
    _add(
        [
            SkillEvidence(
                staff=staff,
                skill_id=skill_id,
                level=level,
                source=Source.ASSESSMENT,
                observed_at=attempt.submitted_at,
                expires_at=expires,
                reference=f"quiz-attempt:{attempt.pk}",
            )
            for skill_id, level in levels.items()
        ]
    )
    return levels


@transaction.atomic
def record_attempt(attempt: QuizAttempt) -> None:
    """Record a submitted attempt as assessment evidence and update the person's levels."""
    staff = own_staff_profile(attempt.user)
    if staff is None:
        return
    levels = _add_attempt(attempt, staff)
    if levels:
        recompute_levels(staff, levels)


def record_unrecorded_attempts() -> set[int]:
    """Add the evidence of every submitted attempt not yet recorded (e.g. failed attempts from
    before they counted); returns the staff ids concerned. Levels are left to the caller."""
    recorded = {
        int(reference.split(":", 1)[1])
        for reference in SkillEvidence.objects.filter(
            source=Source.ASSESSMENT, reference__startswith="quiz-attempt:"
        )
        .values_list("reference", flat=True)
        .distinct()
    }
    attempts = (
        QuizAttempt.objects.filter(submitted_at__isnull=False, user__staff_profile__isnull=False)
        .exclude(pk__in=recorded)
        .select_related("quiz", "user__staff_profile")
    )
    staff_ids = set()
    for attempt in attempts.iterator(chunk_size=500):
        with transaction.atomic():
            if _add_attempt(attempt, attempt.user.staff_profile):
                staff_ids.add(attempt.user.staff_profile.pk)
    return staff_ids


@transaction.atomic
def record_lesson_completion(user, lesson, completed_at: datetime) -> int:
    """Evidence at each level the lesson is tagged with; returns how many pieces were added."""
    staff = own_staff_profile(user)
    tags = list(LessonSkill.objects.filter(lesson_id=getattr(lesson, "pk", lesson)))
    if staff is None or not tags:
        return 0
    created = _add(
        [
            SkillEvidence(
                staff=staff,
                skill_id=tag.skill_id,
                level=tag.level,
                source=Source.LESSON,
                observed_at=completed_at,
                reference=f"lesson:{tag.lesson_id}",
            )
            for tag in tags
        ]
    )
    if created:
        recompute_levels(staff, [tag.skill_id for tag in tags])
    return created
