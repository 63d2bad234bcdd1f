"""Walking through a session the way a person does, with plausible answers for each step."""

from __future__ import annotations

from innerchild.guide.models import SessionRun
from innerchild.guide.scripts import Step, get_script


def answer_for(step: Step, distress: int = 3) -> dict:
    match step.type:
        case "checkin":
            return {"distress": str(distress)}
        case "intention":
            return {"hope": "To feel a little closer to her.", "concern": "That I will cry."}
        case "prompt":
            return {"answer_text": "She was about seven.", "answer_text_2": "I was waiting."}
        case "choice":
            return {"choice": step.get("options")[0]["id"]}
        case "reparent":
            return {"chosen": ["0"], "own_words": "I am here now."}
        case "reflection":
            return {"noticed": "I felt softer.", "needed": "Someone to stay."}
        case "trigger":
            return {"description": "Being left out of the group chat."}
    return {}


def start_run(client, script_id: str) -> SessionRun:
    response = client.post(f"/guide/scripts/{script_id}/start/")
    assert response.status_code == 302, response.status_code
    return SessionRun.objects.latest("started_at")


def walk(client, run: SessionRun, until: int | None = None, distress: int = 3) -> None:
    """Answer every step from the run's current one (up to step number `until`, exclusive)."""
    script = get_script(run.script_id, run.language)
    run.refresh_from_db()
    while run.is_in_progress and (until is None or run.current_step + 1 < until):
        step = script.step(run.current_step)
        response = client.post(run.step_url(step.index), answer_for(step, distress))
        assert response.status_code == 302, (step.index, response.status_code)
        run.refresh_from_db()
