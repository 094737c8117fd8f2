"""The demo's viewing history: the training of the story (story.py), and some idle looks."""

import random
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from courses.models import CoursePage, LessonProgress, ViewingBeat

from . import story
from .catalogue import DEMO_COURSE_SLUG


def viewing_rows(user, lessons: list, rng: random.Random, trained: bool, now) -> list[tuple]:
    """(progress, beats, last seen) for one person, as the story has it (story.py): the trained
    complete the first lessons in turn during the training months; the others at most looked
    into the first lesson lately and left it unfinished."""
    rows = []
    if trained:
        when = story.moment_in(rng, now, story.TRAINING_MONTHS)
        count = rng.choices([1, 2, 3, 4], weights=[1, 2, 3, 4])[0]
    else:
        when = now - timedelta(days=rng.uniform(0, 55), minutes=rng.randint(0, 600))
        count = 1 if rng.random() < 0.3 else 0
    for lesson in lessons[:count]:
        duration = float(lesson.duration)
        watched = (
            round(duration * rng.uniform(0.92, 1.0), 1)
            if trained
            else round(duration * rng.uniform(0.1, 0.8), 1)
        )
        last_seen = min(when, now)
        progress = LessonProgress(
            user=user,
            lesson=lesson,
            watched_intervals=[[0.0, watched]],
            watched_seconds=watched,
            resume_at=0.0 if trained else watched,
            completed_at=last_seen if trained else None,
        )
        # Watched over one to three sittings before the last one.
        sittings = rng.randint(1, 3)
        session = uuid.UUID(int=rng.getrandbits(128), version=4)
        beats = [
            ViewingBeat(
                user=user,
                lesson=lesson,
                session=session,
                seq=n + 1,
                event="pause",
                segments=[[watched * n / sittings, watched * (n + 1) / sittings]],
                position=watched * (n + 1) / sittings,
                new_seconds=watched / sittings,
                received_at=last_seen - timedelta(days=2 * (sittings - n - 1)),
            )
            for n in range(sittings)
        ]
        rows.append((progress, beats, last_seen))
        when += timedelta(days=rng.uniform(3, 20))
    return rows


def demo_staff_rows(user, lessons: list, now) -> list[tuple]:
    """The demo's own learner: first lesson done, the second stopped at 3:20 (or before half)."""
    first, second = lessons[0], lessons[1]
    stopped_at = min(200.0, round(float(second.duration) * 0.48, 1))
    done = LessonProgress(
        user=user,
        lesson=first,
        watched_intervals=[[0.0, float(first.duration)]],
        watched_seconds=float(first.duration),
        completed_at=now - timedelta(days=6),
    )
    half = LessonProgress(
        user=user,
        lesson=second,
        watched_intervals=[[0.0, stopped_at]],
        watched_seconds=stopped_at,
        resume_at=stopped_at,
    )
    session = uuid.UUID(int=7, version=4)
    beat = [
        ViewingBeat(
            user=user,
            lesson=row.lesson,
            session=session,
            seq=n,
            event="pause",
            segments=row.watched_intervals,
            position=row.resume_at,
            new_seconds=row.watched_seconds,
            received_at=when,
        )
        for n, (row, when) in enumerate(
            [(done, now - timedelta(days=6)), (half, now - timedelta(days=1))], start=1
        )
    ]
    return [(done, beat[:1], now - timedelta(days=6)), (half, beat[1:], now - timedelta(days=1))]


@transaction.atomic
def seed_viewing(seed: int = 20261124) -> int:
    """Viewing history for the demo staff; people who already have some are left as they are."""
    User = get_user_model()
    lessons = list(CoursePage.objects.get(slug=DEMO_COURSE_SLUG).lessons())
    rng = random.Random(seed)
    now = timezone.now()
    already = set(LessonProgress.objects.values_list("user_id", flat=True).distinct())
    people = (
        User.objects.filter(Q(username__startswith="staff-") | Q(username="demo_staff"))
        .select_related("staff_profile__municipality")
        .order_by("username")
    )
    progress_rows, beats, seen = [], [], []
    for user in people:
        share = story.training_share(user.staff_profile.municipality.code)
        rows = viewing_rows(user, lessons, rng, rng.random() < share, now)
        if user.username == "demo_staff":
            rows = demo_staff_rows(user, lessons, now)
        if user.pk in already:
            continue
        for progress, user_beats, last_seen in rows:
            progress_rows.append(progress)
            beats.extend(user_beats)
            seen.append(last_seen)
    LessonProgress.objects.bulk_create(progress_rows)
    ViewingBeat.objects.bulk_create(beats)
    for progress, last_seen in zip(progress_rows, seen, strict=True):
        LessonProgress.objects.filter(user=progress.user, lesson=progress.lesson).update(
            updated_at=last_seen, started_at=last_seen - timedelta(days=3)
        )
    return LessonProgress.objects.count()


def seed() -> list[str]:
    return [f"viewing: {seed_viewing()} lesson records"]
