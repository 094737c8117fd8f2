"""The catalogue: an index of courses, each course a sequence of micro-lessons."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from .search import searchable_text


def lesson_body_blocks() -> list:
    return [
        ("heading", blocks.CharBlock(label=_("見出し"), form_classname="title")),
        ("paragraph", blocks.RichTextBlock(label=_("本文"))),
        ("image", ImageChooserBlock(label=_("画像"))),
        (
            "note",
            blocks.StructBlock(
                [("title", blocks.CharBlock(label=_("題"))), ("text", blocks.TextBlock())],
                label=_("ポイント"),
            ),
        ),
    ]


def format_duration(seconds: int | float | None) -> str:
    """'12分30秒' style, as the catalogue shows lesson lengths."""
    seconds = int(seconds or 0)
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(h)d時間%(m)d分") % {"h": hours, "m": minutes}
    if minutes:
        return (
            _("%(m)d分%(s)d秒") % {"m": minutes, "s": rest}
            if rest
            else _("%(m)d分") % {"m": minutes}
        )
    return _("%(s)d秒") % {"s": rest}


class CourseIndexPage(Page):
    intro = RichTextField(_("紹介文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["courses.CoursePage"]
    search_fields = Page.search_fields + [index.SearchField("search_text")]

    class Meta:
        verbose_name = _("講座一覧")

    def courses(self):
        return CoursePage.objects.child_of(self).live().order_by("path")

    def search_text(self) -> str:
        return searchable_text(self.title, self.intro)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = self.courses()
        return context


class CoursePage(Page):
    summary = models.TextField(_("概要"), blank=True)
    audience = models.CharField(_("対象者"), max_length=200, blank=True)
    body = RichTextField(_("説明"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("body"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]
    search_fields = Page.search_fields + [index.SearchField("search_text")]

    class Meta:
        verbose_name = _("講座")

    def lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

    @property
    def total_duration(self) -> int:
        return sum(lesson.duration for lesson in self.lessons())

    @property
    def total_duration_display(self) -> str:
        return format_duration(self.total_duration)

    def search_text(self) -> str:
        return searchable_text(self.title, self.summary, self.audience, self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = self.lessons()
        return context


class LessonPage(Page):
    """One micro-lesson: a few minutes of a recorded workshop, with its text and its quiz."""

    summary = models.TextField(_("概要"), blank=True)
    duration = models.PositiveIntegerField(
        _("長さ（秒）"), default=0, help_text=_("動画の長さ。動画を付けると自動で設定されます。")
    )
    video = models.ForeignKey(
        "media_pipeline.VideoAsset",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("動画"),
    )
    body = StreamField(lesson_body_blocks(), blank=True, verbose_name=_("本文"))
    # The chapter this lesson was made from: a re-cut finds the lesson by it, never by position,
    # so its quizzes, ratings and viewing history stay with the content they were about.
    chapter = models.OneToOneField(
        "media_pipeline.Chapter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lesson",
        verbose_name=_("元のチャプター"),
    )
    # Set when a re-cut removed the lesson's chapter: unpublished and kept, never deleted.
    retired_at = models.DateTimeField(_("廃止日時"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("duration"),
        FieldPanel("video"),
        FieldPanel("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    search_fields = Page.search_fields + [
        index.SearchField("search_text"),
        index.FilterField("duration"),
    ]

    class Meta:
        verbose_name = _("レッスン")

    @property
    def course(self) -> "CoursePage | None":
        parent = self.get_parent()
        return parent.specific if parent else None

    @property
    def duration_display(self) -> str:
        return format_duration(self.duration)

    @property
    def lacks_captions(self) -> bool:
        """A video without captions (JIS X 8341-3, WCAG 2.1 1.2.2): flagged in the admin."""
        return bool(self.video_id and self.video and not self.video.captions)

    def get_admin_display_title(self) -> str:
        title = super().get_admin_display_title()
        if self.retired_at is not None:
            return _("%(title)s（廃止）") % {"title": title}
        if self.lacks_captions:
            return _("%(title)s（字幕なし）") % {"title": title}
        return title

    def extra_search_text(self) -> str:
        """Text other packages add to the lesson's index: the transcript of its video."""
        return self.video.transcript if self.video_id and self.video else ""

    def search_text(self) -> str:
        body_text = " ".join(str(block.value) for block in self.body)
        return searchable_text(self.title, self.summary, body_text, self.extra_search_text())


