"""The demo's required training (必修研修): the Government Cloud course, required of everyone in
Shinjuku (and of demo_staff, so the staff demo shows it on /my/), from the start of the story's
training months to two months into them (story.py). The viewing history (viewing.py) has most of
Shinjuku's staff learn in those months, so some are done on time, some after the due date
(late), and the others not started, now 期限切れ.

Made once: a second run finds it by title and leaves it as it is.
"""

from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage
from organisation.access import EVERYWHERE
from training.assigning import assign
from training.audience import resolve_rule
from training.models import Assignment

from . import story
from .catalogue import DEMO_COURSE_SLUG

TITLE = "必修研修: ガバメントクラウドの基礎"
MUNICIPALITY = "131041"  # 新宿区


@transaction.atomic
def seed_required_training() -> tuple[Assignment, bool]:
    existing = Assignment.objects.filter(title=TITLE).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    assignment, _assigned = assign(
        course=CoursePage.objects.get(slug=DEMO_COURSE_SLUG),
        rules=[
            resolve_rule("municipality", MUNICIPALITY, EVERYWHERE),
            resolve_rule("user", "demo_staff", EVERYWHERE),
        ],
        scope=EVERYWHERE,
        starts_on=story.month_start(now, story.TRAINING_MONTHS[0]).date(),
        due_on=story.month_start(now, story.TRAINING_MONTHS[0] + 2).date(),
        title=TITLE,
    )
    return assignment, True


def seed() -> list[str]:
    assignment, made = seed_required_training()
    rows = assignment.assignees.filter(removed_at__isnull=True)
    done = rows.filter(completed_at__isnull=False)
    late = done.filter(completed_at__date__gt=assignment.due_on).count()
    status = "made" if made else "kept"
    return [
        f"training: {assignment.title} ({status}): {rows.count()} assigned, "
        f"{done.count()} done ({late} late), "
        f"{rows.filter(started_at__isnull=True).count()} not started"
    ]
