"""Admin screens beyond the generic ones: chunked upload, progress, cancel and retry."""

import shutil

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks

from . import ingest, pipeline
from .models import VideoAsset
from .storage import work_dir
from .tasks import process_in_background, remake_clips_in_background
from .uploads import OffsetMismatch, append_chunk, discard, finished_file, received

DESTINATIONS_HOOK = "media_pipeline_destinations"
MAX_CHUNK = 16 * 1024 * 1024


def destination_choices(request: HttpRequest) -> list[tuple[str, str]]:
    """Where a recording's lessons can go, offered by other packages through a hook."""
    choices = [("", gettext_lazy("（あとで決める）"))]
    for hook in hooks.get_hooks(DESTINATIONS_HOOK):
        choices.extend(hook(request))
    return choices


class UploadForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("タイトル"), max_length=255)
    destination = forms.ChoiceField(label=gettext_lazy("公開先の講座"), required=False)
    chapter_mode = forms.ChoiceField(
        label=gettext_lazy("チャプター"),
        choices=VideoAsset.ChapterMode.choices,
        initial=VideoAsset.ChapterMode.AUTO,
    )
    chapters_csv = forms.FileField(
        label=gettext_lazy("チャプターの CSV（開始,終了,タイトル）"), required=False
    )
    captions = forms.FileField(label=gettext_lazy("字幕（WebVTT または SRT）"), required=False)
    upload_key = forms.CharField(widget=forms.HiddenInput)
    file_name = forms.CharField(widget=forms.HiddenInput, max_length=255)
    file_size = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = destination_choices(request)

    def clean_chapters_csv(self):
        upload = self.cleaned_data.get("chapters_csv")
        if not upload:
            return None
        try:
            return ingest.checked_chapters(ingest.read_side_file(upload))
        except ingest.Refused as refusal:
            raise forms.ValidationError(str(refusal)) from refusal

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        if not upload:
            return None
        try:
            return ingest.checked_captions(ingest.read_side_file(upload))
        except ingest.Refused as refusal:
            raise forms.ValidationError(str(refusal)) from refusal

    def clean(self):
        data = super().clean()
        if "chapters_csv" not in self.errors:
            try:
                data["chapters_csv"] = ingest.chapters_for(
                    data.get("chapter_mode"), data.get("chapters_csv")
                )
            except ingest.Refused as refusal:
                self.add_error("chapters_csv", str(refusal))
        return data


def _require(request: HttpRequest, action: str) -> None:
    if not request.user.has_perm(f"media_pipeline.{action}_videoasset"):
        raise PermissionDenied


def upload(request: HttpRequest) -> HttpResponse:
    """The upload page; its form is posted once every chunk has arrived."""
    _require(request, "add")
    form = UploadForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST":
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        data = form.cleaned_data
        user = request.user.pk
        path = finished_file(user, data["upload_key"], data["file_size"], data["file_name"])
        if path is None:
            return JsonResponse(
                {
                    "errors": {
                        "__all__": [_("ファイルが最後まで届いていません。もう一度お試しください。")]
                    }
                },
                status=409,
            )
        try:
            video = ingest.ingest(
                path,
                title=data["title"],
                destination=data["destination"],
                chapter_mode=data["chapter_mode"],
                chapters=data["chapters_csv"],
                captions=data["captions"],
            )
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
        messages.success(
            request, _("アップロードしました。変換の進み具合はこの画面に表示されます。")
        )
        return JsonResponse({"redirect": reverse("media_pipeline_videos:edit", args=[video.pk])})
    return TemplateResponse(
        request,
        "media_pipeline/upload.html",
        {
            "form": form,
            "page_title": _("録画をアップロード"),
            "chunk_bytes": min(settings.MEDIA_UPLOAD_CHUNK_BYTES, MAX_CHUNK),
        },
    )


def upload_chunk(request: HttpRequest) -> JsonResponse:
    """GET: how much of the file has arrived. POST: one chunk (raw body) at ?offset=."""
    _require(request, "add")
    key = request.GET.get("key", "")
    if not key or len(key) > 500:
        return JsonResponse({"error": _("アップロードの識別子がありません。")}, status=400)
    user = request.user.pk
    if request.method == "GET":
        return JsonResponse({"received": received(user, key)})
    if request.method == "DELETE":
        discard(user, key)
        return JsonResponse({"received": 0})
    if request.method != "POST":
        return JsonResponse({"error": _("この操作はできません。")}, status=405)
    try:
        offset = int(request.GET.get("offset", ""))
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return JsonResponse({"error": _("位置の指定が正しくありません。")}, status=400)
    if length <= 0 or length > MAX_CHUNK:
        return JsonResponse({"error": _("一度に送る量が大きすぎます。")}, status=400)
    try:
        total = append_chunk(user, key, offset, request, length)
    except OffsetMismatch as mismatch:
        return JsonResponse({"received": mismatch.received}, status=409)
    return JsonResponse({"received": total})


def status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the edit page's progress bar shows, polled while the video is processed."""
    _require(request, "view")
    video = get_object_or_404(VideoAsset, pk=pk)
    return JsonResponse(
        {
            "status": video.status,
            "status_label": video.get_status_display(),
            "progress": video.progress,
            "running": video.is_running,
            "error": video.error,
        }
    )


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "change")
    video = get_object_or_404(VideoAsset, pk=pk)
    if video.is_running:
        pipeline.request_cancel(video)
        messages.success(request, _("取り消しを依頼しました。"))
    return redirect("media_pipeline_videos:edit", pk)


@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "change")
    video = get_object_or_404(VideoAsset, pk=pk, kind=VideoAsset.Kind.RECORDING)
    if video.status in pipeline.STOPPED or video.is_stalled:
        pipeline.start_over(video)
        process_in_background(video)
        messages.success(request, _("もう一度処理を始めました。"))
    return redirect("media_pipeline_videos:edit", pk)


class CaptionsForm(forms.Form):
    captions = forms.FileField(label=gettext_lazy("字幕（WebVTT または SRT）"))

    clean_captions = UploadForm.clean_captions


@require_POST
def captions(request: HttpRequest, pk: int) -> HttpResponse:
    """Captions added after the upload: stored, then the clips get their shifted copies."""
    _require(request, "change")
    video = get_object_or_404(VideoAsset, pk=pk, kind=VideoAsset.Kind.RECORDING)
    form = CaptionsForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("captions", []):
            messages.error(request, error)
        return redirect("media_pipeline_videos:edit", pk)
    folder = work_dir("captions")
    try:
        path = folder / "captions.vtt"
        path.write_bytes(form.cleaned_data["captions"])
        pipeline.attach_captions(video, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if video.stage == pipeline.CLIPPED:
        remake_clips_in_background(video)
    messages.success(request, _("字幕を登録しました。"))
    return redirect("media_pipeline_videos:edit", pk)
