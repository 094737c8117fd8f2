"""The JSON API of viewing: the xAPI statements (DESIGN.md); the heartbeat is heartbeat.py."""

from datetime import datetime

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organisation import access

from .heartbeat import error
from .xapi_outbox import as_xapi, stored_statements
from .xapi_statements import XAPI_VERSION

MAX_STATEMENTS = 500


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(value)
    return parsed


@login_not_required
@require_GET
def xapi_statements(request: HttpRequest) -> JsonResponse:
    """An xAPI StatementResult, oldest first; `more` continues where this page ended."""
    try:
        scope = access.statement_scope(request.user)
    except PermissionDenied as denied:
        return error(str(denied), 403)
    try:
        since = parse_time(request.GET.get("since"))
        until = parse_time(request.GET.get("until"))
        limit = min(int(request.GET.get("limit") or MAX_STATEMENTS), MAX_STATEMENTS)
        offset = int(request.GET.get("offset") or 0)
        if limit < 1 or offset < 0:
            raise ValueError
    except ValueError:
        return error(
            _("since・until は ISO 8601 の日時、limit は正の整数で指定してください。"), 400
        )
    rows = stored_statements(since, until, scope.municipality)[offset : offset + limit + 1]
    rows = list(rows)
    more = ""
    if len(rows) > limit:
        query = {key: value for key, value in request.GET.items() if key != "offset"}
        query["offset"] = offset + limit
        more = f"{reverse('xapi_statements')}?{urlencode(query)}"
    response = JsonResponse({"statements": [as_xapi(row) for row in rows[:limit]], "more": more})
    response["X-Experience-API-Version"] = XAPI_VERSION
    return response
