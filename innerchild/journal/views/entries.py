from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innerchild.core import dates
from innerchild.core.dashboard import personal_fragment, personal_value
from innerchild.journal import actions, prompting, saved_searches, search, vocab
from innerchild.journal.access import get_entry_for
from innerchild.journal.forms import DialogueForm, EntryForm, SearchForm, TriggerForm
from innerchild.journal.models import MAX_BODY_CHARS, Entry, Kind
from innerchild.journal.presenting import entry_list_html, present_entry
from innerchild.journal.views.common import draft_initial, page_number, saved_response

PAGE_SIZE = search.PAGE_SIZE
MAX_DRAFT_CHARS = 2 * MAX_BODY_CHARS
FILTERS = ("date_from", "date_to", "emotion", "sign", "kind", "tag")
NEW_SLOTS = {
    f"new:{k}" for k in (Kind.ENTRY, Kind.LETTER_TO, Kind.LETTER_FROM, Kind.DIALOGUE, Kind.TRIGGER)
}


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    # Only picked filters are read from the address; typed words come from the saved search.
    data = {name: request.GET[name] for name in SearchForm.FILTER_FIELDS if request.GET.get(name)}
    forgotten = False
    token = request.GET.get("search", "")
    if token:
        words = saved_searches.recall(request, token)
        forgotten = words is None
        data.update(words or {})
    return _index_page(request, SearchForm(data or None), forgotten=forgotten)


@sensitive_post_parameters()
@require_POST
@login_required
def search_journal(request: HttpRequest) -> HttpResponse:
    """The search form posts here, so the words never become part of an address."""
    form = SearchForm(request.POST)
    if not form.is_valid():
        return _index_page(request, form)
    params = form.filter_params()
    words = form.free_text()
    if words:
        params["search"] = saved_searches.remember(request, words)
    url = reverse("journal:index")
    return redirect(f"{url}?{urlencode(params)}" if params else url)


@lru_cache(maxsize=8)
def _blank_search_fields(language: str) -> str:
    """The empty search form's fields, the same for everyone in `language`: rendered once per
    process instead of on every visit to the journal (they list every feeling and sign)."""
    return render_to_string("journal/_search_fields.html", {"form": SearchForm()})


def _index_page(request: HttpRequest, form: SearchForm, *, forgotten: bool = False):
    invalid = form.is_bound and not form.is_valid()
    query = form.to_query() if form.is_bound and not invalid else search.Query()
    page = page_number(request.GET.get("page"))
    # Page links repeat the picked filters and the saved search's id, never the words.
    params = {
        name: request.GET[name]
        for name in (*SearchForm.FILTER_FIELDS, "search")
        if request.GET.get(name) and request.method == "GET"
    }
    context = {"entries": [], "searching": not query.is_empty, "page": page}

    def entry_section() -> str:
        rows: list[Entry] = []
        if not invalid:
            start = (page - 1) * PAGE_SIZE
            rows = list(search.search_entries(request.user, query)[start : start + PAGE_SIZE + 1])
        context["entries"] = [present_entry(e, summary=True) for e in rows[:PAGE_SIZE]]
        return render_to_string(
            "journal/_entry_section.html",
            {
                **context,
                "entries_html": entry_list_html(context["entries"]),
                "next_page": page + 1 if len(rows) > PAGE_SIZE else None,
                "previous_page": page - 1 if page > 1 else None,
                "query_string": urlencode(params),
            },
        )

    def today_prompt() -> str:
        prompt = prompting.prompt_for_today(request.user)
        return render_to_string(
            "journal/_today_prompt.html",
            {"prompt": prompt, "prompt_url": prompting.prompt_url(prompt)},
        )

    fields_html = None if form.is_bound else _blank_search_fields(get_language())
    if invalid or request.method != "GET":
        entries_section_html = entry_section()
    else:
        if form.is_bound:  # the person's own search: its fields, with their words, kept too
            fields_html = personal_fragment(
                request,
                f"journal-search-fields:{urlencode(sorted(params.items()))}:{forgotten}",
                lambda: render_to_string("journal/_search_fields.html", {"form": form}),
            )
        # The pages read the most history and change only when the person writes: kept
        # rendered, encrypted, until then (core.dashboard.personal_fragment). A search is
        # named by its saved search's id and its filters, never by its words.
        entries_section_html = personal_fragment(
            request,
            f"journal-list:{urlencode(sorted(params.items()))}:{page}:{forgotten}",
            entry_section,
        )
    return render(
        request,
        "journal/index.html",
        {
            **context,
            "form": form,
            "blank_fields": fields_html,
            "filtering": any(form.data.get(name) for name in FILTERS) or invalid,
            "forgotten": forgotten,
            "ignored_words": query.ignored_words,
            "prompt_html": personal_fragment(request, "journal-prompt", today_prompt),
            "entries_section_html": mark_safe(entries_section_html),
        },
        status=422 if invalid else 200,
    )


def _form_page(request, *, template, form, entry=None, slot, draft=None, status=200, **extra):
    return render(
        request,
        template,
        {
            "form": form,
            "entry": entry,
            "draft_slot": slot,
            "draft": draft,
            "autosave_url": reverse("journal:save_draft"),
            **extra,
        },
        status=status,
    )


FORMATS = {
    Kind.DIALOGUE: (DialogueForm, "journal/dialogue_form.html"),
    Kind.TRIGGER: (TriggerForm, "journal/trigger_form.html"),
}


def _form_for(kind: str):
    return FORMATS.get(kind, (EntryForm, "journal/entry_form.html"))


