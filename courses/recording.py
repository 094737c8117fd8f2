"""Recording the player's beats: a batch at a time, signed in, checked and written together.

A beat is the most frequent request of the site (every viewer, every ~15 s), so the beats that
arrive together are recorded together (beat_lane.py): the batch's sign-in cookies are checked in
two queries, its progress rows locked and its beats written in one transaction, and each beat
gets its own answer. Every rule of one beat (progress.py) is applied in arrival order, so a batch
answers exactly what the same beats sent one by one would. The `progress` view records one beat
as a batch of one.
"""

import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.bulk import bound_cursor, execute, insert_objects, members, update_many
from organisation.signin import session_settled

from .access import ViewableLesson
from .events import lessons_started
from .models import LessonProgress, ViewingBeat
from .progress import Beat, ProgressState, apply_beat
from .throttle import seconds_until_allowed
from .xapi_outbox import record_statements
from .xapi_statements import Viewing

DB_SESSIONS = "django.contrib.sessions.backends.db"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# A deadlock between two processes' batches (or SQLite's busy writer) is retried this often.
ATTEMPTS = 3
PROGRESS_FIELDS = [
    "watched_intervals",
    "watched_seconds",
    "resume_at",
    "completed_at",
    "resume_session",
    "resume_seq",
    "updated_at",
]
BEAT_FIELDS = [
    "user",
    "lesson",
    "session",
    "seq",
    "event",
    "segments",
    "position",
    "rate",
    "new_seconds",
    "answer",
    "received_at",
]
NOT_SIGNED_IN = _("ログインしてください。")
TOO_MANY = _("送信が多すぎます。しばらく待ってから送ってください。")


@dataclass(frozen=True)
class BeatSubmission:
    """One POST of the player: its beat, or the reason it was refused before the batch."""

    received_at: datetime
    beat: Beat | None = None
    lesson: ViewableLesson | None = None
    # Why the body was refused, already in the sender's language.
    reason: str | None = None
    # The sign-in cookie, checked with the batch; or whom the full Django stack signed in.
    session_key: str = ""
    user_id: int | None = None


@dataclass(frozen=True)
class BeatOutcome:
    status: int
    answer: dict | None = None
    # A lazy message, so that it is rendered in the sender's language, not the leader's.
    error: Promise | str | None = None
    retry_after: int | None = None


class _Undecided:
    """A sign-in the fast check cannot settle (another backend, a rotated secret key)."""


UNDECIDED = _Undecided()
# The request must go through Django's own sign-in (session middleware, auth) instead.
HAND_DOWN = BeatOutcome(status=0)


def session_users(session_keys: set[str]) -> dict[str, object]:
    """Each sign-in cookie's user id, None when nobody is signed in with it, or UNDECIDED.

    The same rules as django.contrib.auth.get_user, for the database session store and the
    model backend: a live session, an active user, and the session's password hash; and those
    of organisation/signin.py: not idle too long, no one-time code owed.
    Anything else is left to Django itself (UNDECIDED), which may also rotate or end the
    session, with the cookie that goes with it. Plain SQL: this runs for every batch, and
    building the two queries with the ORM cost more than running them.
    """
    if not session_keys:
        return {}
    if settings.SESSION_ENGINE != DB_SESSIONS:
        return dict.fromkeys(session_keys, UNDECIDED)
    keys, key_params = members("session_key", sorted(session_keys))
    with bound_cursor() as cursor:
        execute(
            cursor,
            f"SELECT session_key, session_data FROM {Session._meta.db_table} "
            f"WHERE {keys} AND expire_date > %s",
            [*key_params, connection.ops.adapt_datetimefield_value(timezone.now())],
        )
        rows = cursor.fetchall()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    sessions = {key: store.decode(data) for key, data in rows}
    User = get_user_model()
    user_ids = {}
    for key, data in sessions.items():
        try:
            user_ids[key] = User._meta.pk.to_python(data[SESSION_KEY])
        except (KeyError, ValidationError):
            continue
    users = {}
    if user_ids:
        ids, id_params = members(User._meta.pk.column, sorted(set(user_ids.values())))
        users = {
            user.pk: user
            for user in User.objects.raw(
                f"SELECT {User._meta.pk.column}, password, is_active FROM "
                f"{User._meta.db_table} WHERE {ids}",
                id_params,
            )
        }
    found: dict[str, object] = dict.fromkeys(session_keys)
    now = time.time()
    for key, user_id in user_ids.items():
        data = sessions[key]
        backend = data.get(BACKEND_SESSION_KEY)
        if backend != MODEL_BACKEND or backend not in settings.AUTHENTICATION_BACKENDS:
            found[key] = UNDECIDED
            continue
        user = users.get(user_id)
        if user is None or not user.is_active:
            continue
        if constant_time_compare(
            data.get(HASH_SESSION_KEY) or "", user.get_session_auth_hash()
        ) and session_settled(data, now):
            found[key] = user.pk
        else:
            found[key] = UNDECIDED
    return found


