from django.core.management.base import BaseCommand
from django.db import transaction

from innerchild.accounts.hooks import DEMO_FACILITATOR, DEMO_MEMBER, ensure_demo_people
from innerchild.core import registry


class Command(BaseCommand):
    help = "Create (or refresh) a demo member and a demo facilitator with sample data. Idempotent."

    def handle(self, *args, **options):
        with transaction.atomic():
            member, facilitator = ensure_demo_people()
            notes = []
            for build in registry.demo_data_builders:
                notes.extend(build(member=member, facilitator=facilitator) or [])
        for note in notes:
            self.stdout.write(f"  {note}")
        self.stdout.write("Demo logins:")
        self.stdout.write(f"  member:      {DEMO_MEMBER[0]} / {DEMO_MEMBER[1]}")
        self.stdout.write(f"  facilitator: {DEMO_FACILITATOR[0]} / {DEMO_FACILITATOR[1]}")
