from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import LessonProgress
from skills.evidence import record_lesson_completion
from skills.models import LessonSkill, SkillEvidence, StaffSkillLevel
from tests.factories import make_course, make_lesson, officer_user, staff_user
from tests.skills.factories import SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged_lesson(course_index):
    lesson = make_lesson(make_course(course_index))
    LessonSkill.objects.create(lesson=lesson, skill=SkillFactory(), level=2)
    return lesson


def test_completing_a_tagged_lesson_becomes_evidence_and_lifts_the_level_to_the_cap(
    tagged_lesson,
):
    user = staff_user()
    progress = LessonProgress.objects.create(user=user, lesson=tagged_lesson)
    assert not SkillEvidence.objects.exists()

    progress.completed_at = timezone.now()
    progress.save()

    evidence = SkillEvidence.objects.get(staff=user.staff_profile)
    assert (evidence.source, evidence.level) == (SkillEvidence.Source.LESSON, 2)
    assert evidence.reference == f"lesson:{tagged_lesson.pk}"
    level = StaffSkillLevel.objects.get(staff=user.staff_profile)
    assert (level.level, level.basis) == (1, StaffSkillLevel.Basis.LEARNED)


def test_saving_a_completed_lesson_again_adds_no_more_evidence(tagged_lesson):
    user = staff_user()
    progress = LessonProgress.objects.create(
        user=user, lesson=tagged_lesson, completed_at=timezone.now()
    )
    progress.watched_seconds = 300
    progress.save()
    assert record_lesson_completion(user, tagged_lesson, timezone.now() + timedelta(days=1)) == 0
    assert SkillEvidence.objects.count() == 1


def test_a_user_without_a_staff_profile_completes_lessons_without_evidence(tagged_lesson):
    LessonProgress.objects.create(
        user=officer_user(), lesson=tagged_lesson, completed_at=timezone.now()
    )
    assert not SkillEvidence.objects.exists()


def test_a_lesson_completed_through_the_player_becomes_evidence(client, tagged_lesson):
    import json
    import uuid

    user = staff_user()
    client.force_login(user)
    beat = {
        "lesson": tagged_lesson.id,
        "session": str(uuid.uuid4()),
        "seq": 1,
        "segments": [[0, tagged_lesson.duration]],
        "position": tagged_lesson.duration,
        "event": "ended",
        "rate": 1,
    }
    answer = client.post("/api/v1/progress/", json.dumps(beat), content_type="application/json")
    assert answer.json()["completed"] is True
    assert SkillEvidence.objects.get(staff=user.staff_profile).reference == (
        f"lesson:{tagged_lesson.pk}"
    )
