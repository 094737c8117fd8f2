from django.contrib import admin, messages
from django.utils.translation import gettext as _
from import_export.admin import ExportMixin, ImportMixin

from organisation.roster.admin_import import RosterFile, StaffRosterResource
from organisation.roster.forms import RosterConfirmForm, RosterImportForm
from organisation.roster.importing import describe

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
class StaffProfileAdmin(ImportMixin, admin.ModelAdmin):
    list_display = ["employee_id", "display_name", "municipality", "department", "active"]
    list_filter = ["active", "municipality__kind", "municipality"]
    search_fields = ["employee_id", "display_name", "user__username"]
    raw_id_fields = ["user", "department"]
    # The roster import (organisation.roster) with import-export's upload, preview and confirm.
    resource_classes = [StaffRosterResource]
    import_formats = [RosterFile]
    import_form_class = RosterImportForm
    confirm_form_class = RosterConfirmForm
    import_template_name = "admin/organisation/staffprofile/import.html"

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm("organisation.import_roster")

    def get_confirm_form_initial(self, request, import_form) -> dict:
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["full"] = import_form.cleaned_data.get("full", False)
        return initial

    def get_import_data_kwargs(self, **kwargs) -> dict:
        form = kwargs.get("form")
        data_kwargs = super().get_import_data_kwargs(**kwargs)
        if form is not None and hasattr(form, "cleaned_data"):
            data_kwargs["full"] = form.cleaned_data.get("full", False)
        return data_kwargs

    def generate_log_entries(self, result, request) -> None:
        """The roster import writes its own audit log entry (organisation.audit)."""

    def add_success_message(self, result, request) -> None:
        summary = result.roster_plan.summary()
        messages.success(
            request, _("名簿を取り込みました: %(counts)s") % {"counts": describe(summary)}
        )


@admin.register(HRScope)
class HRScopeAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality"]


@admin.register(AuditLog)
class AuditLogAdmin(ExportMixin, admin.ModelAdmin):
    """Administrators read and export the log (organisation.view_auditlog); nobody edits it."""

    list_display = ["created_at", "user", "action", "target"]
    list_filter = ["action"]
    search_fields = ["user__username", "action", "target"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "user", "action", "target", "detail"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
