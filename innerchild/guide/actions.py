"""Every write the guide app makes. Screening happens in the view, after these return, so that
a problem in screening can never cost a person what they wrote."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innerchild.core.db import retry_when_locked
from innerchild.guide import signals
from innerchild.guide.models import Preferences, RunStatus, SessionRun, StepAnswer
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

    A check-in's rating goes to the safety layer. When it suggests grounding, the run stays on
    this step so that "return to where I was" comes back here; the second time in a row it
    moves on and the person decides.

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
    pause = False
    if step.type == "checkin":
        decision = safety_api.record_distress(
            run.owner,
            exercise=run.source,
            rating=data["distress"],
            phase=step.get("phase"),
        )
        already_offered = bool(existing and existing.data.get("grounding_offered"))
        pause = decision.offer_grounding and not already_offered
        data["grounding_offered"] = decision.offer_grounding or already_offered
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
    if not pause:
        _advance(run, script, step.index)
    else:
        run.reached_step = max(run.reached_step, step.index + 1)
        run.current_step = step.index
        run.save(
            update_fields=[
                "reached_step",
                "current_step",
                "distress_before",
                "distress_after",
                "feelings_before",
                "feelings_after",
            ]
        )
    if answer["text"] or answer["text_2"] or run.status != RunStatus.IN_PROGRESS:
        sync_journal_entry(run, script)
    return Saved(saved, decision, pause)


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
    run.save(update_fields=fields)


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
    run.save(update_fields=["status", "current_step", "ended_at"])
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
    if run.status == RunStatus.STOPPED:
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
