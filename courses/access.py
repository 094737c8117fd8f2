"""Which lessons a person may watch: published ones whose view restrictions let them in.

The player asks on every beat, so the few facts needed are cached for a short while and dropped
when a page is published, unpublished or deleted; a view restriction added in the admin takes
effect within FACTS_SECONDS.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

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
    if lesson is None:
        return None
    for restriction in lesson.get_view_restrictions():
        if not restriction.accept_request(request):
            return None
    return facts


def forget_lesson_facts(sender=None, instance=None, **kwargs) -> None:
    """Signal receiver: a page changed, so its cached facts may be wrong."""
    if instance is not None:
        cache.delete(facts_key(instance.pk))
        _memo.pop(instance.pk, None)
