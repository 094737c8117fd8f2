"""Lessons whose video has no captions: JIS X 8341-3 (WCAG 2.1, 1.2.2, level A) asks captions
of every recorded video, so the admin flags them and lists them in a report."""

from django.db.models import Q, QuerySet
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import LessonPage

NO_CAPTIONS = Q(video__isnull=False, video__captions="", retired_at__isnull=True)


def lessons_without_captions(user) -> QuerySet[LessonPage]:
    """The lessons with a video and no captions that `user` may edit (so may fix), in course
    order; retired lessons are no longer shown to anybody and are left out."""
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return (
        LessonPage.objects.filter(NO_CAPTIONS, pk__in=editable.values("pk"))
        .select_related("video")
        .order_by("path")
    )
