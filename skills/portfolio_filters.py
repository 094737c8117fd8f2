"""The portfolio's URL filters: which framework, role, place, period and basis a page, the API
or an export reads, and what a bad value says."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from organisation.models import Municipality

from .models import RoleProfile, SkillFramework
from .portfolio_periods import BadPeriod, Period, parse_grouping, parse_period

INDICATORS = ("target", "mean")
VERIFIED_ONLY = "verified"
SORTS = ("code", "gap")


class BadFilter(ValueError):
    """A filter value that names nothing; the message can be shown as it is."""


@dataclass
class Filters:
    framework: SkillFramework | None
    role: RoleProfile | None = None
    kind: str = ""
    region: str = ""
    department: str = ""
    indicator: str = "target"
    sort: str = "code"
    # "" counts every level; "verified" only assessed and confirmed ones.
    basis: str = ""
    frameworks: list = field(default_factory=list)
    period: Period | None = None
    by: str = "month"

    @property
    def verified_only(self) -> bool:
        return self.basis == VERIFIED_ONLY

    def as_params(self) -> dict[str, str]:
        params = {
            "framework": self.framework.code if self.framework else "",
            "role": self.role.code if self.role else "",
            "kind": self.kind,
            "region": self.region,
            "department": self.department,
            "indicator": self.indicator,
            "sort": self.sort,
            **(self.period.as_params() if self.period else {}),
            "by": "" if self.by == "month" else self.by,
            "basis": self.basis,
        }
        return {key: value for key, value in params.items() if value}


def parse_filters(query: QueryDict) -> Filters:
    """Read the filters of a request; unknown values raise BadFilter with a Japanese message."""
    frameworks = list(SkillFramework.objects.order_by("name"))
    framework_code = query.get("framework", "").strip()
    framework = frameworks[0] if frameworks else None
    if framework_code:
        framework = next((item for item in frameworks if item.code == framework_code), None)
        if framework is None:
            raise BadFilter(_("スキル体系「%(code)s」はありません。") % {"code": framework_code})
    role = None
    role_code = query.get("role", "").strip()
    if role_code:
        role = RoleProfile.objects.filter(code=role_code).first()
        if role is None:
            raise BadFilter(_("役割「%(code)s」はありません。") % {"code": role_code})
    kind = query.get("kind", "").strip()
    if kind and kind not in Municipality.Kind.values:
        raise BadFilter(_("種別「%(kind)s」はありません。") % {"kind": kind})
    region = query.get("region", "").strip()
    if region and region not in Municipality.Region.values:
        raise BadFilter(_("地域「%(region)s」はありません。") % {"region": region})
    indicator = query.get("indicator", "").strip() or "target"
    if indicator not in INDICATORS:
        raise BadFilter(_("指標「%(indicator)s」はありません。") % {"indicator": indicator})
    sort = query.get("sort", "").strip() or "code"
    if sort not in SORTS:
        raise BadFilter(_("並び順「%(sort)s」はありません。") % {"sort": sort})
    try:
        period, by = parse_period(query), parse_grouping(query)
    except BadPeriod as error:
        raise BadFilter(str(error)) from None
    basis = query.get("basis", "").strip()
    if basis and basis != VERIFIED_ONLY:
        raise BadFilter(_("根拠「%(basis)s」はありません。") % {"basis": basis})
    return Filters(
        framework=framework,
        basis=basis,
        role=role,
        kind=kind,
        region=region,
        department=query.get("department", "").strip(),
        indicator=indicator,
        sort=sort,
        frameworks=frameworks,
        period=period,
        by=by,
    )


def filtered_municipalities(filters: Filters, municipalities: QuerySet) -> QuerySet:
    if filters.kind:
        municipalities = municipalities.filter(kind=filters.kind)
    if filters.region:
        municipalities = municipalities.filter(region=filters.region)
    return municipalities
