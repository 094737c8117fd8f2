"""Who reads the results of ratings and surveys, and whose answers they count.

Training officers and administrators read them (permission `feedback.view_results`), as figures
and anonymous comments only, over the people of their officer scope (`organisation.access`): an
officer of Shinjuku reads what Shinjuku's staff said. It fails closed like its source: an officer
without a scope row reads nothing. Nobody, whatever their role, reads one person's answers.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from organisation.access import Scope, officer_scope


def may_read_results(user) -> bool:
    return user.is_authenticated and user.has_perm("feedback.view_results")


def results_scope(user) -> Scope:
    """The municipalities whose people's ratings and answers `user` may read, aggregated;
    PermissionDenied (or ScopeMissing, its kind) when none."""
    if not may_read_results(user):
        raise PermissionDenied(_("評価とアンケートの集計を閲覧する権限がありません。"))
    return officer_scope(user)


def within(scope: Scope, queryset: QuerySet, author: str = "user") -> QuerySet:
    """The rows of `queryset` whose author (the field path `author`) lives in `scope`."""
    return scope.within(queryset, municipality_field=f"{author}__staff_profile__municipality")
