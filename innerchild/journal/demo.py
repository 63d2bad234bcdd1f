"""Demo journal for the demo member: a few weeks of varied writing. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from innerchild.journal import actions
from innerchild.journal.models import Affirmation, Entry, Kind, YoungerSelf

DEMO_ENTRIES = [
    (
        20,
        dict(
            kind=Kind.ENTRY,
            title="Starting out",
            body="I don't really know how to do this. I keep thinking I'm not good enough at journaling, which is a strange thing to be not good enough at.\n\nIt's okay that I feel awkward. I'm learning.",
            emotion="nervous",
            pleasantness=2,
            energy=3,
            signs=["inadequacy", "self_criticism"],
            tags=["beginning"],
        ),
    ),
    (
        18,
        dict(
            kind=Kind.TRIGGER,
            title="The unanswered message",
            details={
                "situation": "A friend did not answer my message all day.",
                "reaction": "I went through every possible reason she might be angry with me.",
                "body_sensations": "Tight chest, restless hands.",
                "felt_age": "About 7",
                "memory": "Waiting by the window for my dad to come home when he said he would.",
                "tell_younger_self": "You were not forgotten because of anything you did.",
                "differently": "I went for a walk and waited until the morning before asking.",
            },
            intensity=7,
            need="attention",
            emotion="anxious",
            pleasantness=1,
            energy=4,
            signs=["abandonment", "triggers"],
            tags=["friends"],
        ),
    ),
    (
        15,
        dict(
            kind=Kind.LETTER_TO,
            title="Dear little Robin",
            body="Dear little Robin,\n\nYou worked so hard to be quiet and easy. You didn't have to earn being loved. I see you now, and I am not going anywhere.\n\nLove, me",
            emotion="tender",
            pleasantness=3,
            energy=2,
            signs=["validation", "abandonment"],
            tags=["letters"],
        ),
    ),
    (
        12,
        dict(
            kind=Kind.DIALOGUE,
            title="Talking after a hard day",
            details={
                "turns": [
                    {"voice": "now", "text": "Hey. Today was a lot. How are you doing?"},
                    {"voice": "little", "text": "Scared. Everyone was cross."},
                    {
                        "voice": "now",
                        "text": "It makes sense that you were scared. Nobody is cross with you now.",
                    },
                    {"voice": "little", "text": "Can we stay in tonight?"},
                    {"voice": "now", "text": "Yes. Blanket, tea and a film. I'll look after us."},
                ],
                "non_dominant_hand": True,
            },
            emotion="relieved",
            pleasantness=3,
            energy=2,
            signs=["stress", "loneliness"],
            tags=["evening"],
        ),
    ),
    (
        9,
        dict(
            kind=Kind.TRIGGER,
            title="Criticism at work",
            details={
                "situation": "My manager pointed out a mistake in front of the team.",
                "reaction": "I apologised five times and could not focus for the rest of the day.",
                "body_sensations": "Hot face, stomach dropped.",
                "felt_age": "10",
                "memory": "Being corrected at the dinner table.",
                "tell_younger_self": "A mistake is not a verdict on you.",
                "differently": "Next time I will say thanks, note it, and take a breath.",
            },
            intensity=6,
            need="acceptance",
            emotion="ashamed",
            pleasantness=1,
            energy=3,
            signs=["self_criticism", "triggers"],
            tags=["work"],
        ),
    ),
    (
        7,
        dict(
            kind=Kind.LETTER_FROM,
            title="From the girl on the swing",
            body="I just wanted someone to watch me on the swing and say 'look how high you go!'. I still like swings, you know.",
            emotion="hopeful",
            pleasantness=4,
            energy=3,
            signs=["validation", "loneliness"],
            tags=["letters", "play"],
        ),
    ),
    (
        4,
        dict(
            kind=Kind.TRIGGER,
            title="Plans cancelled",
            details={
                "situation": "A partner cancelled our plans at the last minute.",
                "reaction": "I said it was fine and then cried.",
                "body_sensations": "Lump in my throat.",
                "felt_age": "8",
                "memory": "Birthday party nobody came to.",
                "tell_younger_self": "Your sadness is allowed.",
                "differently": "I told him it hurt, calmly.",
            },
            intensity=5,
            need="belonging",
            emotion="disappointed",
            pleasantness=2,
            energy=2,
            signs=["expression_boundaries", "abandonment"],
            tags=["relationships"],
        ),
    ),
    (
        1,
        dict(
            kind=Kind.ENTRY,
            title="A good, ordinary day",
            body="Walked by the river. Noticed I was kind to myself when I forgot my keys: *oh well, I'm doing my best*. Small thing, felt big.",
            emotion="peaceful",
            pleasantness=4,
            energy=3,
            signs=["self_criticism"],
            tags=["progress"],
        ),
    ),
]
DEMO_AFFIRMATIONS = [
    "I am allowed to take up space.",
    "My feelings make sense.",
    "I can look after the child I was.",
]


def build_demo(member) -> list[str]:
    now = timezone.now()
    created = 0
    for index, (days_ago, fields) in enumerate(DEMO_ENTRIES):
        source = f"demo:journal:{index}"
        if Entry.objects.filter(owner=member, source=source).exists():
            continue
        actions.do_create_entry(
            member,
            actions.EntryData(source=source, created_at=now - timedelta(days=days_ago), **fields),
        )
        created += 1
    existing = set(Affirmation.objects.filter(owner=member).values_list("text", flat=True))
    for text in DEMO_AFFIRMATIONS:
        if text not in existing:
            actions.do_add_affirmation(member, text)
    if not YoungerSelf.objects.filter(owner=member).exists():
        actions.do_save_younger_self(
            member,
            name="Little Robin",
            ages="6 to 9",
            needed="Someone to notice me without my having to be good or quiet first.",
            comforting_words="You are not too much. I am glad you are here.",
        )
    return [
        f"journal: {created} new demo entr{'y' if created == 1 else 'ies'}, affirmations and a younger-self profile"
    ]
