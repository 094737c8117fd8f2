"""The courses' own admin screens: the captions report, and the officer's home panels."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from organisation.access import ScopeMissing
from organisation.roles import can_use_admin

from . import officer_dashboard
from .captions_report import lessons_without_captions


def captions_report(request: HttpRequest) -> HttpResponse:
    """Lessons without captions that this person may fix (JIS X 8341-3 / WCAG 2.1 1.2.2)."""
    if not can_use_admin(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "courses/admin/captions_report.html",
        {"lessons": lessons_without_captions(request.user), "page_title": _("字幕のないレッスン")},
    )


class OfficerPanel(Component):
    """A panel of the officer's admin home; `fill` adds what it shows to the context."""

    order = 100

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def fill(self, context: dict) -> None:
        pass

    def get_context_data(self, parent_context=None) -> dict:
        context = {"request": self.request}
        self.fill(context)
        return context


class UploadPanel(OfficerPanel):
    name = "officer_upload"
    order = 10
    template_name = "courses/admin/panels/upload.html"

    def fill(self, context: dict) -> None:
        context["upload_url"] = reverse("media_pipeline_videos:add")
        context["videos_url"] = reverse("media_pipeline_videos:index")


class JobsPanel(OfficerPanel):
    name = "officer_jobs"
    order = 20
    template_name = "courses/admin/panels/jobs.html"

    def fill(self, context: dict) -> None:
        context["jobs"] = officer_dashboard.jobs_in_progress()


class ApprovalPanel(OfficerPanel):
    name = "officer_approval"
    order = 30
    template_name = "courses/admin/panels/approval.html"

    def fill(self, context: dict) -> None:
        waiting, waiting_count, drafts, drafts_count = officer_dashboard.approval_queue(
            self.request.user
        )
        context.update(
            waiting=waiting, waiting_count=waiting_count, drafts=drafts, drafts_count=drafts_count
        )


class CaptionsPanel(OfficerPanel):
    name = "officer_captions"
    order = 40
    template_name = "courses/admin/panels/captions.html"

    def fill(self, context: dict) -> None:
        context["missing"] = officer_dashboard.captions_missing(self.request.user)
        context["report_url"] = reverse("courses_captions_report")


class ActivityPanel(OfficerPanel):
    name = "officer_activity"
    order = 50
    template_name = "courses/admin/panels/activity.html"

    def fill(self, context: dict) -> None:
        context["days"] = officer_dashboard.ACTIVITY_DAYS
        try:
            context["activity"] = officer_dashboard.course_activity(self.request.user)
        except ScopeMissing as missing:
            context["activity"], context["scope_missing"] = [], str(missing)


OFFICER_PANELS = [UploadPanel, JobsPanel, ApprovalPanel, CaptionsPanel, ActivityPanel]
