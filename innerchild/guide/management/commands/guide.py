"""`innerchild guide list` and `innerchild guide show ID`: the session scripts, as text."""

from __future__ import annotations

import textwrap

from django.core.management.base import BaseCommand, CommandError

from innerchild.guide import scripts
from innerchild.guide.scripts import Script, Step


def step_as_text(step: Step) -> list[str]:
    head = f"{step.number}. [{step.type}]"
    if step.get("phase"):
        head += f" ({step.get('phase')})"
    if step.title:
        head += f" {step.title}"
    lines = [head]

    def say(text: str, prefix: str = "   ") -> None:
        lines.extend(textwrap.wrap(text, 96, initial_indent=prefix, subsequent_indent="   "))

    if step.text:
        say(step.text)
    for key in ("question", "hint", "hope_label", "concern_label"):
        if step.get(key):
            say(f"{key}: {step.get(key)}")
    if step.type == "breath":
        pattern = step.get("pattern")
        parts = ", ".join(
            f"{k} {pattern[k]}s" for k in ("in", "hold", "out", "rest") if k in pattern
        )
        say(f"pattern: {parts}; {step.get('cycles')} cycles")
    if step.get("kind"):
        say(f"kind: {step.get('kind')}")
    if step.get("mode") == "dialogue":
        say(f"voices: {' / '.join(step.get('voices'))}")
    if step.get("timer"):
        say(f"timer: {step.get('timer')}s")
    if step.get("audio"):
        say(f"audio: {step.get('audio')}")
    if step.get("photo"):
        say("shows the younger-self photo")
    for line in step.lines:
        say(f"- {line.say} (pause {line.pause}s)", prefix="   ")
    for option in step.get("options", []):
        say(f"( ) {option['label']} [{option['id']}]")
    for suggestion in step.get("suggestions", []):
        say(f"* {suggestion}")
    for question in step.get("questions", []):
        say(f"? {question}")
    return lines


def script_as_text(script: Script) -> str:
    lines = [
        f"{script.title} [{script.id}, {script.language}]",
        f"{script.intensity}, {script.duration} minutes, stage {script.stage}, "
        f"from age {script.minimum_age}",
        f"signs: {', '.join(script.signs)}",
        f"file: {script.path}",
        "",
        *textwrap.wrap(script.summary, 100),
        "",
    ]
    for step in script.steps:
        lines.extend(step_as_text(step))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Session scripts: `guide list`, `guide show ID [--language es]`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        list_parser = sub.add_parser("list", help="every script with its intensity and length")
        list_parser.add_argument("--language", default="en")
        show = sub.add_parser("show", help="one script's steps as text")
        show.add_argument("script_id")
        show.add_argument("--language", default="en")

    def handle(self, *args, **options):
        if options["action"] == "list":
            for script in scripts.scripts_for(options["language"]):
                self.stdout.write(
                    f"{script.id:40} {script.intensity:9} {script.duration:3} min  "
                    f"{script.language}  {script.title}"
                )
            return
        script = scripts.get_script(options["script_id"], options["language"])
        if script is None:
            raise CommandError(
                f"No script {options['script_id']!r}; `innerchild guide list` shows them."
            )
        self.stdout.write(script_as_text(script))
