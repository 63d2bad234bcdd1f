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
    """Availability, a past and an upcoming session, two assignments, notes and a summary."""
    from datetime import time

    from innerchild.care.actions import assignments as assignment_actions
    from innerchild.care.actions import bookings as booking_actions
    from innerchild.care.actions import notes as note_actions
    from innerchild.care.models import Assignment, AvailabilityRule, Booking, Note

    now = timezone.now()
    if not AvailabilityRule.objects.filter(facilitator=facilitator).exists():
        for weekday in (1, 3):  # Tuesdays and Thursdays, 9:00-17:00 where the facilitator lives
            booking_actions.do_add_availability_rule(
                facilitator,
                {
                    "weekday": weekday,
                    "start_time": time(9),
                    "end_time": time(17),
                    "session_minutes": 50,
                    "gap_minutes": 10,
                    "mode": "online",
                },
            )
    member = link.member
    sessions = Booking.objects.for_facilitator(facilitator).filter(attendees=member)
    past = sessions.filter(starts_at__lt=now).first()
    if past is None:
        start = (now - timedelta(days=7)).replace(hour=15, minute=0, second=0, microsecond=0)
        past = booking_actions.do_create_booking(
            facilitator=facilitator,
            members=[member],
            starts_at=start,
            ends_at=start + timedelta(minutes=50),
        )
    if not sessions.filter(starts_at__gte=now).exists():
        start = (now + timedelta(days=3)).replace(hour=15, minute=0, second=0, microsecond=0)
        booking_actions.do_create_booking(
            facilitator=facilitator,
            members=[member],
            starts_at=start,
            ends_at=start + timedelta(minutes=50),
        )
    if not Assignment.objects.filter(link=link).exists():
        assignment_actions.do_create_assignment(
            link,
            assignment_actions.AssignmentData(
                kind="script",
                target="safe-place",
                title="Your safe place",
                instructions="Before our next session, whenever you have twenty quiet minutes.",
                due_at=now + timedelta(days=3),
            ),
        )
        assignment_actions.do_create_assignment(
            link,
            assignment_actions.AssignmentData(
                kind="questionnaire",
                target="phq9",
                title="PHQ-9",
                due_at=now + timedelta(days=1),
                every_weeks=2,
            ),
        )
    if not Note.objects.filter(link=link).exists():
        note = note_actions.do_create_note(
            link,
            template="soap",
            booking=past,
            sections={
                "subjective": "Reports feeling 'too much' at work meetings; links it to dinners "
                "at home when she was eight.",
                "objective": "Calm, engaged; distress 6 before the visualization, 3 after.",
                "assessment": "Good use of the safe-place resource; self-criticism still strong.",
                "plan": "Safe place practice twice before next session; PHQ-9 every two weeks.",
            },
        )
        note_actions.do_lock_note(note)
        note_actions.do_send_summary(
            facilitator,
            member,
            booking=past,
            body="Thank you for today. We met the eight-year-old at the dinner table and found "
            "that she needed someone to say 'you are not too much'. Practise the safe place "
            "twice this week; we will build on it next time.",
        )
    return ["care: availability, a past and an upcoming session, two assignments, a note"]
