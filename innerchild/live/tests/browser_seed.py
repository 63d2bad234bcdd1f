"""Seed the database of a room served for a browser test; prints the booking and login cookies.

Run as `python -m innerchild.live.tests.browser_seed` with DATABASE_URL pointing at that database.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innerchild.test_settings")
    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from innerchild.accounts.models import Role
    from innerchild.care import api as care
    from innerchild.care.models import CareLink
    from innerchild.core.testing import make_person, verified_session

    members = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    mode = sys.argv[2] if len(sys.argv) > 2 else "online"
    fay = make_person("fay@example.org", "Fay", role=Role.FACILITATOR, facilitator_verified=True)
    people = [make_person(f"member{n}@example.org", f"Member {n}") for n in range(members)]
    people[0].display_name = "Alice"
    people[0].save(update_fields=["display_name"])
    for member in people:
        CareLink.objects.create(facilitator=fay, member=member, started_at=timezone.now())
    starts_at = timezone.now().replace(microsecond=0) + timedelta(minutes=2)
    booking = care.create_booking(
        facilitator=fay,
        members=people,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=50),
        mode=mode,
    )

    def session_for(user) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        # The facilitator passed the second step in this session (two-step sign-in).
        session.update(verified_session(user))
        session.create()
        return session.session_key

    print(
        json.dumps(
            {
                "booking": str(booking),
                "cookie": settings.SESSION_COOKIE_NAME,
                "facilitator": session_for(fay),
                "members": [session_for(member) for member in people],
                "member_ids": [member.pk for member in people],
                "facilitator_id": fay.pk,
            }
        )
    )


if __name__ == "__main__":
    main()
