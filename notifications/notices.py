"""A person's site notices: the list, the unread count in the header, marking read."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Notice


def notices_of(user) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user)


def unread_count(user) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def open_notice(user, notice_id: int) -> Notice:
    """The person's own notice, marked read; Http404 for anyone else's."""
    notice = get_object_or_404(Notice, pk=notice_id, user=user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def mark_all_read(user) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
