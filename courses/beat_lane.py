"""The fast lane for the player's beats in the ASGI deployment (lms/asgi.py).

Every viewer's player posts a beat every ~15 s, so at 25,000 viewers this one URL is most of the
site's traffic. Through Django's whole middleware stack a beat cost two queries to sign the
person in and a transaction of its own. Here, in the event loop, a beat is read and its CSRF
token checked (by Django's own CSRF middleware), then it waits for the next batch: one thread
per process writes the beats that queued up while it wrote the previous batch (group commit),
signing the batch in and recording it in one transaction (recording.py). Under load batches grow
by themselves; a lone beat is a batch of one, with no timer.

Whatever the lane cannot settle goes on to Django unchanged: other URLs and methods, a lesson
with view restrictions, a sign-in Django itself must rotate or end (see session_users).
"""

import asyncio
import io
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.language import chosen_language

from .access import FactsNotCached, cached_lesson_facts, lesson_facts
from .heartbeat import (
    MAX_BEAT_BYTES,
    TOO_LARGE,
    UNREADABLE,
    UNREADABLE_BODY_ERRORS,
    beat_submission,
    error,
    not_recorded,
    outcome_response,
    progress,
)
from .recording import HAND_DOWN, NOT_SIGNED_IN, BeatOutcome, BeatSubmission, record_beats

logger = logging.getLogger(__name__)

MAX_BATCH = 500
CSRF_FAILED = _("確認用のトークンが合いません。ページを読み込み直してください。")


def write_batch(submissions: list[BeatSubmission]) -> list[BeatOutcome]:
    """In the writer thread, whose connection lives on from batch to batch (no request ends
    here to close it, whatever DATABASE_CONN_MAX_AGE says); one that an error broke is replaced."""
    if connection.errors_occurred:
        if connection.is_usable():
            connection.errors_occurred = False
        else:
            connection.close()
    return record_beats(submissions)


class BatchWriter:
    """Group commit for the event loop: write(items) -> results, in one thread, batch by batch.

    An exception from write is given to every beat of that batch.
    """

    def __init__(self, write: Callable[[list], list], max_batch: int = MAX_BATCH):
        self.write = write
        self.max_batch = max_batch
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="beat-writer")
        self.queue: list[tuple[object, asyncio.Future]] = []
        self.draining: asyncio.Task | None = None

    async def submit(self, item):
        future = asyncio.get_running_loop().create_future()
        self.queue.append((item, future))
        if self.draining is None:
            self.draining = asyncio.get_running_loop().create_task(self.drain())
        return await future

    async def run(self, function, *args):
        """Run a function in the writer thread, where database access belongs."""
        return await asyncio.get_running_loop().run_in_executor(self.thread, function, *args)

    async def drain(self) -> None:
        try:
            while self.queue:
                batch = self.queue[: self.max_batch]
                del self.queue[: self.max_batch]
                try:
                    results = await self.run(self.write, [item for item, _ in batch])
                except Exception as failure:  # noqa: BLE001 - each waiting beat answers it
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(failure)
                else:
                    for (_, future), result in zip(batch, results, strict=True):
                        if not future.done():
                            future.set_result(result)
        finally:
            self.draining = None


async def read_body(receive) -> bytes | None:
    """The request body, or None when it is larger than a beat can be."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BEAT_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def replay(body: bytes, receive):
    """A receive() that gives Django the body this lane already read, then the client's own."""
    sent = False

    async def again():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


async def send_response(send, response: HttpResponse | bytes) -> None:
    """A Django response, or the bytes of a recorded beat's JSON answer (most replies: built
    without an HttpResponse, which cost more than the rest of the reply)."""
    if isinstance(response, bytes):
        status, headers, content = 200, [(b"content-type", b"application/json")], response
    else:
        status, content = response.status_code, response.content
        headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in response.items()
        ]
    headers.append((b"content-length", str(len(content)).encode()))
    # Django's SecurityMiddleware is not on this path; its one header that matters for JSON.
    headers.append((b"x-content-type-options", b"nosniff"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


class BeatLane:
    """ASGI: POST /api/v1/progress/ is answered here; everything else goes to `django`."""

    def __init__(self, django):
        self.django = django
        self.writer = BatchWriter(write_batch)
        self.csrf = CsrfViewMiddleware(lambda request: None)
        self.path = None

    async def __call__(self, scope, receive, send) -> None:
        if self.path is None:
            self.path = reverse("progress_api")
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path:
            return await self.django(scope, receive, send)
        body = await read_body(receive)
        request = ASGIRequest(scope, io.BytesIO(body or b""))
        language = chosen_language(request)
        if language == settings.LANGUAGE_CODE:
            # Japanese is what the lane speaks unasked; switching costs more than the beat.
            response = await self.answer(request, body)
        else:
            with translation.override(language):
                response = await self.answer(request, body)
        if response is None:
            return await self.django(scope, replay(body, receive), send)
        await send_response(send, response)

    async def answer(self, request: ASGIRequest, body: bytes | None) -> HttpResponse | bytes | None:
        """The beat's answer, or None to hand the request to Django."""
        if body is None:
            return error(TOO_LARGE, 400)
        self.csrf.process_request(request)
        try:
            # The CSRF check reads a form body (a beacon's), and may find it hostile.
            if self.csrf.process_view(request, progress, (), {}) is not None:
                return error(CSRF_FAILED, 403)
        except UNREADABLE_BODY_ERRORS:
            return error(UNREADABLE, 400)
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not session_key:
            return error(NOT_SIGNED_IN, 403)
        read = partial(beat_submission, request, session_key=session_key, facts=cached_lesson_facts)
        try:
            submission = read()
        except FactsNotCached as missing:
            # The lesson's facts take a query: in the writer thread, never in the event loop.
            await self.writer.run(lesson_facts, *missing.args)
            try:
                submission = read()
            except FactsNotCached:
                return None
        if submission is None:
            return None
        try:
            outcome = await self.writer.submit(submission)
        except DatabaseError:
            outcome = not_recorded()
        if outcome is HAND_DOWN:
            return None
        if outcome.status == 200:
            return json.dumps(outcome.answer).encode()
        return outcome_response(outcome)
