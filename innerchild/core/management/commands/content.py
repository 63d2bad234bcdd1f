from django.core.management.base import BaseCommand, CommandError

from innerchild.core import registry
from innerchild.core.content import ContentError
from innerchild.core.signs import SCHEMA, SIGNS_FILE


def _check_signs() -> list[str]:
    from innerchild.core.content import load_validated

    try:
        load_validated(SIGNS_FILE, SCHEMA)
    except ContentError as exc:
        return exc.problems
    return []


class Command(BaseCommand):
    help = "Validate content files: `innerchild content check` (errors name file and line)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"])

    def handle(self, *args, **options):
        problems = _check_signs()
        checked = ["signs"]
        for check in registry.content_checks:
            checked.append(check.name)
            try:
                problems.extend(check.check())
            except ContentError as exc:
                problems.extend(exc.problems)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problem(s) in content files.", returncode=1)
        self.stdout.write(f"Content is valid: {', '.join(checked)}.")
