"""Facilitators' private notes about a client (never shown to the member), lock and amend, and
the summaries a facilitator sends, which the member keeps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innerchild.care import access, assignment_queries
from innerchild.care.actions import notes as actions
from innerchild.care.forms.notes import AmendmentForm, NoteForm, SummaryForm, section_labels
from innerchild.care.models import Booking, Note, NoteTemplate
from innerchild.core import dates


def _bookings(link) -> dict[str, Booking]:
    rows = (
        Booking.objects.for_facilitator(link.facilitator)
        .filter(attendees=link.member)
        .order_by("-starts_at")[:50]
    )
    return {str(booking.id): booking for booking in rows}


def _booking_choices(bookings: dict[str, Booking]) -> list[tuple[str, str]]:
    return [(key, dates.shown(booking.starts_at)) for key, booking in bookings.items()]


def _shown(note: Note) -> dict:
    data = note.section_data
    return {
        "note": note,
        "sections": [(label, data.get(key, "")) for key, label in section_labels(note.template)],
    }


@require_GET
@login_required
def notes(request: HttpRequest, link_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    rows = list(Note.objects.filter(link=link).select_related("booking").order_by("-created_at"))
    amendments: dict = {}
    for note in rows:
        if note.amends_id:
            amendments.setdefault(note.amends_id, []).append(_shown(note))
    shown = []
    for note in rows:
        if not note.amends_id:
            item = _shown(note)
            item["amendments"] = sorted(
                amendments.get(note.id, []), key=lambda a: a["note"].created_at
            )
            shown.append(item)
    return render(
        request,
        "care/notes/list.html",
        {"link": link, "client": link.member, "notes": shown, "templates": NoteTemplate},
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def new_note(request: HttpRequest, link_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    bookings = _bookings(link)
    template = request.POST.get("template") or request.GET.get("template") or NoteTemplate.FREE
    context = {"link": link, "client": link.member, "templates": NoteTemplate}
    if request.method == "GET":
        booking = request.GET.get("booking", "")
        form = NoteForm(
            template=template,
            bookings=_booking_choices(bookings),
            initial={"booking": booking if booking in bookings else ""},
        )
        return render(request, "care/notes/edit.html", {**context, "form": form})
    form = NoteForm(request.POST, template=template, bookings=_booking_choices(bookings))
    if not form.is_valid():
        return render(request, "care/notes/edit.html", {**context, "form": form}, status=422)
    note = actions.do_create_note(
        link,
        template=form.template,
        sections=form.cleaned_data["sections"],
        booking=bookings.get(form.cleaned_data["booking"]),
    )
    messages.success(request, _("Note saved. Only you can read it."))
    return redirect("care:note", link.id, note.id)


@require_GET
@login_required
def note_detail(request: HttpRequest, link_id, note_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    note = access.client_note_for(link, note_id)
    amendments = [_shown(a) for a in note.amendments.order_by("created_at")]
    return render(
        request,
        "care/notes/detail.html",
        {"link": link, "client": link.member, **_shown(note), "amendments": amendments},
    )


def _locked_refusal(request, link, note, typed: str) -> HttpResponse:
    """Locked meanwhile (another tab, another device): nothing is changed and nothing typed is
    lost; the words are offered as an amendment instead."""
    form = AmendmentForm(initial={"body": typed})
    messages.error(
        request,
        _("This note is locked and cannot be changed. You can add what you wrote as an amendment."),
    )
    return render(
        request,
        "care/notes/amend.html",
        {"link": link, "client": link.member, "form": form, **_shown(note)},
        status=409,
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def edit_note(request: HttpRequest, link_id, note_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    note = access.client_note_for(link, note_id)
    bookings = _bookings(link)
    context = {"link": link, "client": link.member, "note": note}
    if request.method == "GET":
        if note.is_locked:
            messages.info(request, _("This note is locked. Add an amendment to correct it."))
            return redirect("care:note_amend", link.id, note.id)
        data = note.section_data
        initial = {f"section_{key}": data.get(key, "") for key, _l in section_labels(note.template)}
        initial["booking"] = str(note.booking_id or "")
        form = NoteForm(
            template=note.template, bookings=_booking_choices(bookings), initial=initial
        )
        return render(request, "care/notes/edit.html", {**context, "form": form})
    if note.is_locked:
        typed = "\n\n".join(
            request.POST.get(f"section_{key}", "").strip()
            for key, _l in section_labels(note.template)
            if request.POST.get(f"section_{key}", "").strip()
        )
        return _locked_refusal(request, link, note, typed)
    form = NoteForm(request.POST, template=note.template, bookings=_booking_choices(bookings))
    if not form.is_valid():
        return render(request, "care/notes/edit.html", {**context, "form": form}, status=422)
    try:
        actions.do_update_note(
            note,
            sections=form.cleaned_data["sections"],
            booking=bookings.get(form.cleaned_data["booking"]),
        )
    except actions.NoteLocked:
        typed = "\n\n".join(v for v in form.cleaned_data["sections"].values() if v)
        return _locked_refusal(request, link, note, typed)
    messages.success(request, _("Note saved."))
    return redirect("care:note", link.id, note.id)


@require_POST
@login_required
def lock_note(request: HttpRequest, link_id, note_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    note = access.client_note_for(link, note_id)
    actions.do_lock_note(note)
    messages.success(request, _("Note locked. Corrections from now on are amendments."))
    return redirect("care:note", link.id, note.id)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def amend_note(request: HttpRequest, link_id, note_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    note = access.client_note_for(link, note_id)
    if note.amends_id:
        # Amendments belong to the original note: a correction of one is another amendment.
        return redirect("care:note_amend", link.id, note.amends_id)
    if not note.is_locked:
        messages.info(request, _("This note is not locked yet: you can still edit it."))
        return redirect("care:note_edit", link.id, note.id)
    context = {"link": link, "client": link.member, **_shown(note)}
    if request.method == "GET":
        return render(request, "care/notes/amend.html", {**context, "form": AmendmentForm()})
    form = AmendmentForm(request.POST)
    if not form.is_valid():
        return render(request, "care/notes/amend.html", {**context, "form": form}, status=422)
    actions.do_amend_note(note, body=form.cleaned_data["body"].strip())
    messages.success(request, _("Amendment added."))
    return redirect("care:note", link.id, note.id)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def new_summary(request: HttpRequest, link_id) -> HttpResponse:
    link = access.client_link_for(request.user, link_id)
    bookings = _bookings(link)
    context = {"link": link, "client": link.member}
    if request.method == "GET":
        booking = request.GET.get("booking", "")
        form = SummaryForm(
            bookings=_booking_choices(bookings),
            initial={"booking": booking if booking in bookings else ""},
        )
        return render(request, "care/notes/summary_new.html", {**context, "form": form})
    form = SummaryForm(request.POST, bookings=_booking_choices(bookings))
    if not form.is_valid():
        return render(request, "care/notes/summary_new.html", {**context, "form": form}, status=422)
    actions.do_send_summary(
        request.user,
        link.member,
        body=form.cleaned_data["body"].strip(),
        booking=bookings.get(form.cleaned_data["booking"]),
    )
    messages.success(request, _("Summary sent to %(name)s.") % {"name": link.member.display_name})
    return redirect("care:notes", link.id)


@require_GET
@login_required
def my_summaries(request: HttpRequest) -> HttpResponse:
    if request.user.is_facilitator:
        raise Http404
    return render(
        request,
        "care/notes/my_summaries.html",
        {"summaries": assignment_queries.summaries_for_member(request.user)},
    )


@require_GET
@login_required
def my_summary(request: HttpRequest, summary_id) -> HttpResponse:
    summary = access.member_summary_for(request.user, summary_id)
    return render(request, "care/notes/my_summary.html", {"summary": summary})


client_path = "clients/<uuid:link_id>/"
note_path = client_path + "notes/<uuid:note_id>/"
urlpatterns = [
    path(client_path + "notes/", notes, name="notes"),
    path(client_path + "notes/new/", new_note, name="note_new"),
    path(note_path, note_detail, name="note"),
    path(note_path + "edit/", edit_note, name="note_edit"),
    path(note_path + "lock/", lock_note, name="note_lock"),
    path(note_path + "amend/", amend_note, name="note_amend"),
    path(client_path + "summaries/new/", new_summary, name="summary_new"),
    path("summaries/", my_summaries, name="my_summaries"),
    path("summaries/<uuid:summary_id>/", my_summary, name="my_summary"),
]
