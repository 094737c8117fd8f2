"""The signed-in person's own skill pages: their profile and their self-assessment."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from organisation.access import own_staff_profile

from . import self_assessment as rating
from .levels import monthly_levels
from .models import role_profile_of
from .profile import recent_evidence, skill_profile
from .recommendations import recommend_lessons


def _no_profile(request: HttpRequest) -> HttpResponse:
    return render(request, "skills/no_staff_profile.html", status=404)


def my_skill_profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own skill profile; there is no way to ask for anyone else's."""
    staff = own_staff_profile(request.user)
    if staff is None:
        return _no_profile(request)
    profile = skill_profile(staff)
    skills = [row.skill for row in profile["targeted"]]
    series = monthly_levels(staff, skills, months=6)
    context = {
        "months": [label for label, _level in next(iter(series.values()), [])],
        "trend": [
            {"skill": skill, "levels": [level for _label, level in series[skill.pk]]}
            for skill in skills
        ],
        "staff": staff,
        "role_profile": role_profile_of(staff),
        "profile": profile,
        "recommended": recommend_lessons(request.user, profile["gaps"]),
        "evidence": recent_evidence(staff),
        "next_self_assessment": rating.next_allowed_at(staff),
    }
    return render(request, "skills/profile.html", context)


def self_assessment(request: HttpRequest) -> HttpResponse:
    staff = own_staff_profile(request.user)
    if staff is None:
        return _no_profile(request)
    next_at = rating.next_allowed_at(staff)
    skills = rating.skills_to_rate(staff)
    errors, chosen = [], {}
    if request.method == "POST" and next_at is None and skills:
        ratings, missing = rating.read_ratings(skills, request.POST)
        chosen = ratings
        if missing:
            errors = [
                _("「%(skill)s」のレベルを選んでください。") % {"skill": skill.name}
                for skill in missing
            ]
        else:
            try:
                rating.submit(staff, ratings)
            except rating.TooSoon as too_soon:
                next_at = too_soon.next_at
            else:
                messages.success(request, _("自己評価を保存しました。"))
                return redirect("skill_profile")
    choices = rating.rating_choices(skills)
    context = {
        "items": [
            {"skill": skill, "choices": choices[skill.pk], "chosen": chosen.get(skill.pk)}
            for skill in skills
        ],
        "errors": errors,
        "next_at": next_at,
        "interval_days": settings.SELF_ASSESSMENT_INTERVAL_DAYS,
        "next_at_display": formats.date_format(timezone.localtime(next_at), "DATE_FORMAT")
        if next_at
        else "",
    }
    return render(request, "skills/self_assessment.html", context, status=400 if errors else 200)
