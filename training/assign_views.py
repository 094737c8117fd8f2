"""Assigning on the site, for training officers and HR analysts (HR have no Wagtail admin):
the form with a preview of the audience's size, and withdrawing. Thin: see assigning.py."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation import audit

from . import access
from .assigning import assign, withdraw
from .forms import AssignmentForm

RECENT = 20


def new_assignment(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST with `preview`: how many people it would reach; with `save`: assign."""
    scope = access.assign_scope(request.user)
    today = timezone.localdate()
    form = AssignmentForm(scope, request.POST or None, initial={"starts_on": today.isoformat()})
    context = {"form": form, "scope_name": scope.label}
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif "save" in request.POST:
            course, path = form.cleaned_data["training"]
            assignment, assigned = assign(
                course=course,
                path=path,
                rules=form.rules,
                scope=scope,
                starts_on=form.cleaned_data["starts_on"],
                due_on=form.cleaned_data["due_on"],
                title=form.cleaned_data["title"],
                created_by=request.user,
            )
            audit.record(request.user, "training.assign", str(assignment.pk), assigned=assigned)
            messages.success(
                request,
                _("「%(title)s」を %(count)d 人に割り当てました。")
                % {"title": assignment.title, "count": assigned},
            )
            return redirect("training_new")
        else:
            context["audience_size"] = form.audience_size()
    context["recent"] = access.withdrawable_assignments(request.user).select_related(
        "course", "path"
    )[:RECENT]
    return render(request, "training/new.html", context, status=status)


def withdraw_assignment(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """GET: what would be withdrawn; POST: withdraw it (its records stay)."""
    assignment = access.withdrawable_assignment(request.user, assignment_id)
    if request.method == "POST":
        if withdraw(assignment):
            audit.record(request.user, "training.withdraw", str(assignment.pk))
            messages.success(
                request, _("「%(title)s」を取り下げました。") % {"title": assignment.title}
            )
        return redirect("training_new")
    current = assignment.assignees.filter(removed_at__isnull=True).count()
    return render(request, "training/withdraw.html", {"assignment": assignment, "current": current})
