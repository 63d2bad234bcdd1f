"""What the live app plugs into shared pages: its part of "export my data"."""

from __future__ import annotations

from innerchild.core import registry


def export_section(user) -> registry.ExportSection:
    """The person's own part of each live session: what they wrote and rated, never others' words."""
    from innerchild.live.models import ChatMessage, CheckIn, Participant, ScriptAnswer

    sessions = []
    seats = Participant.objects.filter(user=user).select_related("room").order_by("room__opens_at")
    for seat in seats:
        room = seat.room
        sessions.append(
            {
                "booking": str(room.booking_id),
                "role": seat.role,
                "mode": room.mode,
                "started_at": room.started_at,
                "ended_at": room.ended_at,
                "script": room.script_id,
                "steps_reached": room.furthest_step + 1 if room.script_id else 0,
                "location": {
                    "country": seat.location_country,
                    "city": seat.location_city,
                    "somewhere_private": seat.somewhere_private,
                }
                if seat.location_confirmed_at
                else None,
                "my_chat_messages": [
                    {"at": m.created_at, "text": m.body}
                    for m in ChatMessage.objects.filter(room=room, author=user)
                ],
                "my_check_ins": [
                    {"at": c.created_at, "kind": c.kind, "rating": c.rating, "feelings": c.feelings}
                    for c in CheckIn.objects.filter(room=room, member=user)
                ],
                "my_answers": [
                    {"at": a.created_at, "script": a.script_id, "step": a.step + 1, "text": a.body}
                    for a in ScriptAnswer.objects.filter(room=room, member=user)
                ],
            }
        )
    return registry.ExportSection(name="live_sessions", data=sessions)


def register() -> None:
    registry.register_onboarding_first("live")
    registry.register_export_section(export_section)
