"""Viewing as xAPI 1.0.3 statements in the xAPI Video Profile, kept here and optionally forwarded.

The actor is an account on the platform's home page named by an opaque UUID (LearnerAccount),
never an e-mail address, so records can leave the platform without personal data.
"""

import base64
import json
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .access import ViewableLesson
from .models import LearnerAccount, LessonPage, XapiStatement
from .progress import Beat, Interval, ProgressState, record_beat, session_segments

VIDEO = "https://w3id.org/xapi/video"
EXT = f"{VIDEO}/extensions/"
VERBS = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "played": f"{VIDEO}/verbs/played",
    "paused": f"{VIDEO}/verbs/paused",
    "seeked": f"{VIDEO}/verbs/seeked",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
}
# The player's events and the statement each one is; heartbeats only carry watched time.
EVENT_VERBS = {
    "play": "played",
    "pause": "paused",
    "ended": "paused",
    "seeked": "seeked",
    "hidden": "terminated",
}
XAPI_VERSION = "1.0.3"
FORWARD_BATCH = 100
FORWARD_EVERY = 10


def actor_for(user) -> dict:
    account, _ = LearnerAccount.objects.get_or_create(user=user)
    return {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_URL, "name": str(account.name)},
    }


def activity_for(lesson: "LessonPage | ViewableLesson") -> dict:
    return {
        "objectType": "Activity",
        "id": f"{settings.SITE_URL.rstrip('/')}/xapi/activities/lesson/{lesson.id}",
        "definition": {
            "type": f"{VIDEO}/activity-type/video",
            "name": {"ja-JP": lesson.title},
        },
    }


def played_segments_text(segments: list[Interval]) -> str:
    """The profile's notation: '0[.]12.5[,]30[.]45'."""
    return "[,]".join(f"{round(start, 3)}[.]{round(end, 3)}" for start, end in segments)


def statement(
    verb: str,
    actor: dict,
    activity: dict,
    session: uuid.UUID,
    timestamp: datetime,
    *,
    result_extensions: dict | None = None,
    context_extensions: dict | None = None,
    completion: bool | None = None,
) -> dict:
    """One statement of the Video Profile; extension names are given without their prefix."""
    body = {
        "id": str(uuid.uuid4()),
        "actor": actor,
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": activity,
        "context": {
            "contextActivities": {
                "category": [
                    {
                        "id": VIDEO,
                        "definition": {"type": "http://adlnet.gov/expapi/activities/profile"},
                    }
                ]
            },
            "extensions": {
                EXT + "session-id": str(session),
                **{EXT + key: value for key, value in (context_extensions or {}).items()},
            },
        },
        "timestamp": timestamp.isoformat(),
        "version": XAPI_VERSION,
    }
    if result_extensions is not None or completion is not None:
        body["result"] = {}
        if result_extensions is not None:
            body["result"]["extensions"] = {
                EXT + key: value for key, value in result_extensions.items()
            }
        if completion is not None:
            body["result"]["completion"] = completion
    return body


def statements_for_beat(
    beat: Beat,
    state: ProgressState,
    actor: dict,
    activity: dict,
    segments: list[Interval],
    timestamp: datetime,
) -> list[tuple[str, dict]]:
    """The statements one beat stands for, in the order they happened."""
    length = {"length": round(beat.duration, 3)}
    browsing = {**length, "completion-threshold": settings.LESSON_COMPLETION_RATIO}
    time = round(beat.position, 3)
    progress = round(state.progress, 4)
    played = played_segments_text(segments)
    common = (actor, activity, beat.session, timestamp)
    out = []
    if beat.seq == 1:
        out.append(("initialized", statement("initialized", *common, context_extensions=browsing)))
    verb = EVENT_VERBS.get(beat.event)
    if verb == "played":
        out.append((verb, statement(verb, *common, result_extensions={"time": time})))
    elif verb == "seeked":
        time_from = beat.seeked_from
        if time_from is None:
            time_from = beat.segments[-1][1] if beat.segments else time
        out.append(
            (
                verb,
                statement(
                    verb,
                    *common,
                    result_extensions={"time-from": round(time_from, 3), "time-to": time},
                ),
            )
        )
    extensions = {"time": time, "progress": progress}
    if played:
        extensions["played-segments"] = played
    if state.newly_completed:
        out.append(
            (
                "completed",
                statement(
                    "completed",
                    *common,
                    result_extensions=extensions,
                    context_extensions=browsing,
                    completion=True,
                ),
            )
        )
    if verb in ("paused", "terminated"):
        out.append(
            (
                verb,
                statement(verb, *common, result_extensions=extensions, context_extensions=browsing),
            )
        )
    return out


