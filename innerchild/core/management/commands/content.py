from django.core.management.base import BaseCommand, CommandError

from innerchild.core import registry
from innerchild.core.content import ContentError
from innerchild.core.signs import check_signs


class Command(BaseCommand):
    help = "Validate content files: `innerchild content check` (errors name file and line)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"])

    def handle(self, *args, **options):
        problems = check_signs()
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
