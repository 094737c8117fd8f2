"""Where evidence comes from: passed quizzes and completed lessons.

Self-assessments are in self_assessment.py; a manager's confirmation is added in the Django
admin (SkillEvidenceAdmin). Each function here adds SkillEvidence (never edits it), then
recomputes the person's levels of the skills concerned. A `reference` names what produced the
evidence, so recording the same thing twice adds nothing.
"""

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
    """Skill id → the highest level among that skill's questions answered fully right.

    Only a passed attempt is evidence; a skill whose every question was missed gets none.
    """
    if not attempt.passed:
        return {}
    questions = Question.objects.in_bulk([int(pk) for pk in attempt.answers])
    levels: dict[int, int] = {}
    for pk, answer in attempt.answers.items():
        question = questions.get(int(pk))
        if question is not None and answer["credit"] >= 1:
            levels[question.skill_id] = max(levels.get(question.skill_id, 0), question.level)
    return levels


@transaction.atomic
def record_attempt(attempt: QuizAttempt) -> int:
    staff = own_staff_profile(attempt.user)
    levels = assessed_levels(attempt)
    if staff is None or not levels:
        return 0
    days = attempt.quiz.valid_days
    expires = attempt.submitted_at + timedelta(days=days) if days else None
    created = _add(
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
    recompute_levels(staff, levels)
    return created


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
