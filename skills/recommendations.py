"""Lessons that close a person's largest gaps against their role's targets.

A lesson helps with a skill when it is tagged with it at a level above the person's current
level. Lessons are ranked by the largest gap among the skills they help with, then by how many
such skills they cover; lessons the person has already completed are left out.
"""

from courses.models import LessonPage, LessonProgress

from .models import LessonSkill
from .profile import ProfileRow


def recommend_lessons(user, gaps: list[ProfileRow], limit: int = 5) -> list[dict]:
    """[{"lesson", "skills": [skill names], "gap"}], best first."""
    if not gaps:
        return []
    by_skill = {row.skill.pk: row for row in gaps}
    completed = set(
        LessonProgress.objects.filter(user=user, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    live = set(LessonPage.objects.live().values_list("pk", flat=True))
    helps: dict[int, list[ProfileRow]] = {}
    for tag in LessonSkill.objects.filter(skill_id__in=by_skill):
        row = by_skill[tag.skill_id]
        if tag.level > row.level and tag.lesson_id in live and tag.lesson_id not in completed:
            helps.setdefault(tag.lesson_id, []).append(row)
    ranked = sorted(
        helps.items(), key=lambda item: (-max(r.gap for r in item[1]), -len(item[1]), item[0])
    )[:limit]
    lessons = LessonPage.objects.in_bulk([lesson_id for lesson_id, _rows in ranked])
    return [
        {
            "lesson": lessons[lesson_id],
            "skills": [r.skill.name for r in rows],
            "gap": max(r.gap for r in rows),
        }
        for lesson_id, rows in ranked
        if lesson_id in lessons
    ]
