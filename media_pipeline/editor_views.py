"""The officer's editors of a recording: chapters on a timeline, and captions cue by cue.

Both pages load the recording through a grant (grants.py) like the edit page's preview, and save
by posting JSON: the chapters through clips.save_chapters and the captions through
pipeline.store_captions, each checked first (chapters.checked_chapters, captions.checked_cues), so
a refused edit changes nothing. The clips are then cut again from the same ladder.
"""

import json

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import grants, pipeline
from .captions import BadCaptions, checked_cues, read_captions
from .chapters import BadChapters, checked_chapters
from .clips import recording_cut_points, save_chapters
from .models import VideoAsset
from .storage import read_text
from .tasks import remake_clips_in_background


class BadRequest(Exception):
    """The body is not the JSON the editor sends; the message is one Japanese sentence."""


def _recording(request: HttpRequest, pk: int) -> VideoAsset:
    if not request.user.has_perm("media_pipeline.change_videoasset"):
        raise PermissionDenied
    return get_object_or_404(VideoAsset, pk=pk, kind=VideoAsset.Kind.RECORDING)


def _posted(request: HttpRequest, name: str) -> object:
    try:
        data = json.loads(request.body)
    except RequestDataTooBig as error:
        raise BadRequest(_("送られた内容が大きすぎます。")) from error
    except ValueError as error:
        raise BadRequest(_("送られた内容が読み取れません。")) from error
    if not isinstance(data, dict):
        raise BadRequest(_("送られた内容が読み取れません。"))
    return data.get(name)


def _editable_refusal(video: VideoAsset) -> str:
    """Why the recording cannot be edited now, or "" if it can."""
    if video.is_running:
        return _("処理中は保存できません。処理が終わってからもう一度保存してください。")
    if not video.is_ready:
        return _("この録画は処理が終わっていないため編集できません。")
    return ""


def _chapters_data(video: VideoAsset) -> list[dict]:
    return [
        {"id": c.pk, "title": c.title, "start": c.start, "end": c.end, "reason": c.reason}
        for c in video.chapters.order_by("index", "start")
    ]


def timeline_messages() -> dict[str, str]:
    """The timeline editor's words, for its script; %(n)s and %(t)s are filled in there."""
    return {
        "startOf": _("チャプター%(n)sの開始"),
        "endOf": _("チャプター%(n)sの終了"),
        "boundaryOf": _("チャプター%(n)sとチャプター%(m)sの区切り"),
        "cutAt": _("実際の切れ目 %(t)s"),
        "cutMoved": _("実際の切れ目は %(t)s です（キーフレームに合わせます）。"),
        "titleOf": _("チャプター%(n)sのタイトル"),
        "startField": _("チャプター%(n)sの開始（時:分:秒 または 秒）"),
        "endField": _("チャプター%(n)sの終了（時:分:秒 または 秒）"),
        "preview": _("プレビュー"),
        "previewOf": _("チャプター%(n)sをプレビュー"),
        "previewing": _("チャプター%(n)sをプレビューしています（%(t)s）。"),
        "mergeNext": _("次と結合"),
        "mergeNextOf": _("チャプター%(n)sを次と結合"),
        "newTitle": _("新しいチャプター"),
        "length": _("%(t)s の長さ"),
        "shorter": _("指定より%(t)s秒短くなります"),
        "longer": _("指定より%(t)s秒長くなります"),
        "badTime": _("時刻は 時:分:秒（例 00:01:30）か秒数で入力してください。"),
        "noSplit": _(
            "その時刻では区切れません（チャプターの途中の、区切りから1秒以上離れた時刻にしてください）。"
        ),
        "noRemove": _("録画の最初と最後の区切りは削除できません。"),
        "removed": _("区切りを削除しました。"),
        "added": _("%(t)s に区切りを追加しました。"),
        "saving": _("保存しています…"),
        "failed": _("保存できませんでした。通信を確認して、もう一度保存してください。"),
        "thumbsFailed": _("サムネイルを読み込めませんでした。"),
    }


