"""Staff's own skill pages (profile, self-assessment) and managers' confirmation pages."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organisation.access import own_staff_profile

from . import confirmation
from . import self_assessment as rating
from .levels import monthly_levels
from .models import Skill, role_profile_of
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
        "learning_max_level": settings.LEARNING_EVIDENCE_MAX_LEVEL,
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
    }
    return render(request, "skills/self_assessment.html", context, status=400 if errors else 200)


def team(request: HttpRequest) -> HttpResponse:
    """A manager's staff, each with a link to confirm their skills; 403 for anyone else."""
    if not confirmation.is_manager(request.user):
        raise PermissionDenied(_("上司の確認は、所属の管理職だけが行えます。"))
    return render(request, "skills/team.html", {"team": confirmation.team_of(request.user)})


def team_member(request: HttpRequest, staff_id: int) -> HttpResponse:
    """One of the manager's staff: their levels with basis, and a form to confirm a level."""
    staff = confirmation.team_of(request.user).filter(pk=staff_id).first()
    if staff is None:
        # The same answer whether the person exists or is someone else's: nothing to probe.
        raise PermissionDenied(_("この職員のスキルを確認する権限がありません。"))
    error = ""
    if request.method == "POST":
        skill = Skill.objects.select_related("category__framework").filter(
            pk=_number(request.POST.get("skill"))
        )
        level = _number(request.POST.get("level"))
        try:
            if not skill or level is None:
                raise confirmation.NotConfirmable(_("スキルとレベルを選んでください。"))
            confirmation.confirm(request.user, staff, skill[0], level)
        except confirmation.NotConfirmable as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                _("%(name)s さんの「%(skill)s」をレベル %(level)d と確認しました。")
                % {"name": staff.display_name, "skill": skill[0].name, "level": level},
            )
            return redirect("team_member", staff_id=staff.pk)
    context = {"staff": staff, "rows": confirmation.skills_to_confirm(staff), "error": error}
    return render(request, "skills/team_member.html", context, status=400 if error else 200)


def _number(raw) -> int | None:
    return int(raw) if str(raw or "").isdigit() else None