def _new(request: HttpRequest, kind: str) -> HttpResponse:
    form_class, template = _form_for(kind)
    slot = f"new:{kind}"
    prompt = vocab.prompt_index().get(
        request.GET.get("prompt", "") or request.POST.get("prompt_id", "")
    )
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = form.to_data()
            if prompt and not data.prompt_id:
                data.prompt_id = prompt.id
            entry = actions.do_create_entry(request.user, data)
            if request.POST.get("draft_slot") in NEW_SLOTS:
                # The format may have changed since the draft began; its draft is done too.
                actions.do_discard_draft(request.user, request.POST["draft_slot"])
            messages.success(request, _("Saved."))
            return saved_response(request, entry)
        return _form_page(
            request, template=template, form=form, slot=slot, prompt=prompt, status=422
        )
    initial, draft = draft_initial(request.user, slot)
    initial = initial or {"kind": kind}
    if prompt:
        initial["prompt_id"] = prompt.id
    form = form_class(initial=initial)
    if draft and kind == Kind.DIALOGUE:
        form = form_class(
            initial=initial, turn_count=len([k for k in initial if k.startswith("turn_")])
        )
    return _form_page(request, template=template, form=form, slot=slot, draft=draft, prompt=prompt)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def new_entry(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or request.POST.get("kind") or Kind.ENTRY
    if kind not in (Kind.ENTRY, Kind.LETTER_TO, Kind.LETTER_FROM):
        kind = Kind.ENTRY
    return _new(request, kind)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def new_dialogue(request: HttpRequest) -> HttpResponse:
    return _new(request, Kind.DIALOGUE)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def new_trigger(request: HttpRequest) -> HttpResponse:
    return _new(request, Kind.TRIGGER)


@require_GET
@login_required
def entry_detail(request: HttpRequest, entry_id) -> HttpResponse:
    entry = get_entry_for(request.user, entry_id)

    def body() -> dict:
        shown = present_entry(entry)
        html = render_to_string("journal/_entry_body.html", {"entry": shown})
        return {"title": str(shown.title), "html": html}

    # Kept rendered (encrypted) until the person changes something: the words, their rendering
    # and what the screener and the insights make of them do not change in between.
    kept = personal_value(request, f"journal-entry:{entry.id}", body)
    return render(
        request,
        "journal/entry.html",
        {"title": kept["title"], "body_html": mark_safe(kept["html"])},
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def edit_entry(request: HttpRequest, entry_id) -> HttpResponse:
    entry = get_entry_for(request.user, entry_id)
    form_class, template = _form_for(entry.kind)
    slot = f"edit:{entry.id}"
    kwargs = {}
    if form_class is EntryForm and entry.kind == Kind.SESSION:
        kwargs = {"allow_session": True}
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            data = form.to_data()
            entry = actions.do_update_entry(entry, data)
            messages.success(request, _("Saved."))
            return saved_response(request, entry)
        return _form_page(request, template=template, form=form, entry=entry, slot=slot, status=422)
    initial, draft = draft_initial(request.user, slot)
    if form_class is DialogueForm:
        saved_initial, count = DialogueForm.initial_for(entry)
        if initial:
            count = max(count, len([k for k in initial if k.startswith("turn_")]))
        form = DialogueForm(initial=initial or saved_initial, turn_count=count)
    else:
        form = form_class(initial=initial or form_class.initial_for(entry), **kwargs)
    return _form_page(request, template=template, form=form, entry=entry, slot=slot, draft=draft)


@require_http_methods(["GET", "POST"])
@login_required
def delete_entry(request: HttpRequest, entry_id) -> HttpResponse:
    entry = get_entry_for(request.user, entry_id)
    if request.method == "POST":
        actions.do_delete_entry(entry)
        messages.success(request, _("The entry was deleted."))
        return redirect("journal:index")
    return render(
        request, "journal/confirm_delete.html", {"entry": present_entry(entry, summary=True)}
    )


def _slot_for(request: HttpRequest) -> str:
    slot = request.POST.get("draft_slot", "")
    if slot in NEW_SLOTS:
        return slot
    if slot.startswith("edit:"):
        entry = get_entry_for(request.user, slot.removeprefix("edit:"))
        return f"edit:{entry.id}"
    return ""


@sensitive_post_parameters()
@require_POST
@login_required
def save_draft(request: HttpRequest) -> HttpResponse:
    slot = _slot_for(request)
    if not slot:
        return JsonResponse({"error": _("Unknown form.")}, status=422)
    payload = {
        key: request.POST.getlist(key)
        for key in request.POST
        if key not in {"csrfmiddlewaretoken", "draft_slot"}
    }
    if sum(len(v) for values in payload.values() for v in values) > MAX_DRAFT_CHARS:
        message = _("This draft is too long to autosave: the limit is %(limit)s characters.")
        return JsonResponse({"error": message % {"limit": f"{MAX_DRAFT_CHARS:,}"}}, status=413)
    draft = actions.do_save_draft(request.user, slot, payload)
    saved_at = dates.shown(draft.updated_at, "time")
    return JsonResponse(
        {"saved_at": saved_at, "message": _("Draft saved at %(time)s.") % {"time": saved_at}}
    )


@require_POST
@login_required
def discard_draft(request: HttpRequest) -> HttpResponse:
    slot = _slot_for(request)
    if slot:
        actions.do_discard_draft(request.user, slot)
    messages.success(request, _("The draft was discarded."))
    if slot.startswith("edit:"):
        return redirect("journal:edit", slot.removeprefix("edit:"))
    kind = slot.removeprefix("new:")
    if kind == Kind.DIALOGUE:
        return redirect("journal:new_dialogue")
    if kind == Kind.TRIGGER:
        return redirect("journal:new_trigger")
    return redirect(reverse("journal:new") + (f"?kind={kind}" if kind else ""))
