from django.contrib import admin

from .models import Delivery, Notice


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The outbox, to see what failed and why; mails are never written by hand."""

    list_display = ["to", "subject", "kind", "status", "attempts", "sent_at", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "key"]
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    readonly_fields = [field.name for field in Notice._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
