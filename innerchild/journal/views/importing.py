"""Importing a journal export from the data page: upload, check, then import at once or, for a
large file, by a worker while the person watches its progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from innerchild.journal import importing
from innerchild.journal.access import get_import_for
from innerchild.journal.forms import ImportForm
from innerchild.journal.models import ImportUpload

RECENT_IMPORTS = 5


def _page(request: HttpRequest, form: ImportForm, status: int = 200) -> HttpResponse:
    recent = ImportUpload.objects.filter(owner=request.user).defer("content")[:RECENT_IMPORTS]
    return render(
        request,
        "journal/import.html",
        {"form_context": {"form": form, **upload_context()}, "recent": recent},
        status=status,
    )


def upload_context() -> dict:
    limit = importing.upload_limit()
    return {
        "import_max_bytes": limit,
        "import_limit": filesizeformat(limit),
        "import_too_large": importing.too_large_message(),
    }


@sensitive_post_parameters()
@sensitive_variables()
@require_http_methods(["GET", "POST"])
@login_required
def import_journal(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, ImportForm())
    limit = importing.upload_limit()
    # Django drops a file larger than it keeps in memory without a word, so the size is read
    # from the request first (the multipart envelope adds a little).
    too_big = int(request.META.get("CONTENT_LENGTH") or 0) > limit + 64 * 1024
    form = ImportForm(request.POST, request.FILES)
    if too_big:
        form.is_valid()
        form.errors.clear()
        form.add_error("file", importing.too_large_message())
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > limit:
            form.add_error("file", importing.too_large_message())
        else:
            try:
                record = importing.receive_upload(request.user, upload.name, upload.read())
            except importing.ImportProblem as exc:
                form.add_error(
                    "file",
                    _("This file cannot be imported, so nothing was imported. %(problem)s")
                    % {"problem": exc},
                )
            else:
                return redirect("journal:import_result", upload_id=record.id)
    return _page(request, form, status=422)


@require_GET
@login_required
def import_result(request: HttpRequest, upload_id) -> HttpResponse:
    upload = get_import_for(request.user, upload_id)
    return render(
        request, "journal/import_result.html", {"upload": upload, "report": upload.report_data}
    )
