"""Certificates of completion (修了証): one per person and course, or person and assignment.

What a certificate says is fixed when it is issued: the holder's name, the title, the completion
date, the hours and the issuer are copied onto the row, so a later rename of the person or the
course does not change a certificate already handed out. The PDF is drawn from these columns on
each download and never stored.

Two identifiers, for two readers: the serial number (2026-000123: fiscal year of issue and a
sequence within it) is printed for people to quote; the verification token is long and random,
rides only in the QR code, and is what the public verification page takes, so nobody can walk
the serials to learn which certificates exist.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Half-hour steps, rounded down: a certificate never states more time than the lessons take.
MINUTES_PER_STEP = 30


class Certificate(models.Model):
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # A certificate is a record: accounts are deactivated, not deleted, while it exists.
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("修了者"),
    )
    # The holder's municipality when it was issued: the scope officers read it in.
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("自治体"),
    )
    # What was completed: a course, or an assignment (required training). Both are kept loose
    # (SET_NULL): the certificate keeps its copied title if either is later removed.
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("講座"),
    )
    assignment = models.ForeignKey(
        "training.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("研修の割り当て"),
    )
    holder_name = models.CharField(_("氏名（発行時）"), max_length=100)
    title = models.CharField(_("講座・研修名（発行時）"), max_length=255)
    issuer = models.CharField(_("発行者"), max_length=200)
    completed_on = models.DateField(_("修了日"))
    minutes = models.PositiveIntegerField(
        _("研修時間（分）"), help_text=_("講座のレッスンの長さの合計（分未満切り捨て）。")
    )
    serial = models.CharField(_("修了証番号"), max_length=20, unique=True)
    token = models.CharField(_("確認用トークン"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("発行日時"))
    revoked_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("取り消した人"),
    )
    revoke_reason = models.CharField(_("取消の理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("修了証")
        verbose_name_plural = _("修了証")
        ordering = ["-issued_at"]
        # Certificates are issued by the completion rule and only ever revoked: nobody adds,
        # edits or deletes one by hand.
        default_permissions = ("view",)
        permissions = [("revoke_certificate", _("修了証を取り消せる"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(course__isnull=False, assignment__isnull=False),
                name="certificate_course_or_assignment",
            ),
            models.UniqueConstraint(
                fields=["holder", "course"],
                condition=Q(course__isnull=False),
                name="certificate_once_per_course",
            ),
            models.UniqueConstraint(
                fields=["holder", "assignment"],
                condition=Q(assignment__isnull=False),
                name="certificate_once_per_assignment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.serial} {self.title}"

    @property
    def valid(self) -> bool:
        return self.revoked_at is None

    @property
    def hours(self) -> float:
        """Hours in half-hour steps, rounded down: 95 minutes are 1.5 hours."""
        return (self.minutes // MINUTES_PER_STEP) / 2

    @property
    def hours_display(self) -> str:
        """1.5時間, 2時間; a course shorter than half an hour states its minutes (20分)."""
        if self.minutes < MINUTES_PER_STEP:
            return gettext("%(minutes)d分") % {"minutes": self.minutes}
        return gettext("%(hours)s時間") % {"hours": f"{self.hours:g}"}


class SerialCounter(models.Model):
    """The last serial number given in one fiscal year. Issuing locks this row for the moment
    of its insert, so serials are unique and, as the counter rolls back with a failed insert,
    without gaps."""

    fiscal_year = models.PositiveSmallIntegerField(_("年度"), primary_key=True)
    last = models.PositiveIntegerField(_("最後の番号"), default=0)

    class Meta:
        verbose_name = _("修了証番号の採番")
        verbose_name_plural = _("修了証番号の採番")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.last}"
