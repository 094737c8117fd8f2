"""Video assets: an uploaded recording and what the pipeline derives from it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VideoAsset(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("アップロード済み")
        PROCESSING = "processing", _("処理中")
        READY = "ready", _("公開可能")
        FAILED = "failed", _("失敗")

    title = models.CharField(_("タイトル"), max_length=255)
    source = models.FileField(_("元の動画"), upload_to="sources/%Y/%m/", max_length=500)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    duration = models.FloatField(_("長さ（秒）"), null=True, blank=True)
    width = models.PositiveIntegerField(_("幅"), null=True, blank=True)
    height = models.PositiveIntegerField(_("高さ"), null=True, blank=True)
    error = models.TextField(_("失敗の理由"), blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("動画")
        verbose_name_plural = _("動画")

    def __str__(self) -> str:
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY
