"""Notices to people: on the site (お知らせ) and by mail, and each person's choice of what they
receive. Generic: the kinds of notice are registered by the apps that send them
(`notifications.kinds`); this app knows nobody's assignments or skills.

Every notice and every mail carries a key unique per person and occasion (e.g. "the due-date
reminder of assignment 12 due 2026-07-31"): the unique constraints make a second run of the same
occasion write nothing, so sending is idempotent whoever runs it and however often.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """A notice on the site (お知らせ), listed at /notices/ until read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("ユーザー"),
    )
    kind = models.CharField(_("種類"), max_length=50)
    key = models.CharField(_("キー"), max_length=200)
    title = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("本文"))
    # A path on this site (e.g. the course page); never an outside address.
    url = models.CharField(_("リンク"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)
    read_at = models.DateTimeField(_("既読日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notice_once_per_occasion")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_unread")]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """One person's choice for one kind of notice; no row means the kind's default (both on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_preferences",
        verbose_name=_("ユーザー"),
    )
    kind = models.CharField(_("種類"), max_length=50)
    by_mail = models.BooleanField(_("メールで受け取る"), default=True)
    on_site = models.BooleanField(_("サイトで受け取る"), default=True)

    class Meta:
        verbose_name = _("通知の設定")
        verbose_name_plural = _("通知の設定")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"


class Delivery(models.Model):
    """One mail to one person for one occasion: the outbox and its record.

    pending → sending (claimed by one run, in batches) → sent, or failed. A row left in sending
    by a crashed run is settled by the next run (`notifications.delivery`): the one mail that was
    with the server when it crashed is marked failed and never sent again; the rest of its batch
    goes back to pending.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("送信待ち")
        SENDING = "sending", _("送信中")
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信失敗")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("ユーザー"),
    )
    kind = models.CharField(_("種類"), max_length=50)
    key = models.CharField(_("キー"), max_length=200)
    to = models.EmailField(_("宛先"))
    subject = models.CharField(_("件名"), max_length=300)
    body = models.TextField(_("本文"))
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    # A server that said "try later" (4xx): not before this moment.
    retry_after = models.DateTimeField(_("再送予定"), null=True, blank=True)
    batch = models.UUIDField(_("バッチ"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("送信開始日時"), null=True, blank=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)
    error = models.CharField(_("エラー"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("メール送信")
        verbose_name_plural = _("メール送信")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="delivery_once_per_occasion"),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(batch__isnull=False, claimed_at__isnull=False),
                name="delivery_sending_has_batch",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "retry_after"], name="delivery_outbox"),
            models.Index(fields=["key"], name="delivery_key"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
