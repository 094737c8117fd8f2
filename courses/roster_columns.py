"""What courses adds to the organisation's roster export: each person's learning record."""

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from common.spreadsheets import Column, Kind
from organisation.roster.columns import ExportColumns, ExportContribution, register_export_columns

from .models import LessonProgress


def learning_record_columns(staff: QuerySet) -> ExportColumns:
    """Lessons completed and minutes watched, per person, in one query."""
    progress = LessonProgress.objects.filter(user__staff_profile__in=staff)
    learning = {
        row["user_id"]: row
        for row in progress.values("user_id").annotate(
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
            seconds=Sum("watched_seconds"),
        )
    }

    def values(profile) -> list:
        record = learning.get(profile.user_id, {})
        return [record.get("completed", 0), round((record.get("seconds") or 0) / 60)]

    return ExportColumns(
        columns=[
            Column(_("修了レッスン数"), Kind.NUMBER),
            Column(_("視聴時間（分）"), Kind.NUMBER),
        ],
        values=values,
    )


def register() -> None:
    register_export_columns(
        ExportContribution(key="learning_record", order=10, columns=learning_record_columns)
    )
