"""HR's roster page: upload, preview, confirm; and the roster download. Thin: see importing.py."""

import os

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from import_export.tmp_storages import TempFolderStorage

from common.spreadsheets import CONTENT_TYPES
from organisation import access, audit

from .admin_import import RosterFile, StaffRosterResource
from .export import ExportError, export_roster
from .forms import RosterUploadForm
from .importing import describe

TOKEN_SALT = "lms.roster.import"
# A preview may be confirmed within this many seconds; the file waits in the temp folder.
TOKEN_MAX_AGE = 3600


def roster_page(
    request: HttpRequest, form: RosterUploadForm, status: int = 200, **context
) -> HttpResponse:
    scope = access.people_scope(request.user)
    return render(
        request,
        "lms/roster.html",
        {"form": form, "scope_name": scope.label, **context},
        status=status,
    )


def preview(request: HttpRequest, data: bytes, full: bool, file_name: str):
    dataset = RosterFile().create_dataset(data)
    return StaffRosterResource().import_data(
        dataset, dry_run=True, user=request.user, full=full, file_name=file_name
    )


def roster_home(request: HttpRequest) -> HttpResponse:
    """The page, and on POST the dry-run preview of an uploaded roster."""
    if not access.may_use_roster(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return roster_page(request, RosterUploadForm())
    access.roster_scope(request.user, "import")
    form = RosterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return roster_page(request, form, status=400)
    upload = form.cleaned_data["roster_file"]
    data = b"".join(upload.chunks())
    full = form.cleaned_data["full"]
    result = preview(request, data, full, upload.name)
    plan = result.roster_plan
    token = None
    if not plan.errors:
        storage = TempFolderStorage(read_mode="rb")
        storage.save(data)
        token = signing.dumps(
            {
                "file": os.path.basename(storage.name),
                "name": upload.name,
                "full": full,
                "user": request.user.pk,
            },
            salt=TOKEN_SALT,
        )
    return roster_page(
        request,
        form,
        plan=plan,
        token=token,
        file_name=upload.name,
        full=full,
        status=400 if plan.errors else 200,
    )


@require_POST
def roster_confirm(request: HttpRequest) -> HttpResponse:
    """Write the previewed roster, checked again against the data as it is now."""
    access.roster_scope(request.user, "import")
    try:
        ticket = signing.loads(
            request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        messages.error(request, _("確認の期限が切れました。もう一度アップロードしてください。"))
        return redirect("roster_home")
    if ticket["user"] != request.user.pk:
        raise PermissionDenied
    storage = TempFolderStorage(name=ticket["file"], read_mode="rb")
    try:
        data = storage.read()
    except FileNotFoundError:
        messages.error(request, _("確認の期限が切れました。もう一度アップロードしてください。"))
        return redirect("roster_home")
    dataset = RosterFile().create_dataset(data)
    result = StaffRosterResource().import_data(
        dataset, dry_run=False, user=request.user, full=ticket["full"], file_name=ticket["name"]
    )
    plan = result.roster_plan
    if plan.errors:
        return roster_page(
            request, RosterUploadForm(), plan=plan, file_name=ticket["name"], status=409
        )
    storage.remove()
    messages.success(
        request, _("名簿を取り込みました: %(counts)s") % {"counts": describe(plan.summary())}
    )
    return redirect("roster_home")


@require_GET
def roster_download(request: HttpRequest) -> HttpResponse:
    """The staff of the analyst's municipalities as XLSX or CSV; every download is logged."""
    scope = access.roster_scope(request.user, "export")
    file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    encoding = "cp932" if request.GET.get("encoding") == "cp932" else "utf-8"
    try:
        data, count = export_roster(
            file_format, encoding=encoding, municipality_ids=scope.municipality_ids
        )
    except ExportError as error:
        messages.error(request, str(error))
        return redirect("roster_home")
    audit.record(
        request.user,
        "roster.export",
        "all" if scope.everywhere else scope.municipality.code,
        format=file_format,
        encoding=encoding,
        rows=count,
        via="roster_download",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    kind = "csv-cp932" if file_format == "csv" and encoding == "cp932" else file_format
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="roster-{stamp}.{file_format}"'
    return response
