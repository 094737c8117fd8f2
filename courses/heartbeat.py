"""The player's beat, POST /api/v1/progress/: read from the request, answered as DESIGN.md says.

Two ways in, one set of rules: the `progress` view (Django's full stack, one beat at a time:
the development server, tests, a WSGI deployment, and whatever the fast lane hands down), and
the fast lane of the ASGI deployment (beat_lane.py), which records beats in batches.
"""

import json
import logging
from collections.abc import Callable
from functools import partial

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .access import ViewableLesson, lesson_facts, lesson_for_viewer
from .progress import InvalidBeat, parse_beat
from .recording import NOT_SIGNED_IN, BeatOutcome, BeatSubmission, record_beats

logger = logging.getLogger(__name__)

# A beat is a few hundred bytes; 200 segments stay far below this. Both ways in refuse a larger
# body before reading it, so that no request can make the server hold megabytes for a beat.
MAX_BEAT_BYTES = 64 * 1024
TOO_LARGE = gettext_lazy("本文が大きすぎます。")
UNREADABLE = gettext_lazy("本文を読み取れません。")
# What reading a hostile body can raise: a form with too many fields, a broken multipart body.
UNREADABLE_BODY_ERRORS = (SuspiciousOperation, MultiPartParserError, BadRequest)
NOT_RECORDED = gettext_lazy("一時的に記録できませんでした。少し待ってから送り直してください。")
RETRY_AFTER_FAILURE = 5


def declared_too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BEAT_BYTES
    except ValueError:
        return False


def beat_body(request: HttpRequest):
    """JSON from fetch(), or the `beat` field of the form navigator.sendBeacon() posts."""
    if request.content_type == "application/json":
        return json.loads(request.body)
    return json.loads(request.POST.get("beat", ""))


def beat_submission(
    request: HttpRequest,
    *,
    session_key: str = "",
    user=None,
    facts: Callable[[int], ViewableLesson | None] = lesson_facts,
) -> BeatSubmission | None:
    """The beat of this request, or the reason it is refused. None for a lesson with view
    restrictions when nobody is signed in yet: those need Django's full stack to check."""
    refused = partial(
        BeatSubmission,
        received_at=timezone.now(),
        session_key=session_key,
        user_id=user.pk if user is not None else None,
    )
    try:
        data = beat_body(request)
    except UNREADABLE_BODY_ERRORS:
        return refused(reason=str(UNREADABLE))
    # RecursionError: brackets nested deeper than Python's parser goes.
    except (ValueError, UnicodeDecodeError, RecursionError):
        return refused(reason=_("本文が JSON ではありません。"))
    if not isinstance(data, dict):
        return refused(reason=_("JSON のオブジェクトを送ってください。"))
    lesson_id = data.get("lesson")
    if isinstance(lesson_id, bool) or not isinstance(lesson_id, int):
        return refused(reason=_("lesson はレッスンの番号で指定してください。"))
    lesson = facts(lesson_id)
    if lesson is not None and lesson.restricted:
        if user is None:
            return None
        lesson = lesson_for_viewer(lesson_id, request)
    if lesson is None:
        return refused(reason=_("このレッスンは視聴できません。"))
    try:
        beat = parse_beat(data, lesson.duration)
    except InvalidBeat as reason:
        return refused(reason=str(reason))
    return refused(beat=beat, lesson=lesson)


def not_recorded() -> BeatOutcome:
    """The database failed: nothing was kept, and the player sends the beat again later."""
    logger.exception("beats could not be recorded")
    return BeatOutcome(503, error=NOT_RECORDED, retry_after=RETRY_AFTER_FAILURE)


def outcome_response(outcome: BeatOutcome) -> JsonResponse:
    if outcome.status == 200:
        return JsonResponse(outcome.answer)
    response = error(outcome.error, outcome.status)
    if outcome.retry_after:
        response["Retry-After"] = str(outcome.retry_after)
    return response


def error(message, status: int) -> JsonResponse:
    return JsonResponse({"error": str(message)}, status=status)


@login_not_required
@require_POST
def progress(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return error(NOT_SIGNED_IN, 403)
    if declared_too_large(request):
        return error(TOO_LARGE, 400)
    try:
        (outcome,) = record_beats([beat_submission(request, user=request.user)])
    except DatabaseError:
        outcome = not_recorded()
    return outcome_response(outcome)
