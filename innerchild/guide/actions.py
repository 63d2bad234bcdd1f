"""Every write the guide app makes. Screening happens in the view, after these return, so that
a problem in screening can never cost a person what they wrote."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innerchild.core.db import retry_when_locked
from innerchild.guide import gating, signals
from innerchild.guide.models import Hold, Preferences, RunStatus, SessionRun, StepAnswer
from innerchild.guide.scripts import Script, Step
from innerchild.journal import api as journal_api
from innerchild.safety import api as safety_api


@retry_when_locked
@transaction.atomic
def do_start_run(user, script: Script, *, start_key: str = "") -> SessionRun:
    """A new run; with `start_key`, the run that key already started (a double submit)."""
    start_key = start_key[:64]
    if start_key:
        existing = SessionRun.objects.filter(owner=user, start_key=start_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return SessionRun.objects.create(
                owner=user,
                script_id=script.id,
                script_title=script.title,
                language=script.language,
                intensity=script.intensity,
                step_count=len(script.steps),
                started_at=timezone.now(),
                start_key=start_key,
            )
    except IntegrityError:
        # The same form, sent at the same moment, started it first (PostgreSQL lets both get
        # this far; the unique constraint makes one insert wait and then fail).
        if not start_key:
            raise
        return SessionRun.objects.get(owner=user, start_key=start_key)


@dataclass(frozen=True)
class Saved:
    answer: StepAnswer
    distress: safety_api.DistressDecision | None = None
    pause_for_grounding: bool = False
    repeated: bool = False
    # Still high after grounding: the run waits at this check-in for the person's choice.
    held: bool = False


def answer_version(answer: StepAnswer | None) -> str:
    """Which saved state of a step's answer a form was shown with (sent back with the form)."""
    return answer.updated_at.isoformat() if answer is not None else "none"


def _lock(run: SessionRun) -> None:
    """Hold the run's row until the transaction ends and bring `run` up to date with it, so
    that two submissions of the same step are handled one after the other."""
    run.refresh_from_db(from_queryset=SessionRun.objects.select_for_update())


def _is_repeat(existing: StepAnswer | None, answer: dict, seen: str | None) -> bool:
    """A second submission of a form already saved (a double click, or a resent POST): it was
    shown before the answer now stored and carries exactly the same answer."""
    if existing is None or seen is None or seen == answer_version(existing):
        return False
    same_data = all(existing.data.get(key) == value for key, value in answer["data"].items())
    return same_data and (existing.text, existing.text_2) == (answer["text"], answer["text_2"])


@transaction.atomic
def do_save_answer(
    run: SessionRun, script: Script, step: Step, answer: dict, seen: str | None = None
) -> Saved:
    """Store the answer to `step`, move the run on, and bring the journal entry up to date.

    A check-in's rating goes to the safety layer. When it suggests grounding, the run is held at
    this step so that "return to where I was" comes back here for a new rating. Back from
    grounding, only a rating below the threshold moves on; at or above it the run stays held
    and the person chooses (gating.after_rating). A held run cannot be answered at a later step.

    `seen` is the answer_version the form was shown with. The same answer sent again from the
    same page changes nothing: no second rating, no affirmation added twice.
    """
    _lock(run)
    existing = StepAnswer.objects.filter(run=run, step_index=step.index).first()
    if run.status != RunStatus.IN_PROGRESS or _is_repeat(existing, answer, seen):
        unsaved = StepAnswer(run=run, step_index=step.index, step_type=step.type)
        return Saved(existing or unsaved, repeated=True)
    data = dict(answer["data"])
    decision = None
    move = gating.GO_ON
    if step.type == "checkin":
        decision = safety_api.record_distress(
            run.owner,
            exercise=run.source,
            rating=data["distress"],
            phase=step.get("phase"),
        )
        back_from_grounding = run.hold == Hold.GROUNDING and run.held_at == step.index
        move = gating.after_rating(
            data["distress"],
            threshold=safety_api.distress_threshold(),
            offer_grounding=decision.offer_grounding,
            back_from_grounding=back_from_grounding,
        )
        already_offered = bool(existing and existing.data.get("grounding_offered"))
        data["grounding_offered"] = move == gating.GROUNDING or already_offered
        _record_gate(run, step, data["distress"], move, back_from_grounding)
        phase = step.get("phase")
        if phase in ("before", "after"):
            setattr(run, f"distress_{phase}", data["distress"])
            setattr(run, f"feelings_{phase}", data["feelings"])
    affirmations_saved = existing.affirmations_saved if existing else ""
    if step.type == "reparent" and data.get("save_to_affirmations"):
        affirmations_saved = _save_affirmations(run.owner, answer["text"], affirmations_saved)
    saved, _created = StepAnswer.objects.update_or_create(
        run=run,
        step_index=step.index,
        defaults={
            "step_type": step.type,
            "text": answer["text"],
            "text_2": answer["text_2"],
            "affirmations_saved": affirmations_saved,
            "data": data,
        },
    )
    if move == gating.GO_ON:
        _advance(run, script, step.index)
    else:
        run.current_step = step.index
        run.save(
            update_fields=[
                "current_step",
                "hold",
                "held_at",
                "distress_events",
                "distress_before",
                "distress_after",
                "feelings_before",
                "feelings_after",
            ]
        )
    if answer["text"] or answer["text_2"] or run.status != RunStatus.IN_PROGRESS:
        sync_journal_entry(run, script)
    return Saved(saved, decision, move == gating.GROUNDING, held=move == gating.CHOOSE)


