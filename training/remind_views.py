"""The "remind now" buttons (督促): thin views over training.access and training.reminders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import remindable_assignees, supervised_assignees
from .models import Assignee
from .reminders import not_done, remind_now


@require_POST
def assignment_remind(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The assigner or HR: the assignment's people of their scope not done (or those named)."""
    return _remind(request, remindable_assignees(request.user, assignment_id))


@require_POST
def assignment_remind_team(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """A supervisor: their own department's people in the assignment not done (or those named)."""
    assignees = supervised_assignees(request.user).filter(assignment_id=assignment_id)
    if not assignees.exists():
        raise Http404(_("この研修の対象者は、あなたの所属にいません。"))
    return _remind(request, assignees)


def _remind(request: HttpRequest, assignees: QuerySet[Assignee]) -> HttpResponse:
    try:
        wanted = {int(value) for value in request.POST.getlist("staff")}
    except ValueError:
        return HttpResponseBadRequest(_("職員の指定が正しくありません。"))
    targets = not_done(assignees)
    if wanted:
        allowed = set(assignees.filter(staff_id__in=wanted).values_list("staff_id", flat=True))
        if allowed != wanted:
            raise PermissionDenied(_("受講のお願いを送る権限のない職員が含まれています。"))
        targets = targets.filter(staff_id__in=wanted)
    tally = remind_now(targets, request.user)
    if tally.sent:
        messages.success(
            request, _("%(count)s人に受講のお願いを送りました。") % {"count": tally.sent}
        )
    if tally.skipped:
        messages.info(
            request,
            _(
                "%(count)s人には送りませんでした（本日すでに送ったか、メールを受け取らない設定です）。"
            )
            % {"count": tally.skipped},
        )
    if not tally.sent and not tally.skipped:
        messages.info(request, _("受講のお願いを送る相手はいませんでした。"))
    return redirect(_next(request))


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "home"
