"""Rating oneself against the level descriptors, at most once per SELF_ASSESSMENT_INTERVAL_DAYS."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import StaffProfile

from .levels import recompute_levels
from .models import (
    LevelDescriptor,
    RoleTarget,
    SelfAssessment,
    Skill,
    SkillEvidence,
    role_profile_of,
)

# Used where a skill has no descriptor of its own for a level (e.g. the DSS items).
GENERIC_DESCRIPTORS = {
    0: _("未経験：まだ学んだことがない"),
    1: _("知識：用語と目的を説明できる"),
    2: _("支援があれば実践できる"),
    3: _("独力で実践できる"),
    4: _("他の職員を指導できる"),
    5: _("組織をリードし、模範となる"),
}
DEFAULT_FRAMEWORK = "gov-cloud"


class TooSoon(Exception):
    def __init__(self, next_at: datetime):
        super().__init__(next_at)
        self.next_at = next_at


def next_allowed_at(staff, now: datetime | None = None) -> datetime | None:
    """When the person may next rate themselves; None if they may now."""
    now = now or timezone.now()
    last = SelfAssessment.objects.filter(staff=staff).order_by("-submitted_at").first()
    if last is None:
        return None
    next_at = last.submitted_at + timedelta(days=settings.SELF_ASSESSMENT_INTERVAL_DAYS)
    return next_at if next_at > now else None


def skills_to_rate(staff) -> list[Skill]:
    """The skills the person's role targets, or else the Government Cloud framework's."""
    skills = Skill.objects.select_related("category__framework")
    role = role_profile_of(staff)
    if role is not None and RoleTarget.objects.filter(role_profile=role):
        skills = skills.filter(role_targets__role_profile=role)
    else:
        skills = skills.filter(category__framework__code=DEFAULT_FRAMEWORK)
    return list(skills.order_by("category__framework__code", "category__order", "order"))


def rating_choices(skills: list[Skill]) -> dict[int, list[tuple[int, str]]]:
    """Per skill, (level, description) from the framework's scale, its own words first."""
    own = {}
    for descriptor in LevelDescriptor.objects.filter(skill__in=skills):
        own[(descriptor.skill_id, descriptor.level)] = descriptor.description
    choices = {}
    for skill in skills:
        framework = skill.category.framework
        choices[skill.pk] = [
            (level, own.get((skill.pk, level)) or str(GENERIC_DESCRIPTORS.get(level, level)))
            for level in range(framework.scale_min, framework.scale_max + 1)
        ]
    return choices


@transaction.atomic
def submit(staff, ratings: dict[int, int], now: datetime | None = None) -> SelfAssessment:
    """Record the ratings as self-assessed evidence; raises TooSoon inside the interval."""
    now = now or timezone.now()
    # Lock the person's row so that two submissions at once cannot both pass the interval check.
    StaffProfile.objects.select_for_update().filter(pk=staff.pk).first()
    next_at = next_allowed_at(staff, now)
    if next_at is not None:
        raise TooSoon(next_at)
    assessment = SelfAssessment.objects.create(staff=staff, submitted_at=now)
    SkillEvidence.objects.bulk_create(
        [
            SkillEvidence(
                staff=staff,
                skill_id=skill_id,
                level=level,
                source=SkillEvidence.Source.SELF,
                observed_at=now,
                reference=f"self-assessment:{assessment.pk}",
                recorded_by=staff.user,
            )
            for skill_id, level in ratings.items()
        ]
    )
    recompute_levels(staff, list(ratings))
    return assessment


def read_ratings(skills: list[Skill], data) -> tuple[dict[int, int], list[Skill]]:
    """(skill id → level) from the form, and the skills left unrated or rated off the scale."""
    ratings, missing = {}, []
    for skill in skills:
        raw = str(data.get(f"skill-{skill.pk}", ""))
        framework = skill.category.framework
        if raw.isdigit() and framework.scale_min <= int(raw) <= framework.scale_max:
            ratings[skill.pk] = int(raw)
        else:
            missing.append(skill)
    return ratings, missing
