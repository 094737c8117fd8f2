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
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .access import ViewableLesson
from .models import LearnerAccount, LessonPage, XapiStatement
from .progress import Beat, Interval, ProgressState, session_segments

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
    return len(built)


def stored_statements(since: datetime | None = None, until: datetime | None = None):
    """Statements in the order they were stored, with their `stored` time filled in."""
    rows = XapiStatement.objects.order_by("stored", "id")
    if since is not None:
        rows = rows.filter(stored__gte=since)
    if until is not None:
        rows = rows.filter(stored__lt=until)
    return rows


def as_xapi(row: XapiStatement) -> dict:
    return {**row.statement, "stored": row.stored.isoformat()}


def forward_pending(limit: int = FORWARD_BATCH) -> int:
    """Send statements not yet accepted to the external LRS; returns how many it accepted.

    A failure leaves them in the outbox with the reason; the next run sends them again. The
    statement ids are fixed, so an LRS that stored a batch whose answer was lost sees the same
    ids again rather than new records.
    """
    if not settings.XAPI_LRS_URL:
        return 0
    with transaction.atomic():
        batch = list(
            XapiStatement.objects.select_for_update(skip_locked=True)
            .filter(forwarded_at__isnull=True)
            .order_by("stored")[:limit]
        )
        if not batch:
            return 0
        try:
            post_statements([row.statement for row in batch])
        except (OSError, urllib.error.URLError) as error:
            XapiStatement.objects.filter(id__in=[row.id for row in batch]).update(
                forward_attempts=F("forward_attempts") + 1, forward_error=str(error)[:500]
            )
            return 0
        XapiStatement.objects.filter(id__in=[row.id for row in batch]).update(
            forwarded_at=timezone.now(), forward_error=""
        )
        return len(batch)


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
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status >= 300:
            raise OSError(f"LRS answered {response.status}")
