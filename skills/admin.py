from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from .frameworks import FrameworkResource, RoleTargetResource, SkillResource
from .models import (
    FrameworkRole,
    LevelDescriptor,
    RoleProfile,
    RoleTarget,
    Skill,
    SkillCategory,
    SkillEvidence,
    SkillFramework,
    StaffRole,
    StaffSkillLevel,
)


@admin.register(SkillFramework)
class SkillFrameworkAdmin(ImportExportModelAdmin):
    resource_classes = [FrameworkResource]
    list_display = ["code", "name", "version", "scale_min", "scale_max"]


@admin.register(SkillCategory)
class SkillCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "framework", "order"]
    list_filter = ["framework"]


class LevelDescriptorInline(admin.TabularInline):
    model = LevelDescriptor
    extra = 0


@admin.register(Skill)
class SkillAdmin(ImportExportModelAdmin):
    resource_classes = [SkillResource]
    list_display = ["code", "name", "category"]
    list_filter = ["category__framework"]
    search_fields = ["code", "name"]
    inlines = [LevelDescriptorInline]


@admin.register(FrameworkRole)
class FrameworkRoleAdmin(admin.ModelAdmin):
    list_display = ["code", "role", "name", "framework"]
    list_filter = ["framework", "role"]


class RoleTargetInline(admin.TabularInline):
    model = RoleTarget
    extra = 1
    autocomplete_fields = ["skill"]


@admin.register(RoleProfile)
class RoleProfileAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    inlines = [RoleTargetInline]


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    """Who has which role profile; the roster's 役割 column writes the same rows."""

    list_display = ["staff", "role_profile"]
    list_filter = ["role_profile"]
    search_fields = ["staff__employee_id", "staff__display_name"]
    raw_id_fields = ["staff"]


@admin.register(RoleTarget)
class RoleTargetAdmin(ImportExportModelAdmin):
    resource_classes = [RoleTargetResource]
    list_display = ["role_profile", "skill", "target_level"]
    list_filter = ["role_profile"]


@admin.register(SkillEvidence)
class SkillEvidenceAdmin(admin.ModelAdmin):
    """Evidence to inspect: it is never edited, and managers confirm skills on their own page
    (skills/confirmation.py), not here."""

    list_display = ["staff", "skill", "level", "source", "observed_at", "expires_at", "reference"]
    list_filter = ["source"]
    raw_id_fields = ["staff", "recorded_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StaffSkillLevel)
class StaffSkillLevelAdmin(admin.ModelAdmin):
    list_display = ["staff", "skill", "level", "basis", "basis_at", "updated_at"]
    list_filter = ["basis", "skill__category__framework"]
    raw_id_fields = ["staff", "evidence"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
