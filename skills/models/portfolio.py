"""The portfolio's precomputed figures (built by `skills/portfolio.py`), read by HR's pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .frameworks import Skill
from .roles import RoleProfile


class StaffGroup(models.Model):
    """Some of a municipality's staff: a department (or all, or none) × a role (or all, or none)."""

    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    all_departments = models.BooleanField(default=True)
    # Null with all_departments off: the staff who have no department.
    department = models.ForeignKey(
        "organisation.Department", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    all_roles = models.BooleanField(default=True)
    role_profile = models.ForeignKey(
        RoleProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class SkillFigures(models.Model):
    """What the portfolio counts for one skill in one group."""

    # People with a current level for the skill, and the sum of those levels (mean = sum / n).
    n = models.PositiveIntegerField(default=0)
    level_sum = models.PositiveIntegerField(default=0)
    # People whose role sets a target for the skill, and how many of them reach it.
    targeted = models.PositiveIntegerField(default=0)
    at_target = models.PositiveIntegerField(default=0)
    suppressed = models.BooleanField(default=False)
    # The people with a level, counted by its basis (they add up to n).
    assessed = models.PositiveIntegerField(default=0)
    confirmed = models.PositiveIntegerField(default=0)
    self_assessed = models.PositiveIntegerField(default=0)
    learned = models.PositiveIntegerField(default=0)
    # The same figures over verified levels only (assessed or confirmed): n is their count.
    verified_level_sum = models.PositiveIntegerField(default=0)
    verified_at_target = models.PositiveIntegerField(default=0)
    verified_suppressed = models.BooleanField(default=False)

    class Meta:
        abstract = True


class PortfolioCell(StaffGroup, SkillFigures):
    """The portfolio's precomputed figures for one skill in one group of a municipality's staff.

    A group is a department (or all departments, or staff with no department) crossed with a role
    profile (or all roles, or no role). Kept up to date by `portfolio.py` so that dashboards read
    a few thousand rows instead of aggregating every person's level on each request.
    """

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    # Which per-basis counts are withheld (bits in the order of Basis), decided when computed.
    basis_withheld = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ポートフォリオ集計")
        verbose_name_plural = _("ポートフォリオ集計")
        permissions = [
            ("view_portfolio", _("人材ポートフォリオを閲覧できる")),
            ("export_portfolio", _("人材ポートフォリオを出力できる")),
        ]
        indexes = [
            models.Index(
                fields=["skill", "all_departments", "all_roles", "role_profile"],
                name="portfolio_cell_heatmap",
            ),
            models.Index(fields=["municipality", "skill"], name="portfolio_cell_refresh"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.department_id} {self.role_profile_id} {self.skill_id}"


class PortfolioGroup(StaffGroup):
    """How many active staff a group of a municipality has."""

    headcount = models.PositiveIntegerField(default=0)
    suppressed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("ポートフォリオ人数")
        verbose_name_plural = _("ポートフォリオ人数")
        indexes = [models.Index(fields=["municipality"], name="portfolio_group_municipality")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.department_id} {self.role_profile_id}"


class PortfolioSnapshot(SkillFigures):
    """A month's copy of the municipality-wide cells, for trends."""

    month = models.DateField(_("月"))
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    all_roles = models.BooleanField(default=True)
    role_profile = models.ForeignKey(
        RoleProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("ポートフォリオの月次記録")
        verbose_name_plural = _("ポートフォリオの月次記録")
        indexes = [models.Index(fields=["month", "skill"], name="portfolio_snapshot_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.municipality_id} {self.skill_id}"


class PortfolioActivity(models.Model):
    """A municipality's learning activity, rebuilt with its portfolio rows."""

    municipality = models.OneToOneField(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    viewers = models.PositiveIntegerField(default=0)
    seconds_watched = models.FloatField(default=0)
    completers = models.PositiveIntegerField(default=0)
    lessons_completed = models.PositiveIntegerField(default=0)
    passers = models.PositiveIntegerField(default=0)
    assessments_passed = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("学習状況の集計")
        verbose_name_plural = _("学習状況の集計")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.updated_at:%Y-%m-%d %H:%M}"
