"""Who may assign training, read an assignment's figures, and see whose names in it.

Scopes come from `organisation.access` (the one owner of HR and officer scope); this module only
says how they apply to assignments. It fails closed like its source: an officer or HR analyst
without a scope row assigns and reads nothing.

- Training officers and HR analysts assign (permission `training.add_assignment`), only to people
  within their scope: an audience is always resolved inside the assigner's scope.
- An assignment's figures are read within the reader's scope: HR of Shinjuku reading an all-Tokyo
  assignment sees Shinjuku's people only.
- Names of people (the list of those not done) are shown to HR of that very municipality and to
  the person who made the assignment; everyone else sees figures, suppressed below the privacy
  threshold.
- Supervisors (所属長, 管理監督者) see the assignments of their own department's people
  (`organisation.access.department_staff`). Who is a supervisor is one record: the group 管理職
  of skills (`skills.confirmation.is_manager`), the same that confirms skills; it is set in the
  admin or by the roster's 所属長 column.
- Reminding now (督促): the assigner and HR analysts remind the people of their scope; a
  supervisor reminds their own department's people.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from organisation.access import (
    Scope,
    department_staff,
    is_administrator,
    names_municipality_id,
    own_staff_profile,
    people_scope,
)
from organisation.models import Municipality, StaffProfile
from organisation.roles import HR_ANALYST, user_roles
from skills.confirmation import is_manager

from .models import Assignee, Assignment


def may_assign(user) -> bool:
    return user.is_authenticated and user.has_perm("training.add_assignment")


def assign_scope(user) -> Scope:
    """The municipalities whose people `user` may assign training to; PermissionDenied (or
    ScopeMissing, its kind) when none."""
    if not may_assign(user):
        raise PermissionDenied(_("研修を割り当てる権限がありません。"))
    return people_scope(user)


def may_read_reports(user) -> bool:
    return user.is_authenticated and (
        is_administrator(user) or user.has_perm("training.view_assignment")
    )


def report_scope(user) -> Scope:
    """The municipalities whose people's progress `user` may read in assignment reports."""
    if not may_read_reports(user):
        raise PermissionDenied(_("研修の受講状況を閲覧する権限がありません。"))
    return people_scope(user)


def visible_assignments(user) -> QuerySet[Assignment]:
    """The assignments `user` may report on: those they made, and those with anyone of their
    scope in the audience."""
    scope = report_scope(user)
    if scope.everywhere:
        return Assignment.objects.all()
    in_scope = Assignee.objects.filter(staff__municipality_id=scope.municipality.pk)
    return Assignment.objects.filter(
        Q(created_by=user) | Q(pk__in=in_scope.values("assignment_id"))
    ).distinct()


def visible_assignment(user, assignment_id: int) -> Assignment:
    """One assignment `user` may report on; Http404-like PermissionDenied otherwise."""
    assignment = visible_assignments(user).filter(pk=assignment_id).first()
    if assignment is None:
        raise PermissionDenied(_("この研修の受講状況を閲覧する権限がありません。"))
    return assignment


def assignees_in_scope(user, assignment: Assignment) -> QuerySet[Assignee]:
    """The assignees whose progress `user` may read (current and removed)."""
    return report_scope(user).within(
        assignment.assignees.all(), municipality_field="staff__municipality"
    )


def may_see_assignee_names(user, assignment: Assignment, municipality: Municipality) -> bool:
    """Names of one municipality's assignees: HR of that municipality, or the assigner."""
    return assignee_names_rule(user)(assignment, municipality)


def assignees_of(user, assignments: Iterable[Assignment]) -> QuerySet[Assignee]:
    """The assignees of several assignments whose progress `user` may read (current and
    removed), as `assignees_in_scope` gives them for one."""
    return report_scope(user).within(
        Assignee.objects.filter(assignment__in=list(assignments)),
        municipality_field="staff__municipality",
    )


def assignee_names_rule(user) -> Callable[[Assignment, Municipality], bool]:
    """`may_see_assignee_names` for many assignments and municipalities at once (a report
    list), with the reader's own municipality looked up once."""
    own = names_municipality_id(user)

    def allowed(assignment: Assignment, municipality: Municipality) -> bool:
        if assignment.created_by_id is not None and assignment.created_by_id == user.pk:
            return True
        return own is not None and own == municipality.pk

    return allowed


def is_supervisor(user) -> bool:
    """Supervisors (所属長, 管理監督者): members of staff in the group 管理職, the one record of
    who is a supervisor (set in the admin or by the roster's 所属長 column)."""
    return own_staff_profile(user) is not None and is_manager(user)


def team_staff(user) -> QuerySet[StaffProfile]:
    """The people whose assignments a supervisor follows: their own department's staff
    (`organisation.access.department_staff`); PermissionDenied for anyone not a supervisor."""
    if not is_supervisor(user):
        raise PermissionDenied(_("所属の研修状況は、所属長（管理職）だけが閲覧できます。"))
    return department_staff(own_staff_profile(user))


def withdrawable_assignments(user) -> QuerySet[Assignment]:
    """The assignments in force that `user` may withdraw: those made within their scope (HR of
    Shinjuku: Shinjuku's; all of Tokyo: every one)."""
    scope = assign_scope(user)
    assignments = Assignment.objects.filter(withdrawn_at__isnull=True)
    if scope.everywhere:
        return assignments
    return assignments.filter(municipality_id=scope.municipality.pk)


def withdrawable_assignment(user, assignment_id: int) -> Assignment:
    """One assignment `user` may withdraw; PermissionDenied otherwise."""
    assignment = withdrawable_assignments(user).filter(pk=assignment_id).first()
    if assignment is None:
        raise PermissionDenied(_("この研修の割り当てを取り下げる権限がありません。"))
    return assignment


# --- Reminding now (督促) ------------------------------------------------------------------------
def may_remind(user, assignment: Assignment) -> bool:
    """The assigner, and HR analysts (within their scope), may remind an assignment's people."""
    if not user.is_authenticated:
        return False
    if is_administrator(user):
        return True
    if not may_assign(user):
        return False
    return assignment.created_by_id == user.pk or HR_ANALYST in user_roles(user)


def remindable_assignees(user, assignment_id: int) -> QuerySet[Assignee]:
    """The assignees of one assignment `user` may remind: those of their scope; PermissionDenied
    when they may not remind it at all."""
    assignment = visible_assignment(user, assignment_id)
    if not may_remind(user, assignment):
        raise PermissionDenied(_("この研修の受講のお願いを送る権限がありません。"))
    return people_scope(user).within(
        assignment.assignees.all(), municipality_field="staff__municipality"
    )


def supervised_assignees(user) -> QuerySet[Assignee]:
    """The assignees who are a supervisor's own department's people; PermissionDenied for
    anyone who is not a supervisor."""
    return Assignee.objects.filter(staff__in=team_staff(user))
