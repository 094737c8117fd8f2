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
    """A manager's confirmation is added here; evidence is never edited."""

    fields = ["staff", "skill", "level", "observed_at", "expires_at", "reference"]
    list_display = ["staff", "skill", "level", "source", "observed_at", "expires_at"]
    list_filter = ["source"]
    raw_id_fields = ["staff", "recorded_by"]
    autocomplete_fields = ["skill"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        from .levels import recompute_levels

        obj.source = SkillEvidence.Source.MANAGER
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
        recompute_levels(obj.staff, [obj.skill])


@admin.register(StaffSkillLevel)
class StaffSkillLevelAdmin(admin.ModelAdmin):
    list_display = ["staff", "skill", "level", "source", "updated_at"]
    list_filter = ["source", "skill__category__framework"]
    raw_id_fields = ["staff", "evidence"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
