from django.contrib import admin
from import_export.admin import ExportMixin

from .models import AuditLog, Department, HRScope, Municipality, StaffProfile


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["code", "name", "name_kana", "name_romaji"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["employee_id", "display_name", "municipality", "department", "active"]
    list_filter = ["active", "municipality__kind", "municipality"]
    search_fields = ["employee_id", "display_name", "user__username"]
    raw_id_fields = ["user", "department"]


@admin.register(HRScope)
class HRScopeAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality"]


@admin.register(AuditLog)
class AuditLogAdmin(ExportMixin, admin.ModelAdmin):
    """Administrators read and export the log; nobody edits it."""

    list_display = ["created_at", "user", "action", "target"]
    list_filter = ["action"]
    search_fields = ["action", "target", "user__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
