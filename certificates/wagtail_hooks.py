"""Certificates in the Wagtail admin: the officers' list (their scope, no names) and revoking."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from organisation import audit

from . import admin_views, revocation
from .models import Certificate


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """Certificates are issued by the completion rule and only ever revoked: nobody adds, edits
    or deletes one here, not even a superuser."""

    FIXED = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        return action not in self.FIXED and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in self.FIXED])


register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))


class CertificateIndexView(generic.IndexView):
    def get(self, request, *args, **kwargs):
        # A list of people's certificates (without names) is still a view of their records.
        audit.record(request.user, "certificate.list", request.GET.urlencode())
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        return revocation.visible_certificates(self.request.user).select_related("municipality")


def _status(certificate: Certificate) -> str:
    return _("有効") if certificate.valid else _("取り消し済み")


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("修了証")
    menu_order = 320
    add_to_admin_menu = True
    url_prefix = "certificates"
    name = "certificates_admin"
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = CertificateIndexView
    # Required by ModelViewSet though its add and edit views are not served (get_urlpatterns).
    form_fields = ["revoke_reason"]
    list_filter = ["municipality"]
    search_fields = ["serial", "title"]
    # Few, short columns so the list fits a tablet; the municipality is a filter.
    list_display = [
        TitleColumn(
            "serial",
            label=_("修了証番号"),
            get_url=lambda certificate: reverse("certificates_admin:revoke", args=[certificate.pk]),
        ),
        "title",
        "completed_on",
        StatusTagColumn(
            "revoked_at", label=_("状態"), accessor=_status, primary=lambda row: row.valid
        ),
    ]

    def get_urlpatterns(self):
        keep = {"index", "index_results"}
        patterns = [pattern for pattern in super().get_urlpatterns() if pattern.name in keep]
        return patterns + [path("revoke/<int:pk>/", admin_views.revoke, name="revoke")]


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet()
