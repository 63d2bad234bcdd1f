"""Turning a decrypted entry into what templates and the JSON API show."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from innerchild.core import dates
from innerchild.core.signs import get_sign
from innerchild.journal import insights, search, vocab
from innerchild.journal.models import Entry, Kind, Voice
from innerchild.journal.rendering import plain_text, render_markdown
from innerchild.safety import api as safety_api

EXCERPT_CHARS = 220


def trigger_labels() -> list[tuple[str, str]]:
    return [
        ("situation", _("What happened")),
        ("reaction", _("How I reacted")),
        ("body_sensations", _("In my body")),
        ("felt_age", _("How old I felt")),
        ("memory", _("The memory it echoes")),
        ("tell_younger_self", _("What I would tell my younger self")),
        ("differently", _("What I did, or will do, differently")),
    ]


def emotion_label(emotion_id: str) -> str:
    found = vocab.feeling_index().get(emotion_id)
    return found[0].label if found else ""


def sign_titles(sign_ids) -> list[str]:
    titles = []
    for sign_id in sign_ids:
        try:
            titles.append(get_sign(sign_id).short)
        except KeyError:
            continue
    return titles


def gentle_insights(entry: Entry, families: list[str] | None = None) -> list[str]:
    """Soft sentences about the figures; never a verdict. `families` read afresh from the text
    replace the stored ones, so older entries benefit when the reading improves."""
    notes = []
    if entry.valence is not None:
        if entry.valence <= -0.5:
            notes.append(
                _("The words here lean heavy. That is allowed; thank you for writing them.")
            )
        elif entry.valence >= 0.5:
            notes.append(_("The words here lean light and warm."))
        else:
            notes.append(_("The words here are mixed or fairly even in tone."))
    family_labels = {f.id: f.label for f in vocab.families()}
    if families is None:
        families = entry.insight_families
    families = [family_labels[f] for f in families if f in family_labels]
    if families:
        notes.append(_("Feelings named in the text: %(list)s.") % {"list": ", ".join(families)})
    if entry.criticism_markers and entry.compassion_markers:
        notes.append(_("You spoke to yourself both harshly and kindly here."))
    elif entry.criticism_markers:
        notes.append(
            _("Some phrases sound like the inner critic. Would you say them to a child you love?")
        )
    elif entry.compassion_markers:
        notes.append(_("You spoke to yourself with kindness here."))
    signs = sign_titles(entry.insight_signs)
    if signs:
        notes.append(_("The text may touch: %(list)s.") % {"list": ", ".join(signs)})
    return notes


@dataclass
class PresentedEntry:
    entry: Entry
    kind_label: str
    tags: list[str]
    signs: list[str]
    emotion: str
    excerpt: str = ""
    body_html: str = ""
    turns: list[dict] = field(default_factory=list)
    trigger_fields: list[tuple[str, str]] = field(default_factory=list)
    need_label: str = ""
    insights: list[str] = field(default_factory=list)
    # The safety screener's reading of the words: when it is worried, the insights offer
    # support instead of a guess about tone, so they never contradict the crisis screen.
    support_url: str = ""
    non_dominant_hand: bool = False
    prompt_text: str = ""

    @property
    def id(self):
        return self.entry.id

    @property
    def title(self) -> str:
        return self.entry.display_title

    def get_absolute_url(self) -> str:
        return self.entry.get_absolute_url()


def excerpt_of(entry: Entry) -> str:
    if entry.kind == Kind.DIALOGUE:
        text = " / ".join(t.get("text", "") for t in entry.turns[:3])
    elif entry.kind == Kind.TRIGGER:
        text = entry.detail_data.get("situation", "")
    else:
        # Entries are Markdown: an excerpt shows their words, not their marks.
        text = plain_text(entry.body)
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def present_entry(entry: Entry, *, summary: bool = False) -> PresentedEntry:
    presented = PresentedEntry(
        entry=entry,
        kind_label=str(Kind(entry.kind).label),
        tags=entry.tag_list,
        signs=sign_titles(entry.sign_list),
        emotion=emotion_label(entry.emotion),
        need_label=vocab.need_label(entry.need) if entry.need else "",
    )
    if summary:
        presented.excerpt = excerpt_of(entry)
        return presented
    presented.body_html = render_markdown(entry.body) if entry.body else ""
    voices = {Voice.NOW.value: str(Voice.NOW.label), Voice.LITTLE.value: str(Voice.LITTLE.label)}
    presented.turns = [
        {"voice": t["voice"], "label": voices.get(t["voice"], ""), "text": t["text"]}
        for t in entry.turns
    ]
    presented.non_dominant_hand = bool(entry.detail_data.get("non_dominant_hand"))
    if entry.kind == Kind.TRIGGER:
        details = entry.detail_data
        presented.trigger_fields = [
            (label, details[name]) for name, label in trigger_labels() if details.get(name)
        ]
    text = search.searchable_text(entry)
    level = safety_api.screen_text(text, language=entry.insight_language or None).level
    if level in ("watch", "urgent"):
        presented.support_url = safety_api.crisis_url(next_url=entry.get_absolute_url())
    else:
        families = insights.felt_families(text[: insights.MAX_ANALYSED_CHARS])
        presented.insights = gentle_insights(entry, families)
    prompt = vocab.prompt_index().get(entry.prompt_id)
    presented.prompt_text = prompt.text if prompt else ""
    return presented


def entry_list_html(items: list[PresentedEntry]) -> SafeString:
    """The journal list's items, written in Python: through a template they took a third of the
    journal page's time (20 items, a dozen template nodes each). Same markup as before."""
    parts = []
    # One reverse() for the whole list, not one per item.
    placeholder = uuid.UUID(int=0)
    url_pattern = reverse("journal:entry", args=[placeholder])
    for item in items:
        url = url_pattern.replace(str(placeholder), str(item.entry.id))
        emotion = f" · {conditional_escape(item.emotion)}" if item.emotion else ""
        excerpt = f"\n  <p>{conditional_escape(item.excerpt)}</p>" if item.excerpt else ""
        tags = ""
        if item.tags:
            tags = "\n  <p>{}</p>".format(
                "".join(f'<span class="tag">{conditional_escape(tag)}</span>' for tag in item.tags)
            )
        parts.append(
            '<li class="entry-item">\n'
            f'  <h3><a href="{conditional_escape(url)}">'
            f"{conditional_escape(item.title)}</a></h3>\n"
            f'  <p class="muted"><span>{conditional_escape(item.kind_label)}</span> · '
            f"{dates.shown_html(item.entry.created_at)}"
            f"{emotion}</p>{excerpt}{tags}\n</li>"
        )
    # Every value above went through conditional_escape; the dates are formatted digits and words.
    return mark_safe("\n".join(parts))
