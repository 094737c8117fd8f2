"""The officers' screens in the Wagtail admin: recordings, their progress, chapters and clips."""

from django import forms
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views, editor_views, grants, pipeline
from .models import VideoAsset
from .tasks import remake_clips_in_background


class VideoEditView(generic.EditView):
    template_name = "media_pipeline/edit.html"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        choices = admin_views.destination_choices(self.request)
        current = self.object.destination
        if current and current not in dict(choices):
            choices.append((current, current))
        form.fields["destination"] = forms.ChoiceField(
            label=_("公開先の講座"), choices=choices, required=False
        )
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Whoever may edit the video here (the viewset's permission) may play it.
        context["preview"] = grants.granted_urls(self.object, self.request.user.pk)
        return context

    def save_instance(self):
        video = super().save_instance()
        if video.kind == VideoAsset.Kind.RECORDING and video.stage == pipeline.CLIPPED:
            # Chapters or destination changed: new clips from the same ladder, in seconds.
            remake_clips_in_background(video)
        return video


class VideoAssetViewSet(ModelViewSet):
    model = VideoAsset
    icon = "media"
    menu_label = _("動画")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "videos"
    name = "media_pipeline_videos"
    copy_view_enabled = False
    edit_view_class = VideoEditView
    list_filter = ["status", "kind"]
    list_display = [
        "title",
        Column("kind", label=_("種類"), accessor="get_kind_display"),
        StatusTagColumn("status", label=_("状態"), accessor="get_status_display"),
        Column("progress", label=_("進み具合（%）")),
        Column("duration", label=_("長さ（秒）")),
        "created_at",
    ]
    search_fields = ["title"]
    panels = [
        FieldPanel("title"),
        FieldPanel("destination"),
        InlinePanel(
            "chapters",
            heading=_("チャプター"),
            label=_("チャプター"),
            panels=[
                FieldPanel("index"),
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("reason", read_only=True),
            ],
        ),
    ]

    def get_urlpatterns(self):
        patterns = [p for p in super().get_urlpatterns() if p.name != "add"]
        return patterns + [
            path("new/", admin_views.upload, name="add"),
            path("upload-chunk/", admin_views.upload_chunk, name="upload_chunk"),
            path("status/<int:pk>/", admin_views.status, name="status"),
            path("cancel/<int:pk>/", admin_views.cancel, name="cancel"),
            path("retry/<int:pk>/", admin_views.retry, name="retry"),
            path("captions/<int:pk>/", admin_views.captions, name="captions"),
            path("timeline/<int:pk>/", editor_views.timeline, name="timeline"),
            path("caption-editor/<int:pk>/", editor_views.caption_editor, name="caption_editor"),
        ]


@hooks.register("register_admin_viewset")
def register_video_viewset():
    return VideoAssetViewSet()
