"""The organisation: municipalities, their departments and the staff who learn.

The tables keep the names they had when these models lived in the `lms` package.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .codes import is_valid_local_government_code


class Municipality(models.Model):
    """The Metropolitan Government or one of Tokyo's 62 municipalities (later: any in Japan)."""

    class Kind(models.TextChoices):
        PREFECTURE = "都", _("都")
        SPECIAL_WARD = "特別区", _("特別区")
        CITY = "市", _("市")
        TOWN = "町", _("町")
        VILLAGE = "村", _("村")

    class Region(models.TextChoices):
        PREFECTURE = "都", _("都庁")
        WARDS = "区部", _("区部")
        TAMA = "多摩", _("多摩")
        ISLANDS = "島しょ", _("島しょ")

    code = models.CharField(
        _("地方公共団体コード"),
        max_length=6,
        unique=True,
        help_text=_("6桁の全国地方公共団体コード（検査数字を含む）"),
    )
    name = models.CharField(_("名称"), max_length=50)
    name_kana = models.CharField(_("よみがな"), max_length=100, blank=True)
    name_romaji = models.CharField(_("ローマ字表記"), max_length=100, blank=True)
    kind = models.CharField(_("種別"), max_length=10, choices=Kind.choices)
    region = models.CharField(_("地域"), max_length=10, choices=Region.choices)

    class Meta:
        db_table = "lms_municipality"
        ordering = ["code"]
        verbose_name = _("自治体")
        verbose_name_plural = _("自治体")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{6}$"), name="municipality_code_six_digits"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def short_code(self) -> str:
        """The 5-digit code without its check digit, as older systems write it."""
        return self.code[:5]

    @property
    def has_valid_code(self) -> bool:
        return is_valid_local_government_code(self.code)


class Department(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="departments", verbose_name=_("自治体")
    )
    name = models.CharField(_("所属名"), max_length=100)

    class Meta:
        db_table = "lms_department"
        ordering = ["municipality", "name"]
        verbose_name = _("所属")
        verbose_name_plural = _("所属")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.municipality.name} {self.name}"


class StaffProfile(models.Model):
    """A member of staff: who they are in their municipality's HR records."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("ユーザー"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="staff", verbose_name=_("自治体")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("所属"),
    )
    employee_id = models.CharField(_("職員番号"), max_length=32)
    display_name = models.CharField(_("氏名"), max_length=100)
    job_category = models.CharField(_("職種"), max_length=50, blank=True)
    active = models.BooleanField(_("在籍"), default=True)

    class Meta:
        db_table = "lms_staffprofile"
        ordering = ["municipality", "employee_id"]
        verbose_name = _("職員")
        verbose_name_plural = _("職員")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "employee_id"],
                name="staff_employee_id_unique_in_municipality",
            )
        ]
        permissions = [
            ("view_auditlog", _("監査ログを閲覧できる")),
            ("import_roster", _("職員名簿を取り込める")),
            ("export_roster", _("職員名簿を出力できる")),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}（{self.municipality.name}）"


class HRScope(models.Model):
    """Which municipality an HR analyst or officer may read; no municipality means all of Tokyo.

    An account of those roles without this row reads nobody's data (organisation.access)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="hr_scope",
        verbose_name=_("ユーザー"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("対象自治体"),
        help_text=_("空欄なら東京都全体"),
    )

    class Meta:
        db_table = "lms_hrscope"
        verbose_name = _("人事の閲覧範囲")
        verbose_name_plural = _("人事の閲覧範囲")

    def __str__(self) -> str:
        return str(self.municipality or _("東京都全体"))

    @property
    def covers_all(self) -> bool:
        return self.municipality_id is None


class AuditLog(models.Model):
    """Who did what to whose data: exports of personal data, roster imports. Only ever added."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ユーザー"),
    )
    action = models.CharField(_("操作"), max_length=50)
    target = models.CharField(_("対象"), max_length=200, blank=True)
    detail = models.JSONField(_("詳細"), default=dict, blank=True)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)

    class Meta:
        db_table = "lms_auditlog"
        ordering = ["-created_at"]
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        # Reading it is `organisation.view_auditlog`, declared on StaffProfile; nobody edits it.
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.target}"
