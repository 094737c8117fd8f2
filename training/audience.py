"""Who an assignment is for: audience rules resolved into the active staff, always within a scope.

A rule is a kind and a value as people write it (`municipality:新宿区`, `department:12`,
`role:情報システム担当`, `job:保健師`, `user:suzuki`, `gap:s01`). `resolve_rule` checks it
and turns it into the key it is stored by (`AudienceRule.value`): a municipality's code, a
department's, a role profile's or a skill's id, a job category, a username. `audience` turns
stored rules into the queryset of active staff they name, inside the assigner's scope: a rule
can never reach past it, whatever its value. A person in any rule is in the audience.

Kinds and the values each takes:
- municipality: the 6-digit code, the 5-digit code or the name (the roster's own look-up);
- department: its id, its name within the scope, or `自治体/所属名` when the name is in several;
- role: a role profile's code or name (skills' `StaffRole`);
- job: a job category (職種) that someone in the scope has;
- user: a username, or an employee id (職員番号) within the scope;
- gap: a skill's code (or `枠組み/スキル`, or its name): everyone whose role's target on it is
  above their current level (skills/gaps.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from common.normalise import fold
from organisation.access import EVERYWHERE, Scope
from organisation.models import Department, StaffProfile
from organisation.municipalities import MunicipalityDirectory, UnknownMunicipality
from skills.gaps import staff_below_target
from skills.models import RoleProfile, Skill

from .models import Assignment, AudienceRule

Kind = AudienceRule.Kind
KINDS = tuple(Kind.values)


class AudienceError(ValueError):
    """A rule that cannot be used, with one sentence to show the person who wrote it."""


@dataclass(frozen=True)
class Rule:
    """A checked rule: its kind, the key it is stored by, and what people call it."""

    kind: str
    value: str
    label: str


def parse_rule(text: str) -> tuple[str, str]:
    """`KIND:VALUE` split at its first colon; AudienceError when the kind is not one we know."""
    kind, separator, value = (text or "").partition(":")
    kind = kind.strip().lower()
    if not separator or kind not in KINDS:
        raise AudienceError(
            _("対象者は「種類:値」で指定してください（種類は %(kinds)s のいずれか）。")
            % {"kinds": ", ".join(KINDS)}
        )
    return kind, value.strip()


def resolve_rule(kind: str, text: str, scope: Scope) -> Rule:
    """The rule `kind` with `text` means, checked within `scope`; AudienceError otherwise."""
    text = fold(text)
    if not text:
        raise AudienceError(_("対象者「%(kind)s」の値が空欄です。") % {"kind": Kind(kind).label})
    return RESOLVERS[kind](text, scope)


def _municipality(text: str, scope: Scope) -> Rule:
    try:
        municipality = MunicipalityDirectory(list(scope.municipalities())).resolve(text)
    except UnknownMunicipality as error:
        # Looked up among all municipalities only to say why: outside the scope, or unknown.
        try:
            outside = MunicipalityDirectory().resolve(text)
        except UnknownMunicipality:
            raise AudienceError(str(error)) from None
        raise AudienceError(
            _("「%(name)s」はあなたが研修を割り当てられる範囲の外です。") % {"name": outside.name}
        ) from None
    return Rule(Kind.MUNICIPALITY, municipality.code, municipality.name)


def _department(text: str, scope: Scope) -> Rule:
    departments = scope.within(Department.objects.select_related("municipality"))
    if text.isdigit():
        found = list(departments.filter(pk=int(text)))
    else:
        municipality_text, separator, name = text.rpartition("/")
        if separator:
            try:
                municipality = MunicipalityDirectory(list(scope.municipalities())).resolve(
                    municipality_text
                )
            except UnknownMunicipality as error:
                raise AudienceError(str(error)) from None
            departments = departments.filter(municipality=municipality)
        found = list(departments.filter(name=fold(name)))
    if not found:
        raise AudienceError(_("所属「%(name)s」が見つかりません。") % {"name": text})
    if len(found) > 1:
        raise AudienceError(
            _("所属「%(name)s」は複数の自治体にあります。「自治体/所属名」で指定してください。")
            % {"name": text}
        )
    department = found[0]
    return Rule(Kind.DEPARTMENT, str(department.pk), str(department))


def _role(text: str, scope: Scope) -> Rule:
    role = RoleProfile.objects.filter(Q(code=text) | Q(name=text)).first()
    if role is None:
        raise AudienceError(_("役割「%(name)s」が見つかりません。") % {"name": text})
    return Rule(Kind.ROLE, str(role.pk), role.name)


def _job(text: str, scope: Scope) -> Rule:
    if not scope.within(StaffProfile.objects.filter(active=True, job_category=text)).exists():
        raise AudienceError(_("職種「%(name)s」の職員が見つかりません。") % {"name": text})
    return Rule(Kind.JOB, text, text)


def _user(text: str, scope: Scope) -> Rule:
    found = list(
        scope.within(StaffProfile.objects.select_related("user")).filter(
            Q(user__username=text) | Q(employee_id=text)
        )[:2]
    )
    if not found:
        raise AudienceError(_("職員「%(name)s」が見つかりません。") % {"name": text})
    if len(found) > 1:
        raise AudienceError(
            _("職員番号「%(name)s」の職員が複数の自治体にいます。ユーザー名で指定してください。")
            % {"name": text}
        )
    staff = found[0]
    return Rule(Kind.USER, staff.user.username, f"{staff.display_name}（{staff.employee_id}）")


def _gap(text: str, scope: Scope) -> Rule:
    framework, separator, code = text.rpartition("/")
    skills = Skill.objects.select_related("category__framework")
    if separator:
        found = list(skills.filter(category__framework__code=framework, code=code))
    else:
        found = list(skills.filter(code=text)) or list(skills.filter(name=text))
    if not found:
        raise AudienceError(_("スキル「%(name)s」が見つかりません。") % {"name": text})
    if len(found) > 1:
        raise AudienceError(
            _("スキル「%(name)s」は複数の枠組みにあります。「枠組み/スキル」で指定してください。")
            % {"name": text}
        )
    skill = found[0]
    return Rule(Kind.GAP, str(skill.pk), skill.name)


RESOLVERS = {
    Kind.MUNICIPALITY: _municipality,
    Kind.DEPARTMENT: _department,
    Kind.ROLE: _role,
    Kind.JOB: _job,
    Kind.USER: _user,
    Kind.GAP: _gap,
}


def rule_filter(kind: str, value: str) -> Q:
    """The condition on StaffProfile that one stored rule stands for."""
    if kind == Kind.MUNICIPALITY:
        return Q(municipality__code=value)
    if kind == Kind.DEPARTMENT:
        return Q(department_id=int(value))
    if kind == Kind.ROLE:
        return Q(role__role_profile_id=int(value))
    if kind == Kind.JOB:
        return Q(job_category=value)
    if kind == Kind.USER:
        return Q(user__username=value)
    if kind == Kind.GAP:
        return Q(pk__in=staff_below_target(int(value)))
    raise AudienceError(_("対象者の種類「%(kind)s」は使えません。") % {"kind": kind})


def audience(rules: Iterable[Rule | AudienceRule], scope: Scope) -> QuerySet[StaffProfile]:
    """The active staff within `scope` that any of `rules` names (none without rules)."""
    condition = Q(pk__in=[])
    for rule in rules:
        condition |= rule_filter(rule.kind, rule.value)
    return scope.within(StaffProfile.objects.filter(active=True)).filter(condition)


def scope_of(assignment: Assignment) -> Scope:
    """The scope an assignment was made in: its municipality's people, or all of Tokyo."""
    if assignment.municipality_id is None:
        return EVERYWHERE
    return Scope(everywhere=False, municipality=assignment.municipality)
