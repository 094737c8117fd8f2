"""Viewing as xAPI 1.0.3 statements in the xAPI Video Profile, kept here and optionally forwarded.

The actor is an account on the platform's home page named by an opaque UUID (LearnerAccount),
never an e-mail address, so records can leave the platform without personal data.
"""

import base64
import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from common.bulk import insert_objects

from .access import ViewableLesson
from .models import LearnerAccount, LessonPage, ViewingBeat, XapiStatement
from .progress import Beat, Interval, ProgressState, merge_intervals

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
STATEMENT_FIELDS = [
    "id",
    "user",
    "lesson",
    "verb",
    "timestamp",
    "stored",
    "statement",
    "forward_attempts",
    "forward_error",
]
FORWARD_BATCH = 100
FORWARD_EVERY = 10


@dataclass(frozen=True)
class Viewing:
    """A beat recorded for the first time, with what it did to the person's progress."""

    user_id: int
    lesson: "LessonPage | ViewableLesson"
    beat: Beat
    state: ProgressState


def agent(account_name: uuid.UUID) -> dict:
    return {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_URL, "name": str(account_name)},
    }


def learner_accounts(user_ids: set[int]) -> dict[int, uuid.UUID]:
    """Each person's opaque xAPI name, made the first time they appear in a statement."""
    names = dict(LearnerAccount.objects.filter(user_id__in=user_ids).values_list("user_id", "name"))
    missing = user_ids - names.keys()
    if missing:
        LearnerAccount.objects.bulk_create(
            [LearnerAccount(user_id=user_id) for user_id in sorted(missing)],
            ignore_conflicts=True,
        )
        names.update(
            LearnerAccount.objects.filter(user_id__in=missing).values_list("user_id", "name")
        )
    return names


def sessions_played(keys: set[tuple[int, uuid.UUID]]) -> dict[tuple[int, uuid.UUID], list]:
    """What each (user, viewing session) played so far, merged: the xAPI played-segments."""
    played: dict[tuple[int, uuid.UUID], list] = {key: [] for key in keys}
    rows = ViewingBeat.objects.filter(
        user_id__in={user for user, _ in keys}, session__in={session for _, session in keys}
    ).values_list("user_id", "session", "segments")
    for user, session, segments in rows:
        if (user, session) in played:
            played[(user, session)].extend(segments)
    return {key: merge_intervals(segments) for key, segments in played.items()}


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


def makes_statements(viewing: Viewing) -> bool:
    beat, state = viewing.beat, viewing.state
    return beat.event in EVENT_VERBS or state.newly_completed or beat.seq == 1


def record_statements(viewings: list[Viewing], now: datetime) -> int:
    """Keep the statements of newly recorded beats (after their beats); returns how many."""
    viewings = [viewing for viewing in viewings if makes_statements(viewing)]
    if not viewings:
        return 0
    names = learner_accounts({viewing.user_id for viewing in viewings})
    played = sessions_played(
        {
            (viewing.user_id, viewing.beat.session)
            for viewing in viewings
            if viewing.beat.event in ("pause", "ended", "hidden") or viewing.state.newly_completed
        }
    )
    rows = []
    for viewing in viewings:
        user_id, beat = viewing.user_id, viewing.beat
        built = statements_for_beat(
            beat,
            viewing.state,
            agent(names[user_id]),
            activity_for(viewing.lesson),
            played.get((user_id, beat.session), []),
            now,
        )
        first = len(rows)
        rows.extend(
            XapiStatement(
                id=uuid.UUID(body["id"]),
                user_id=user_id,
                lesson_id=viewing.lesson.id,
                verb=VERBS[verb],
                timestamp=now,
                # A microsecond apart, so the statements of a batch keep their order.
                stored=now + timedelta(microseconds=first + order),
                statement=body,
            )
            for order, (verb, body) in enumerate(built)
        )
    insert_objects(XapiStatement, rows, STATEMENT_FIELDS)
    schedule_forwarding()
    return len(rows)


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