def caption_messages() -> dict[str, str]:
    """The caption editor's words, for its script; %(n)s is filled in there."""
    return {
        "cue": _("字幕%(n)s"),
        "startOf": _("字幕%(n)sの開始"),
        "endOf": _("字幕%(n)sの終了"),
        "textOf": _("字幕%(n)sの文字"),
        "play": _("再生"),
        "playOf": _("字幕%(n)sを再生"),
        "remove": _("削除"),
        "removeOf": _("字幕%(n)sを削除"),
        "removed": _("字幕%(n)sを削除しました。"),
        "added": _("字幕%(n)sを追加しました。"),
        "badTime": _("時刻は 時:分:秒.ミリ秒（例 00:01:02.500）か秒数で入力してください。"),
        "trackLabel": _("日本語（編集中）"),
        "saving": _("保存しています…"),
        "failed": _("保存できませんでした。通信を確認して、もう一度保存してください。"),
        "none": _("字幕はまだありません。「字幕を追加」で作れます。"),
    }


def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the timeline chapter editor. POST (JSON {chapters}): save them and cut again."""
    video = _recording(request, pk)
    if request.method == "POST":
        refusal = _editable_refusal(video)
        if refusal:
            return JsonResponse({"error": refusal}, status=409)
        try:
            plans = checked_chapters(
                _posted(request, "chapters"), video.duration or 0, recording_cut_points(video)
            )
        except (BadRequest, BadChapters) as error:
            return JsonResponse({"error": str(error)}, status=400)
        cues = read_captions(read_text(video.captions)) if video.captions else []
        with transaction.atomic():
            save_chapters(video, plans, cues)
        if video.stage == pipeline.CLIPPED:
            remake_clips_in_background(video)
        return JsonResponse(
            {
                "message": _("チャプターを保存しました。レッスンの動画を切り直しています。"),
                "chapters": _chapters_data(video),
            }
        )
    analysis = video.analysis or {}
    preview = grants.granted_urls(video, request.user.pk)
    editor = {
        "duration": video.duration or 0,
        "chapters": _chapters_data(video),
        "points": recording_cut_points(video) if preview else [],
        "scenes": [scene[0] for scene in analysis.get("scenes", [])],
        "pauses": analysis.get("silences", []),
        "storyboard": preview.storyboard if preview else "",
    }
    title = _("チャプターの編集: %(title)s") % {"title": video.title}
    return TemplateResponse(
        request,
        "media_pipeline/timeline.html",
        {
            "video": video,
            "preview": preview,
            "editor": editor,
            "messages_for_script": timeline_messages(),
            "page_title": title,
            "header_title": title,
        },
    )


def caption_editor(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the caption editor. POST (JSON {cues}): store them as WebVTT and cut again."""
    video = _recording(request, pk)
    if request.method == "POST":
        refusal = _editable_refusal(video)
        if refusal:
            return JsonResponse({"error": refusal}, status=409)
        try:
            cues = checked_cues(_posted(request, "cues"))
        except (BadRequest, BadCaptions) as error:
            return JsonResponse({"error": str(error)}, status=400)
        pipeline.store_captions(video, cues)
        if video.stage == pipeline.CLIPPED:
            remake_clips_in_background(video)
        return JsonResponse(
            {"message": _("字幕を保存しました。"), "cues": [cue.as_dict() for cue in cues]}
        )
    title = _("字幕の編集: %(title)s") % {"title": video.title}
    return TemplateResponse(
        request,
        "media_pipeline/caption_editor.html",
        {
            "video": video,
            "preview": grants.granted_urls(video, request.user.pk),
            "editor": {"duration": video.duration or 0, "cues": video.transcript_cues()},
            "messages_for_script": caption_messages(),
            "page_title": title,
            "header_title": title,
        },
    )
