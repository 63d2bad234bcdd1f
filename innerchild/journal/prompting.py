"""The prompt for today: follows the person's strongest signs, avoids repeats, stable for a day.

Deterministic: the same person, day, strongest signs and history give the same prompt, so the
dashboard and the journal agree. A new self-check that changes the strongest signs gives a new
prompt the same day (and never the one already offered today).
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from innerchild.assessments import api as assessments_api
from innerchild.journal import vocab
from innerchild.journal.models import PromptShown

STAGE_STEP = 6  # prompts used before the suggestions lean to the next stage


def _rank(user_id, day: date, prompt_id: str) -> str:
    return hashlib.sha256(f"{user_id}:{day.isoformat()}:{prompt_id}".encode()).hexdigest()


def choose_prompt(
    user_id, day: date, strongest: list[str], history: dict[str, date], used_count: int
) -> vocab.Prompt:
    """Pure choice: `history` maps prompt id -> last day shown; fewer repeats win."""
    all_prompts = vocab.prompts()
    focus = strongest[day.toordinal() % len(strongest)] if strongest else None
    stage = vocab.STAGES[min(used_count // STAGE_STEP, len(vocab.STAGES) - 1)]

    def key(prompt: vocab.Prompt):
        shown = history.get(prompt.id)
        return (
            shown == day,  # never repeat today's
            shown is not None,  # unseen first
            shown or date.min,  # then the longest ago
            0 if focus is None or focus in prompt.signs else 1,
            0 if any(s in prompt.signs for s in strongest) else 1,
            0 if prompt.stage == stage else 1,
            _rank(user_id, day, prompt.id),
        )

    return min(all_prompts, key=key)


def prompt_for_today(user) -> vocab.Prompt:
    day = timezone.localdate()
    strongest = list(assessments_api.strongest_signs(user) or [])
    signs_key = ",".join(strongest)
    shown = PromptShown.objects.filter(owner=user)
    # Every page asks for today's prompt: one small indexed query once it has been chosen.
    today = shown.filter(day=day, signs_key=signs_key).values_list("prompt_id", flat=True)
    for prompt_id in today:
        if prompt_id in vocab.prompt_index():
            return vocab.prompt_index()[prompt_id]
    # Choosing reads one row per prompt ever shown, however many days there have been.
    history: dict[str, date] = dict(
        shown.order_by()
        .values("prompt_id")
        .annotate(last=Max("day"))
        .values_list("prompt_id", "last")
    )
    used_count = shown.exclude(used_at=None).count()
    prompt = choose_prompt(user.id, day, strongest, history, used_count)
    try:
        with transaction.atomic():
            PromptShown.objects.create(
                owner=user,
                prompt_id=prompt.id,
                day=day,
                signs_key=signs_key,
                shown_at=timezone.now(),
            )
    except IntegrityError:
        pass
    return prompt


def prompt_url(prompt: vocab.Prompt) -> str:
    """Where to write about `prompt`: the format it suggests, with the prompt shown."""
    from django.urls import reverse

    if prompt.format == "dialogue":
        return reverse("journal:new_dialogue") + f"?prompt={prompt.id}"
    if prompt.format == "trigger":
        return reverse("journal:new_trigger") + f"?prompt={prompt.id}"
    return reverse("journal:new") + f"?kind={prompt.format}&prompt={prompt.id}"
