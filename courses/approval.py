"""Approval (決裁) of lessons and courses: the Wagtail workflow every course catalogue follows.

Officers save drafts and submit them; the approvers (決裁者, and the administrators) approve in
the admin, and approval publishes. Officers hold no publish permission
(organisation.roles.OFFICER_PAGE_PERMISSIONS), so Wagtail offers them no way round the step.
The workflow, its task and its assignment to every catalogue are made after migrate and when a
catalogue is created; making them again changes nothing.
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, IntegerField, QuerySet
from django.db.models.functions import Cast
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from organisation.roles import ADMINISTRATOR, APPROVER

from .models import CourseIndexPage, LessonPage

# Stored names (the admin shows them as they are): Japanese, as the officers call them.
WORKFLOW_NAME = "決裁"
TASK_NAME = "決裁者の承認"


@transaction.atomic
def approval_workflow() -> Workflow:
    """The approval workflow with its one moderation step, made if missing."""
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    approvers = [Group.objects.get_or_create(name=name)[0] for name in (APPROVER, ADMINISTRATOR)]
    task.groups.add(*approvers)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def follow_approval(catalogue: Page) -> None:
    """Put a catalogue (and so its courses and lessons) under the approval workflow; a
    catalogue an administrator gave another workflow keeps it."""
    WorkflowPage.objects.get_or_create(page=catalogue, defaults={"workflow": approval_workflow()})


def set_up_approval() -> None:
    for catalogue in CourseIndexPage.objects.all():
        follow_approval(catalogue)


def awaiting_approval() -> QuerySet[WorkflowState]:
    """Approvals under way for lessons (submitted, not yet approved or sent back), oldest first."""
    lesson_ids = LessonPage.objects.annotate(id_text=Cast("pk", CharField())).values("id_text")
    return (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page), object_id__in=lesson_ids)
        .select_related("requested_by")
        .order_by("created_at")
    )


def lessons_awaiting_approval() -> QuerySet[LessonPage]:
    ids = awaiting_approval().annotate(lesson=Cast("object_id", IntegerField())).values("lesson")
    return LessonPage.objects.filter(pk__in=ids).order_by("path")


def drafts_not_submitted() -> QuerySet[LessonPage]:
    """Lessons never published, not retired, with no approval under way: the officer's to
    review and submit."""
    ids = awaiting_approval().annotate(lesson=Cast("object_id", IntegerField())).values("lesson")
    return (
        LessonPage.objects.filter(live=False, retired_at__isnull=True)
        .exclude(pk__in=ids)
        .order_by("path")
    )
