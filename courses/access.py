"""Who may see a lesson: its page, its media, its quizzes and its beats all ask here.

A person may view a lesson that is published and whose view restrictions (its own and its
course's) let them in; an officer who may edit the lesson may also preview it, drafts included.
Beats are recorded only for published lessons the person may view.

The player asks on every beat, so the few facts needed are cached for a short while and dropped
when a page is published, unpublished or deleted; a view restriction added in the admin takes
effect within FACTS_SECONDS.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from wagtail.models import Page

from media_pipeline import grants

from .models import LessonPage

FACTS_SECONDS = 30
MEMO_SECONDS = 1.0
_memo: dict[int, tuple[float, "ViewableLesson | None"]] = {}


@dataclass(frozen=True)
class ViewableLesson:
    id: int
    title: str
    duration: float
    restricted: bool


def facts_key(lesson_id: int) -> str:
    return f"lesson-facts:{lesson_id}"


class FactsNotCached(LookupError):
    """The lesson's facts are not in the cache: looking them up takes a query."""


def cached_lesson_facts(lesson_id: int) -> ViewableLesson | None:
    """The facts from the cache only (no query), or FactsNotCached.

    The beat lane asks this thousands of times a second for the same few lessons, so what the
    cache said is kept in the process for MEMO_SECONDS, out of reach of the cache's lock (which
    the beat writer holds for its rate limits).
    """
    now = time.monotonic()
    memo = _memo.get(lesson_id)
    if memo is not None and now - memo[0] < MEMO_SECONDS:
        return memo[1]
    cached = cache.get(facts_key(lesson_id))
    if cached is None:
        raise FactsNotCached(lesson_id)
    facts = ViewableLesson(*cached) if cached else None
    _memo[lesson_id] = (now, facts)
    return facts


def lesson_facts(lesson_id: int) -> ViewableLesson | None:
    try:
        return cached_lesson_facts(lesson_id)
    except FactsNotCached:
        pass
    lesson = LessonPage.objects.live().filter(id=lesson_id).select_related("video").first()
    facts = None
    if lesson is not None:
        from .progress import lesson_duration

        facts = ViewableLesson(
            id=lesson.id,
            title=lesson.title,
            duration=lesson_duration(lesson),
            restricted=bool(lesson.get_view_restrictions()),
        )
    cache.set(
        facts_key(lesson_id),
        (facts.id, facts.title, facts.duration, facts.restricted) if facts else (),
        FACTS_SECONDS,
    )
    return facts


def lesson_for_viewer(lesson_id: int, request: HttpRequest) -> ViewableLesson | None:
    facts = lesson_facts(lesson_id)
    if facts is None or not facts.restricted:
        return facts
    lesson = LessonPage.objects.live().filter(id=lesson_id).first()
    if lesson is None or not restrictions_let_in(request, lesson):
        return None
    return facts


def restrictions_let_in(request: HttpRequest, page: Page) -> bool:
    return all(r.accept_request(request) for r in page.get_view_restrictions())


def may_preview(request: HttpRequest, page: Page) -> bool:
    """An officer who may edit the page may see it as it will be, published or not."""
    user = request.user
    return user.is_authenticated and page.permissions_for_user(user).can_edit()


def may_view(request: HttpRequest, page: Page) -> bool:
    """May this person see the lesson (or course) `page`: its text, media and quizzes."""
    if page.live and restrictions_let_in(request, page):
        return True
    return may_preview(request, page)


def media_for(request: HttpRequest, lesson: LessonPage) -> grants.GrantedUrls | None:
    """The URLs of the lesson's video, granted to this person alone; None if they may not view it
    or there is nothing to play yet."""
    video = lesson.video if lesson.video_id else None
    if video is None or not request.user.is_authenticated or not may_view(request, lesson):
        return None
    return grants.granted_urls(video, request.user.pk)


def forget_lesson_facts(sender=None, instance=None, **kwargs) -> None:
    """Signal receiver: a page changed, so its cached facts may be wrong."""
    if instance is not None:
        cache.delete(facts_key(instance.pk))
        _memo.pop(instance.pk, None)
