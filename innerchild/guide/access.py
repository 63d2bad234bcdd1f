"""Permission-checked lookups: each returns what the person may see, or 404 (never 403)."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404

from innerchild.guide import api
from innerchild.guide.models import SessionRun
from innerchild.guide.scripts import Script, Step, get_script


def get_script_for(user, script_id: str) -> Script:
    language = getattr(user, "language", "en") or "en"
    script = get_script(script_id, language) or api.provided_script(user, script_id, language)
    if script is None:
        raise Http404("No such session.")
    return script


def get_run_for(user, run_id: UUID) -> SessionRun:
    """The run, if it is `user`'s own."""
    return get_object_or_404(SessionRun.objects.owned_by(user), id=run_id)


def script_of(run: SessionRun) -> Script:
    script = get_script(run.script_id, run.language) or api.provided_script(
        run.owner, run.script_id, run.language, playing=run.is_in_progress
    )
    if script is None:
        raise Http404("This session's script is no longer available.")
    return script


def get_step_for(user, run_id: UUID, number: int) -> tuple[SessionRun, Script, Step]:
    """A step the person has already reached in their own run; later steps are 404 so no one
    can skip ahead by editing the URL. Whether deep work is still open is not a question of
    permission: the step view asks the safety gate and stops the run calmly when it has closed."""
    run = get_run_for(user, run_id)
    script = script_of(run)
    index = number - 1
    if index < 0 or index > run.reached_step or index >= len(script.steps):
        raise Http404("This step has not been reached yet.")
    return run, script, script.step(index)