def _record_gate(
    run: SessionRun, step: Step, rating: int, move: str, back_from_grounding: bool
) -> None:
    """Set or release the hold for a check-in's rating and note what happened (saved by the
    caller with the rest of the run)."""
    if move == gating.GROUNDING:
        run.hold, run.held_at = Hold.GROUNDING, step.index
        _note(run, step, "grounding", rating)
    elif move == gating.CHOOSE:
        run.hold, run.held_at = Hold.CHOOSING, step.index
        _note(run, step, "still_high", rating)
    elif back_from_grounding:
        run.hold, run.held_at = Hold.NONE, None
        _note(run, step, "eased", rating)


def _note(run: SessionRun, step: Step, event: str, rating: int | None = None) -> None:
    run.distress_events = [
        *run.distress_events,
        {
            "at": timezone.now().isoformat(),
            "step": step.index + 1,
            "event": event,
            "rating": rating,
        },
    ]


def _save_affirmations(user, text: str, earlier: str) -> str:
    """Add each line once, even if the person comes back to this step and saves again."""
    done = [line for line in earlier.split("\n") if line]
    for line in filter(None, (part.strip() for part in text.split("\n"))):
        if line not in done:
            journal_api.add_affirmation(user, line)
            done.append(line)
    return "\n".join(done)


@transaction.atomic
def do_continue(run: SessionRun, script: Script, step: Step) -> None:
    """Move on from a step that asks for nothing (breath, visualization, closing...)."""
    _lock(run)
    if run.status != RunStatus.IN_PROGRESS:
        return
    _advance(run, script, step.index)
    if run.status != RunStatus.IN_PROGRESS:
        sync_journal_entry(run, script)


def _advance(run: SessionRun, script: Script, index: int) -> None:
    fields = [
        "current_step",
        "reached_step",
        "distress_before",
        "distress_after",
        "feelings_before",
        "feelings_after",
    ]
    if index + 1 >= len(script.steps):
        run.status = RunStatus.COMPLETED
        run.ended_at = timezone.now()
        run.current_step = index
        fields += ["status", "ended_at"]
        transaction.on_commit(
            lambda: signals.run_completed.send(
                sender=SessionRun, user=run.owner, run_id=run.id, script_id=run.script_id
            )
        )
    else:
        run.current_step = index + 1
    run.reached_step = max(run.reached_step, run.current_step)
    run.save(update_fields=[*fields, "hold", "held_at", "distress_events"])


@transaction.atomic
def do_choose_after_grounding(run: SessionRun, script: Script, step: Step, choice: str) -> bool:
    """The person's choice when the rating after grounding stayed high. False when the run is
    not waiting for that choice at `step` (it was already made, or the run has ended)."""
    _lock(run)
    if not (run.is_in_progress and run.hold == Hold.CHOOSING and run.held_at == step.index):
        return False
    if choice not in gating.CHOICES:
        raise ValueError(f"unknown choice {choice!r}")
    if choice == gating.STAY_WITH_GROUNDING:
        run.hold = Hold.GROUNDING
        _note(run, step, "stay_with_grounding")
    elif choice == gating.CLOSE_GENTLY:
        run.hold = Hold.CLOSING
        _note(run, step, "close_gently")
    else:
        _note(run, step, "stop")
        do_stop(run, script, step)
        return True
    run.save(update_fields=["hold", "distress_events"])
    return True


@transaction.atomic
def do_close_gently(run: SessionRun, script: Script) -> bool:
    """End a run that is closing gently, after the short containment step: recorded as closed
    early, with the ratings in `distress_events`. False when it is not closing."""
    _lock(run)
    if not (run.is_in_progress and run.hold == Hold.CLOSING):
        return False
    run.status = RunStatus.STOPPED
    run.closed_early = True
    run.ended_at = timezone.now()
    run.distress_events = [
        *run.distress_events,
        {
            "at": run.ended_at.isoformat(),
            "step": run.held_at + 1,
            "event": "closed",
            "rating": None,
        },
    ]
    run.current_step = run.held_at
    run.hold, run.held_at = Hold.NONE, None
    run.save(
        update_fields=[
            "status",
            "closed_early",
            "ended_at",
            "distress_events",
            "current_step",
            "hold",
            "held_at",
        ]
    )
    sync_journal_entry(run, script)
    return True


