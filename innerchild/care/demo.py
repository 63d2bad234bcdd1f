"""Demo data for facilitated practice: the demo facilitator's practice, the demo member as a
client with some things shared, and a second client. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from innerchild.care.models import CareLink, PracticeProfile, Share, ShareKind

SECOND_CLIENT = ("alex@innerchild.local", "demo-client-pass", "Alex")


def _second_client():
    user_model = get_user_model()
    now = timezone.now()
    user, _created = user_model.objects.get_or_create(
        email=SECOND_CLIENT[0],
        defaults={
            "display_name": SECOND_CLIENT[2],
            "birth_year": now.year - 27,
            "role": "member",
            "country": "ES",
            "timezone": "Europe/Madrid",
            "language": "es",
            "path": "facilitated",
            "terms_accepted_at": now,
            "onboarded_at": now,
        },
    )
    user.set_password(SECOND_CLIENT[1])
    user.save(update_fields=["password"])
    return user


def _link(facilitator, member, *, started_at, crisis_alerts=True) -> CareLink:
    link = CareLink.objects.active().filter(facilitator=facilitator, member=member).first()
    if link is None:
        link = CareLink.objects.create(
            facilitator=facilitator,
            member=member,
            started_at=started_at,
            crisis_alerts=crisis_alerts,
        )
    return link


def _share(link, kind, *, item_id=None, expires_at=None) -> None:
    current = Share.objects.current().filter(link=link, kind=kind, item_id=item_id)
    if not current.exists():
        Share.objects.create(
            link=link,
            kind=kind,
            item_id=item_id,
            granted_at=timezone.now(),
            expires_at=expires_at,
        )


def build_demo_data(*, member, facilitator) -> list[str]:
    from innerchild.journal import api as journal

    now = timezone.now()
    PracticeProfile.objects.update_or_create(
        facilitator=facilitator,
        defaults={
            "practice_name": "Sam Rivera, counselling",
            "profession": "counsellor",
            "registration": "Demo Counselling Board, no. 0000 (not a real registration)",
            "languages": ["en", "es"],
            "contact": "Through innerchild, weekdays 9:00-17:00",
            "created_at": now,
            "updated_at": now,
        },
    )
    link = _link(facilitator, member, started_at=now - timedelta(days=40))
    for kind in (ShareKind.ASSESSMENTS, ShareKind.GUIDE_SESSIONS, ShareKind.TRIGGERS):
        _share(link, kind)
    _share(link, ShareKind.SAFETY_PLAN, expires_at=now + timedelta(days=30))
    entries = journal.shareable_entries(member, limit=3)
    if entries:
        _share(link, ShareKind.ENTRY, item_id=entries[0]["id"], expires_at=now + timedelta(days=14))
    alex = _second_client()
    second = _link(facilitator, alex, started_at=now - timedelta(days=10), crisis_alerts=False)
    _share(second, ShareKind.ASSESSMENTS)
    notes = [
        f"care: {member.display_name} and {alex.display_name} are clients of "
        f"{facilitator.display_name}, with some things shared",
        f"second client login: {SECOND_CLIENT[0]} / {SECOND_CLIENT[1]}",
    ]
    notes.extend(_build_extras(facilitator=facilitator, link=link, second=second))
    return notes


def _build_extras(*, facilitator, link, second) -> list[str]:
    """Sessions, assignments and notes, from the modules that own them."""
    return []
