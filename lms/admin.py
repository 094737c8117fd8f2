from django.contrib import admin

from .models import Department, HRScope, Municipality, StaffProfile


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