@transaction.atomic
def do_go_back(run: SessionRun, step: Step) -> None:
    run.current_step = max(0, step.index - 1)
    run.save(update_fields=["current_step"])


@transaction.atomic
def do_stop(run: SessionRun, script: Script, step: Step) -> None:
    """Stopping is always allowed and always kept: the run records where the person stopped."""
    run.status = RunStatus.STOPPED
    run.current_step = step.index
    run.ended_at = timezone.now()
    run.hold, run.held_at = Hold.NONE, None
    run.save(
        update_fields=["status", "current_step", "ended_at", "hold", "held_at", "distress_events"]
    )
    sync_journal_entry(run, script)


@transaction.atomic
def do_stop_for_safety(run: SessionRun, script: Script, step: Step, answer: dict | None) -> bool:
    """Deep work closed while this run was under way: stop at `step`, keeping any words the
    person had just typed (without rating or affirmations, which belong to going on).
    True when typed words were kept."""
    _lock(run)
    if run.status != RunStatus.IN_PROGRESS:
        return False
    kept = bool(answer and (answer["text"] or answer["text_2"]))
    if kept:
        StepAnswer.objects.update_or_create(
            run=run,
            step_index=step.index,
            defaults={
                "step_type": step.type,
                "text": answer["text"],
                "text_2": answer["text_2"],
                "data": {**answer["data"], "save_to_affirmations": False}
                if step.type == "reparent"
                else answer["data"],
            },
        )
    do_stop(run, script, step)
    return kept


@transaction.atomic
def do_save_preferences(user, cleaned: dict) -> Preferences:
    preferences, _created = Preferences.objects.update_or_create(owner=user, defaults=cleaned)
    return preferences


def preferences_for(user) -> Preferences:
    """The saved preferences, or the defaults (not saved until the person changes something)."""
    return Preferences.objects.filter(owner=user).first() or Preferences(owner=user)


def journal_body(run: SessionRun, script: Script, answers: list[StepAnswer]) -> str:
    """The session as a journal entry: what the person typed, under the questions it answers."""
    from innerchild.guide.forms import DEFAULT_REFLECTION

    parts = []
    if run.distress_before is not None:
        line = _("Distress before: %(before)d/10") % {"before": run.distress_before}
        if run.distress_after is not None:
            line += " · " + _("after: %(after)d/10") % {"after": run.distress_after}
        parts.append(line)
    for answer in answers:
        if not (answer.text or answer.text_2) or answer.step_index >= len(script.steps):
            continue
        step = script.step(answer.step_index)
        labels: tuple[str, str]
        match step.type:
            case "intention":
                labels = (_("What I hoped for"), _("What worried me"))
            case "prompt" if step.get("mode") == "dialogue":
                labels = tuple(step.get("voices"))
            case "reflection":
                questions = step.get("questions") or DEFAULT_REFLECTION
                labels = (str(questions[0]), str(questions[-1]))
            case "reparent":
                labels = (step.get("question"), "")
            case _:
                labels = (step.get("question") or step.title or step.type, "")
        heading = step.title or step.get("question") or ""
        block = [f"## {heading}"] if heading and heading not in labels else []
        for label, text in zip(labels, (answer.text, answer.text_2), strict=True):
            if text:
                block.append(f"**{label}**\n\n{text}" if label else text)
        parts.append("\n\n".join(block))
    if run.closed_early:
        ratings = ", ".join(f"{rating}/10" for rating in run.held_ratings)
        parts.append(
            _("Closed gently at step %(step)d of %(count)d; distress then: %(ratings)s.")
            % {"step": run.current_step + 1, "count": run.step_count, "ratings": ratings}
        )
    elif run.status == RunStatus.STOPPED:
        parts.append(
            _("Stopped at step %(step)d of %(count)d.")
            % {
                "step": run.current_step + 1,
                "count": run.step_count,
            }
        )
    return "\n\n".join(parts)


def sync_journal_entry(run: SessionRun, script: Script) -> None:
    """Create or update the session's journal entry (the journal keys it on `source`)."""
    answers = list(run.answers.all())
    journal_api.create_entry_from(
        run.owner,
        kind="session",
        title=run.script_title,
        body=journal_body(run, script, answers),
        signs=script.signs,
        feelings=tuple(dict.fromkeys([*run.feelings_before, *run.feelings_after])),
        source=run.source,
    )