def refusal(submission: BeatSubmission, user_id) -> BeatOutcome | None:
    """Why this submission is not recorded, in the order the API promises; None to record it."""
    if user_id is UNDECIDED:
        return HAND_DOWN
    if user_id is None:
        return BeatOutcome(403, error=NOT_SIGNED_IN)
    wait = seconds_until_allowed(user_id)
    if wait:
        return BeatOutcome(429, error=TOO_MANY, retry_after=wait)
    if submission.reason is not None:
        return BeatOutcome(400, error=submission.reason)
    return None


def record_beats(submissions: list[BeatSubmission]) -> list[BeatOutcome]:
    """One outcome per submission, in order; the accepted beats written in one transaction."""
    users = session_users({s.session_key for s in submissions if s.user_id is None})
    outcomes: list[BeatOutcome | None] = []
    accepted = []
    for index, submission in enumerate(submissions):
        user_id = submission.user_id or users.get(submission.session_key)
        outcome = refusal(submission, user_id)
        outcomes.append(outcome)
        if outcome is None:
            accepted.append((index, user_id, submission))
    if accepted:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                states = write_viewing(accepted)
                break
            except OperationalError:
                if attempt == ATTEMPTS:
                    raise
        for (index, _user, _submission), state in zip(accepted, states, strict=True):
            outcomes[index] = BeatOutcome(200, answer=state.as_json())
    return outcomes


def locked_progress(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], LessonProgress]:
    """The (user, lesson) progress rows, created where missing, locked until the commit."""
    table = LessonProgress._meta.db_table
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""

    def fetch() -> dict:
        users, user_params = members("user_id", sorted({user for user, _ in pairs}))
        lessons, lesson_params = members("lesson_id", sorted({lesson for _, lesson in pairs}))
        rows = LessonProgress.objects.raw(
            f"SELECT * FROM {table} WHERE {users} AND {lessons} ORDER BY user_id, lesson_id{lock}",
            [*user_params, *lesson_params],
        )
        return {(row.user_id, row.lesson_id): row for row in rows}

    found = fetch()
    missing = sorted(pairs - found.keys())
    if missing:
        LessonProgress.objects.bulk_create(
            [LessonProgress(user_id=user, lesson_id=lesson) for user, lesson in missing],
            ignore_conflicts=True,
        )
        found = fetch()
        lessons_started.send(LessonProgress, pairs=missing)
    return found


def earlier_answers(keys: set[tuple[int, uuid.UUID, int]]) -> dict:
    """What was answered to beats already recorded, by (user, session, seq).

    Compared in the database's own form of a session id (a uuid, or hex text in SQLite), so no
    row has to become a model instance: most batches find none.
    """
    session_field = ViewingBeat._meta.get_field("session")
    stored = {
        (user, session_field.get_db_prep_value(session, connection), seq): (user, session, seq)
        for user, session, seq in keys
    }
    users, user_params = members("user_id", sorted({user for user, _, _ in stored}))
    sessions, session_params = members("session", sorted({session for _, session, _ in stored}))
    seqs, seq_params = members("seq", sorted({seq for _, _, seq in stored}))
    with bound_cursor() as cursor:
        execute(
            cursor,
            f"SELECT user_id, session, seq, answer FROM {ViewingBeat._meta.db_table} "
            f"WHERE {users} AND {sessions} AND {seqs}",
            [*user_params, *session_params, *seq_params],
        )
        rows = cursor.fetchall()
    return {
        stored[(user, session, seq)]: json.loads(answer)
        for user, session, seq, answer in rows
        if (user, session, seq) in stored
    }


def write_viewing(accepted: list[tuple[int, object, BeatSubmission]]) -> list[ProgressState]:
    """Progress, beats and xAPI statements of a batch: all written, or none."""
    now = timezone.now()
    with transaction.atomic():
        progress = locked_progress({(user, s.lesson.id) for _, user, s in accepted})
        answers = earlier_answers({(user, s.beat.session, s.beat.seq) for _, user, s in accepted})
        states, beats, changed, viewings = [], [], {}, []
        for _index, user, submission in accepted:
            beat = submission.beat
            key = (user, beat.session, beat.seq)
            if key in answers:
                states.append(ProgressState(**answers[key], duplicate=True))
                continue
            row = progress[(user, submission.lesson.id)]
            state = apply_beat(row, beat, now)
            answers[key] = state.as_json()
            changed[row.pk] = row
            states.append(state)
            viewings.append(Viewing(user, submission.lesson, beat, state))
            beats.append(
                ViewingBeat(
                    user_id=user,
                    lesson_id=submission.lesson.id,
                    session=beat.session,
                    seq=beat.seq,
                    event=beat.event,
                    segments=beat.segments,
                    position=beat.position,
                    rate=beat.rate,
                    new_seconds=state.new_seconds,
                    answer=answers[key],
                    received_at=submission.received_at,
                )
            )
        insert_objects(ViewingBeat, beats, BEAT_FIELDS)
        update_many(LessonProgress, list(changed.values()), PROGRESS_FIELDS)
        for viewing in viewings:
            if viewing.state.newly_completed:
                # Written in bulk, so the save is announced here: skills turns it into evidence.
                row = progress[(viewing.user_id, viewing.lesson.id)]
                post_save.send(
                    LessonProgress,
                    instance=row,
                    created=False,
                    update_fields=None,
                    raw=False,
                    using=connection.alias,
                )
        record_statements(viewings, now)
    return states
