"""Who may see and change whose data: HR's scope, the officer's scope, a person's own records.

The one place that answers it for people's data (lesson access is `courses.access`). It fails
closed: an account whose role needs a scope and that has none reads and changes nothing, and is
told to ask an administrator (`ScopeMissing`). A scope is one municipality or all of Tokyo; it is
set by an administrator as the account's `HRScope` row. Administrators read everything.

Names of individual people are shown only to HR of that very municipality: an HR analyst of all
Tokyo, an officer and an administrator see figures, never a name in a dashboard.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisation.models import HRScope, Municipality, StaffProfile
from organisation.roles import ADMINISTRATOR, TRAINING_OFFICER, user_roles

NO_SCOPE = gettext_lazy(
    "閲覧範囲（担当する自治体）が設定されていないため、職員のデータは表示・変更できません。"
    "管理者に閲覧範囲の設定を依頼してください。"
)


class ScopeMissing(PermissionDenied):
    """The account's role reads people's data only within a scope, and it has none."""

    def __init__(self) -> None:
        super().__init__(str(NO_SCOPE))


@dataclass(frozen=True)
class Scope:
    """The municipalities whose people an account may read and change."""

    everywhere: bool
    municipality: Municipality | None = None

    @property
    def municipality_ids(self) -> set[int] | None:
        """The ids it covers; None means every municipality."""
        return None if self.everywhere else {self.municipality.pk}

    def covers(self, municipality_id: int) -> bool:
        return self.everywhere or municipality_id == self.municipality.pk

    def require(self, municipality: Municipality) -> None:
        """PermissionDenied unless the scope covers `municipality`."""
        if not self.covers(municipality.pk):
            raise PermissionDenied(_("この自治体の職員のデータを閲覧する権限がありません。"))

    def municipalities(self) -> QuerySet[Municipality]:
        if self.everywhere:
            return Municipality.objects.all()
        return Municipality.objects.filter(pk=self.municipality.pk)

    def within(self, queryset: QuerySet, municipality_field: str = "municipality") -> QuerySet:
        """The rows of `queryset` whose `municipality_field` lies in the scope."""
        if self.everywhere:
            return queryset
        return queryset.filter(**{municipality_field: self.municipality.pk})

    @property
    def label(self) -> str:
        return _("すべての自治体") if self.everywhere else self.municipality.name


EVERYWHERE = Scope(everywhere=True)


def is_administrator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or ADMINISTRATOR in user_roles(user))


def scope_row(user) -> HRScope | None:
    if not user.is_authenticated:
        return None
    return HRScope.objects.filter(user=user).select_related("municipality").first()


def people_scope(user) -> Scope:
    """The municipalities whose people `user` may read; ScopeMissing when that is none.

    Administrators: all. HR analysts and training officers: their scope row (one municipality or,
    when the row names none, all of Tokyo). Anyone else has no scope: staff read their own
    records only (`own_staff_profile`).
    """
    if is_administrator(user):
        return EVERYWHERE
    row = scope_row(user)
    if row is None:
        raise ScopeMissing
    if row.municipality is None:
        return EVERYWHERE
    return Scope(everywhere=False, municipality=row.municipality)


def officer_scope(user) -> Scope:
    """The municipalities whose learning a training officer may report on (figures, no names)."""
    if not (is_administrator(user) or TRAINING_OFFICER in user_roles(user)):
        raise PermissionDenied(_("研修担当または管理者だけが利用できます。"))
    return people_scope(user)


def portfolio_scope(user) -> Scope:
    """The municipalities of the talent portfolio `user` may read (pages, API and exports)."""
    if not user.has_perm("skills.view_portfolio"):
        raise PermissionDenied(_("人材ポートフォリオを閲覧する権限がありません。"))
    return people_scope(user)


def may_export_portfolio(user) -> bool:
    """Whether the portfolio's pages offer `user` downloads of what they show."""
    return user.has_perm("skills.export_portfolio")


def portfolio_export_scope(user) -> Scope:
    """The municipalities whose portfolio figures `user` may download."""
    if not may_export_portfolio(user):
        raise PermissionDenied(_("人材ポートフォリオを出力する権限がありません。"))
    return portfolio_scope(user)


def names_municipality_id(user) -> int | None:
    """The one municipality whose people `user` may see by name (they are its HR analyst);
    None for everyone else. Read once for a page about many municipalities."""
    if not user.is_authenticated or not user.has_perm("skills.view_portfolio"):
        return None
    row = scope_row(user)
    return row.municipality_id if row is not None else None


def may_see_names(user, municipality: Municipality) -> bool:
    """Names of people are for the HR analysts of that very municipality, nobody else."""
    own = names_municipality_id(user)
    return own is not None and own == municipality.pk


def require_names(user, municipality: Municipality) -> None:
    if not may_see_names(user, municipality):
        raise PermissionDenied(_("職員個人の情報は、その自治体の人事担当者だけが閲覧できます。"))


def roster_scope(user, action: str) -> Scope:
    """The municipalities whose staff `user` may import ("import") or export ("export")."""
    if not user.has_perm(f"organisation.{action}_roster"):
        raise PermissionDenied(_("職員名簿を扱う権限がありません。"))
    return people_scope(user)


def may_use_roster(user) -> bool:
    return user.has_perm("organisation.import_roster") or user.has_perm(
        "organisation.export_roster"
    )


def statement_scope(user) -> Scope:
    """Whose xAPI statements `user` may read: HR within their scope, administrators all."""
    if not user.is_authenticated or not (
        is_administrator(user) or user.has_perm("skills.view_portfolio")
    ):
        raise PermissionDenied(_("人事担当または管理者だけが利用できます。"))
    return people_scope(user)


def own_staff_profile(user) -> StaffProfile | None:
    """The person's own staff record (their my-pages show only it); None for accounts that are
    not staff, e.g. a bare administrator."""
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "staff_profile", None)


def department_staff(supervisor: StaffProfile | None) -> QuerySet[StaffProfile]:
    """The people a supervisor (所属長, a manager) looks after: the active staff of their own
    municipality and department, themselves excluded; nobody without a department (fail closed).
    Whether the person *is* a supervisor is the asking app's permission (e.g. skills'
    `confirm_skills`)."""
    if supervisor is None or supervisor.department_id is None:
        return StaffProfile.objects.none()
    return StaffProfile.objects.filter(
        municipality_id=supervisor.municipality_id,
        department_id=supervisor.department_id,
        active=True,
    ).exclude(pk=supervisor.pk)