class LessonProgress(models.Model):
    """What one person has watched of one lesson: the basis of completion and resume."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="progress")
    # Merged, non-overlapping [start, end] intervals in seconds of the lesson's timeline.
    watched_intervals = models.JSONField(_("視聴区間"), default=list, blank=True)
    watched_seconds = models.FloatField(_("視聴秒数"), default=0)
    resume_at = models.FloatField(_("再開位置"), default=0)
    completed_at = models.DateTimeField(_("修了日時"), null=True, blank=True)
    # The beat that set resume_at: a later seq of the same session moves it, an earlier one not.
    resume_session = models.UUIDField(_("再開位置の視聴セッション"), null=True, blank=True)
    resume_seq = models.PositiveIntegerField(_("再開位置の通番"), default=0)
    started_at = models.DateTimeField(_("開始日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("視聴状況")
        verbose_name_plural = _("視聴状況")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lesson_progress_unique")
        ]
        indexes = [
            models.Index(fields=["lesson", "completed_at"]),
            models.Index(fields=["user", "-updated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.lesson_id} {self.watched_seconds:.0f}s"

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    @property
    def percent(self) -> int:
        duration = self.lesson.duration
        return min(100, round(100 * self.watched_seconds / duration)) if duration else 0

    @property
    def resume_display(self) -> str:
        minutes, seconds = divmod(int(self.resume_at), 60)
        return f"{minutes}:{seconds:02d}"

    @property
    def watched_display(self) -> str:
        return format_duration(self.watched_seconds)


class ViewingBeat(models.Model):
    """One heartbeat of the player, kept so that a repeated (session, seq) changes nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="viewing_beats"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="viewing_beats")
    session = models.UUIDField(_("視聴セッション"))
    seq = models.PositiveIntegerField(_("通番"))
    event = models.CharField(_("出来事"), max_length=20)
    segments = models.JSONField(_("再生区間"), default=list)
    position = models.FloatField(_("再生位置"))
    rate = models.FloatField(_("再生速度"), default=1)
    # Seconds this beat added to the person's unique watched seconds: the weekly minutes.
    new_seconds = models.FloatField(_("新たに視聴した秒数"), default=0)
    # What the server answered, given again to a repeat of this (session, seq).
    answer = models.JSONField(_("応答"), default=dict)
    received_at = models.DateTimeField(_("受信日時"), default=timezone.now)

    class Meta:
        verbose_name = _("視聴の記録")
        verbose_name_plural = _("視聴の記録")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "session", "seq"], name="viewing_beat_unique_seq"
            )
        ]
        indexes = [models.Index(fields=["user", "received_at"])]

    def __str__(self) -> str:
        return f"{self.session} #{self.seq} {self.event}"


class LearnerAccount(models.Model):
    """The opaque name that stands for a person in xAPI statements, never their e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_account"
    )
    name = models.UUIDField(_("xAPI の識別子"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("xAPI の学習者")
        verbose_name_plural = _("xAPI の学習者")

    def __str__(self) -> str:
        return str(self.name)


class XapiStatement(models.Model):
    """A viewing event as an xAPI Video Profile statement; forwarded to an LRS when one is set."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xapi_statements"
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.SET_NULL, null=True, related_name="xapi_statements"
    )
    verb = models.CharField(_("動詞"), max_length=200)
    timestamp = models.DateTimeField(_("発生日時"))
    # Set by the writer a microsecond apart, so statements of one beat keep their order.
    stored = models.DateTimeField(_("保存日時"), default=timezone.now, db_index=True)
    statement = models.JSONField(_("ステートメント"))
    # The outbox: statements not yet accepted by the external LRS.
    forwarded_at = models.DateTimeField(_("転送日時"), null=True, blank=True)
    forward_attempts = models.PositiveIntegerField(_("転送の試行回数"), default=0)
    forward_error = models.TextField(_("転送の失敗理由"), blank=True)
    # Which forwarding run is sending the statement, and since when: a run claims a batch in a
    # short transaction and sends it outside any; a claim older than the lease is taken again.
    forward_claim = models.UUIDField(_("転送中の実行"), null=True, blank=True)
    forward_claimed_at = models.DateTimeField(_("転送の開始日時"), null=True, blank=True)

    class Meta:
        ordering = ["stored", "timestamp"]
        verbose_name = _("xAPI ステートメント")
        verbose_name_plural = _("xAPI ステートメント")
        indexes = [models.Index(fields=["forwarded_at", "stored"])]

    def __str__(self) -> str:
        return f"{self.verb} {self.timestamp:%Y-%m-%d %H:%M}"
