"""Video assets: an uploaded recording and what the pipeline derives from it.

A recording is processed once into an HLS ladder, a poster and a storyboard. Its chapters are cut
from the ladder's segments into clips: each clip is a VideoAsset of its own (kind 'clip', parent
the recording) whose playlists point at the recording's segments, so nothing is re-encoded.

What the player uses (all None or empty until the video is ready):
  master_playlist_url, poster_url, storyboard_url, captions_url, transcript_cues().
These URLs serve a file only with a grant for this video (grants.py) added to them.
"""

import posixpath
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .captions import Cue, read_captions
from .storage import read_text


class VideoAsset(ClusterableModel):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("アップロード済み")
        PROCESSING = "processing", _("処理中")
        READY = "ready", _("公開可能")
        FAILED = "failed", _("失敗")
        CANCELLED = "cancelled", _("取り消し")

    class Kind(models.TextChoices):
        RECORDING = "recording", _("録画")
        CLIP = "clip", _("クリップ")

    class ChapterMode(models.TextChoices):
        AUTO = "auto", _("自動で提案")
        NONE = "none", _("分けない（全体で1レッスン）")
        MANUAL = "manual", _("指定したチャプター")

    title = models.CharField(_("タイトル"), max_length=255)
    source = models.FileField(_("元の動画"), upload_to="sources/%Y/%m/", max_length=500, blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    duration = models.FloatField(_("長さ（秒）"), null=True, blank=True)
    width = models.PositiveIntegerField(_("幅"), null=True, blank=True)
    height = models.PositiveIntegerField(_("高さ"), null=True, blank=True)
    error = models.TextField(_("失敗の理由"), blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices, default=Kind.RECORDING)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="clips",
        verbose_name=_("元の録画"),
    )
    # Where a clip lies in its recording (seconds, on keyframes).
    clip_start = models.FloatField(_("クリップの開始"), null=True, blank=True)
    clip_end = models.FloatField(_("クリップの終了"), null=True, blank=True)
    chapter_mode = models.CharField(
        _("チャプター"), max_length=20, choices=ChapterMode.choices, default=ChapterMode.AUTO
    )
    # Opaque to the pipeline: who asked for this video (e.g. 'course:<slug>'); read by the
    # receivers of signals.clips_ready.
    destination = models.CharField(_("公開先"), max_length=255, blank=True)
    progress = models.FloatField(_("進み具合（%）"), default=0)
    stage = models.CharField(_("処理の段階"), max_length=40, blank=True)
    cancel_requested = models.BooleanField(_("取り消しの依頼"), default=False)
    demuxer = models.CharField(_("コンテナ形式"), max_length=40, blank=True)
    has_audio = models.BooleanField(_("音声あり"), default=True)
    # Storage key of the folder the published files are in (master.m3u8, poster.jpg...).
    output_prefix = models.CharField(_("出力先"), max_length=500, blank=True)
    poster = models.CharField(_("ポスター画像"), max_length=500, blank=True)
    storyboard = models.CharField(_("ストーリーボード"), max_length=500, blank=True)
    captions = models.CharField(_("字幕（WebVTT）"), max_length=500, blank=True)
    transcript = models.TextField(_("書き起こし"), blank=True)
    # Found while transcoding: {'scenes': [[t, score]], 'silences': [[start, end]]}.
    analysis = models.JSONField(_("解析結果"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("動画")
        verbose_name_plural = _("動画")

    def __str__(self) -> str:
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.UPLOADED, self.Status.PROCESSING}

    @property
    def is_stalled(self) -> bool:
        """Running, but nothing heard for a long time: its worker was lost with its message
        (possible with a broker that cannot redeliver), so the officer may start it again."""
        limit = timezone.now() - timedelta(minutes=settings.MEDIA_STALLED_MINUTES)
        return self.is_running and self.updated_at is not None and self.updated_at < limit

    def stream_url(self, key: str) -> str | None:
        """The authenticated URL a signed-in user plays the stored file `key` through."""
        if not key:
            return None
        return reverse("media_pipeline:stream", args=[key])

    def output_key(self, name: str) -> str:
        return posixpath.join(self.output_prefix, name)

    @property
    def master_playlist_key(self) -> str:
        return self.output_key("master.m3u8") if self.output_prefix else ""

    @property
    def master_playlist_url(self) -> str | None:
        """HLS master playlist (hls.js or native HLS); None until the video is ready."""
        return self.stream_url(self.master_playlist_key) if self.is_ready else None

    @property
    def poster_url(self) -> str | None:
        return self.stream_url(self.poster) if self.is_ready else None

    @property
    def storyboard_url(self) -> str | None:
        """WebVTT whose cues point at sprite-sheet regions (`sheet.jpg#xywh=x,y,w,h`)."""
        return self.stream_url(self.storyboard) if self.is_ready else None

    @property
    def captions_url(self) -> str | None:
        """Japanese captions as WebVTT, on this video's own timeline."""
        return self.stream_url(self.captions) if self.is_ready else None

    def caption_cues(self) -> list[Cue]:
        """The captions' cues, on this video's own timeline."""
        return read_captions(read_text(self.captions)) if self.captions else []

    def transcript_cues(self) -> list[dict]:
        """The captions as [{'start', 'end', 'text'}] (seconds), for an interactive transcript."""
        return [cue.as_dict() for cue in self.caption_cues()]


class Rendition(models.Model):
    video = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="renditions")
    name = models.CharField(_("名前"), max_length=20)
    width = models.PositiveIntegerField(_("幅"))
    height = models.PositiveIntegerField(_("高さ"))
    bandwidth = models.PositiveIntegerField(_("最大ビットレート"))
    codecs = models.CharField(_("コーデック"), max_length=100)
    playlist = models.CharField(_("プレイリスト"), max_length=500)

    class Meta:
        ordering = ["height"]
        verbose_name = _("レンディション")
        verbose_name_plural = _("レンディション")
        constraints = [
            models.UniqueConstraint(fields=["video", "name"], name="rendition_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.video_id} {self.name}"


class Chapter(models.Model):
    class Reason(models.TextChoices):
        START = "start", _("冒頭")
        SLIDE = "slide", _("スライドの切り替わり")
        PAUSE = "pause", _("話の区切り（無音）")
        SLIDE_AND_PAUSE = "slide+pause", _("スライドの切り替わりと無音")
        LENGTH = "length", _("長さの上限")
        MANUAL = "manual", _("担当者が指定")
        WHOLE = "whole", _("全体")

    recording = ParentalKey(VideoAsset, on_delete=models.CASCADE, related_name="chapters")
    index = models.PositiveIntegerField(_("番号"), default=0)
    title = models.CharField(_("タイトル"), max_length=255)
    start = models.FloatField(_("開始（秒）"))
    end = models.FloatField(_("終了（秒）"))
    reason = models.CharField(
        _("区切りの理由"), max_length=20, choices=Reason.choices, default=Reason.MANUAL
    )
    clip = models.OneToOneField(
        VideoAsset,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chapter",
        verbose_name=_("クリップ"),
    )

    class Meta:
        ordering = ["recording", "index", "start"]
        verbose_name = _("チャプター")
        verbose_name_plural = _("チャプター")

    def __str__(self) -> str:
        return f"{self.index}. {self.title}"

    def clean(self) -> None:
        if self.start is not None and self.start < 0:
            raise ValidationError({"start": _("開始は0秒以上にしてください。")})
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError({"end": _("終了は開始より後にしてください。")})