def record_statements(user, lesson: "ViewableLesson", beat: Beat, state: ProgressState) -> int:
    """Keep the statements of one (not repeated) beat; returns how many."""
    if state.duplicate or (
        beat.event not in EVENT_VERBS and not state.newly_completed and beat.seq != 1
    ):
        return 0
    segments = (
        session_segments(user, beat.session)
        if beat.event in ("pause", "ended", "hidden") or state.newly_completed
        else []
    )
    now = timezone.now()
    built = statements_for_beat(beat, state, actor_for(user), activity_for(lesson), segments, now)
    XapiStatement.objects.bulk_create(
        [
            XapiStatement(
                id=uuid.UUID(body["id"]),
                user=user,
                lesson_id=lesson.id,
                verb=VERBS[verb],
                timestamp=now,
                stored=now + timedelta(microseconds=order),
                statement=body,
            )
            for order, (verb, body) in enumerate(built)
        ]
    )
    schedule_forwarding()
    return len(built)


def record_viewing(user, lesson: "ViewableLesson", beat: Beat) -> ProgressState:
    """A beat's progress and its statements are kept together or not at all."""
    with transaction.atomic():
        state = record_beat(user, lesson.id, beat)
        record_statements(user, lesson, beat, state)
    return state


def stored_statements(
    since: datetime | None = None, until: datetime | None = None, municipality=None
):
    """Statements in the order they were stored; only one municipality's staff if given."""
    rows = XapiStatement.objects.order_by("stored", "id")
    if municipality is not None:
        rows = rows.filter(user__staff_profile__municipality=municipality)
    if since is not None:
        rows = rows.filter(stored__gte=since)
    if until is not None:
        rows = rows.filter(stored__lt=until)
    return rows


def as_xapi(row: XapiStatement) -> dict:
    return {**row.statement, "stored": row.stored.isoformat()}


def forward_pending(batch_size: int = FORWARD_BATCH) -> int:
    """Send every statement not yet accepted to the external LRS; returns how many it accepted.

    A failure leaves the rest in the outbox with the reason, for the next run. Statement ids are
    fixed, so a batch stored by the LRS whose answer was lost comes back as 409 Conflict; then
    each statement is sent alone and a conflict means the LRS already holds it.
    """
    if not settings.XAPI_LRS_URL:
        return 0
    accepted = 0
    while True:
        failure = None
        with transaction.atomic():
            batch = list(
                XapiStatement.objects.select_for_update(skip_locked=True)
                .filter(forwarded_at__isnull=True)
                .order_by("stored")[:batch_size]
            )
            if not batch:
                return accepted
            ids = [row.id for row in batch]
            try:
                send_batch([row.statement for row in batch])
            except (OSError, ValueError) as error:
                failure = error
            else:
                XapiStatement.objects.filter(id__in=ids).update(
                    forwarded_at=timezone.now(), forward_error=""
                )
                accepted += len(batch)
        if failure is not None:
            XapiStatement.objects.filter(id__in=ids).update(
                forward_attempts=F("forward_attempts") + 1, forward_error=str(failure)[:500]
            )
            raise ForwardingFailed(str(failure)) from failure


class ForwardingFailed(RuntimeError):
    """The LRS could not be reached or refused the statements; they stay in the outbox."""


def send_batch(statements: list[dict]) -> None:
    try:
        post_statements(statements)
    except urllib.error.HTTPError as error:
        if error.code != 409:
            raise
        for one in statements:
            try:
                post_statements([one])
            except urllib.error.HTTPError as single:
                if single.code != 409:
                    raise


def post_statements(statements: list[dict]) -> None:
    request = urllib.request.Request(
        settings.XAPI_LRS_URL,
        data=json.dumps(statements).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION},
    )
    if settings.XAPI_LRS_USERNAME:
        token = base64.b64encode(
            f"{settings.XAPI_LRS_USERNAME}:{settings.XAPI_LRS_PASSWORD}".encode()
        ).decode()
        request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=10):
        pass


def schedule_forwarding() -> None:
    """Ask a worker to drain the outbox soon; at most one request every few seconds."""
    if not settings.XAPI_LRS_URL or not cache.add("xapi-forward-scheduled", 1, FORWARD_EVERY):
        return
    from .tasks import forward_xapi_statements

    transaction.on_commit(forward_xapi_statements.delay)
