"""Approval (決裁): drafts from an upload reach staff only once an approver approves them."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from courses.approval import approval_workflow, drafts_not_submitted, lessons_awaiting_approval
from courses.lessons_from_chapters import Release, sync_lessons
from courses.models import LessonPage
from organisation.roles import APPROVER
from tests.factories import UserFactory, make_course, officer_user, staff_user

from .test_lessons_from_chapters import recording

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(course_index) -> LessonPage:
    course = make_course(course_index, slug="approval-course")
    return sync_lessons(recording(chapters=("導入",)), course, Release.FOR_REVIEW)[0]


def edit_form(lesson: LessonPage, action: str) -> dict:
    """What the page editor posts for the lesson unchanged, with the button pressed."""
    return {
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": "",
        "duration": lesson.duration,
        "video": lesson.video_id,
        "body-count": 0,
        "comments-TOTAL_FORMS": 0,
        "comments-INITIAL_FORMS": 0,
        "comments-MIN_NUM_FORMS": 0,
        "comments-MAX_NUM_FORMS": 1000,
        action: "1",
    }


def edit(client, lesson: LessonPage, action: str):
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    return client.post(url, edit_form(lesson, action))


def test_every_catalogue_follows_the_approval_workflow(draft):
    assert draft.get_workflow() == approval_workflow()


def test_making_the_workflow_again_changes_nothing(draft):
    from wagtail.models import GroupApprovalTask, Workflow

    approval_workflow()
    approval_workflow()
    assert Workflow.objects.filter(name="決裁").count() == 1
    assert GroupApprovalTask.objects.filter(name="決裁者の承認").count() == 1


def test_staff_do_not_see_a_draft(client, draft):
    client.force_login(staff_user())
    assert client.get(draft.url).status_code == 404


def test_the_officer_is_offered_submission_not_publication(client, draft):
    client.force_login(officer_user())
    page = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    assert 'name="action-submit"' in page
    assert 'name="action-publish"' not in page


def test_an_officer_cannot_publish_round_the_approval(client, draft):
    client.force_login(officer_user())
    edit(client, draft, "action-publish")
    assert not LessonPage.objects.get(pk=draft.pk).live


def test_submitted_and_approved_the_lesson_reaches_staff(client, draft):
    officer, approver, learner = officer_user(), UserFactory(roles=[APPROVER]), staff_user()
    assert list(drafts_not_submitted()) == [draft]
    client.force_login(officer)
    assert edit(client, draft, "action-submit").status_code == 302
    state = WorkflowState.objects.for_instance(draft).get()
    assert state.status == "in_progress" and state.requested_by == officer
    assert list(lessons_awaiting_approval()) == [draft] and not drafts_not_submitted().exists()

    client.force_login(learner)
    assert client.get(draft.url).status_code == 404

    client.force_login(approver)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk])
    assert client.post(url).status_code in (200, 302)
    assert LessonPage.objects.get(pk=draft.pk).live

    client.force_login(learner)
    assert client.get(draft.url).status_code == 200


def test_an_officer_cannot_approve(client, draft):
    officer = officer_user()
    client.force_login(officer)
    edit(client, draft, "action-submit")
    task_state = WorkflowState.objects.for_instance(draft).get().current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk])
    client.post(url)
    assert not LessonPage.objects.get(pk=draft.pk).live
