"""Gentle text insights, computed once at save time; only the figures are stored.

- valence: VADER's compound score (-1 very unpleasant .. +1 very pleasant). VADER was built for
  English; for Spanish it only sees the few words that are the same, so we store no valence.
- families: feelings families whose words appear in the text (from feelings.yaml), counted only
  where the writer seems to say they felt them: not after a negation ("I wasn't calm"), not as a
  wish or a pretence ("I tried to stay calm"), not about someone else ("Mum seemed happy").
- criticism / compassion markers: phrases from insight_markers.yaml, counted.
- signs: the signs whose phrases appear in the text.
See docs/journal.md for what these figures mean and how far to trust them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from innerchild.journal import vocab
from innerchild.journal.search import normalise

MAX_ANALYSED_CHARS = 20_000


@dataclass(frozen=True)
class Insights:
    valence: float | None
    families: list[str]
    criticism: int
    compassion: int
    signs: list[str]
    language: str


@cache
def _analyser():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+(?:'[^\W_]+)*", normalise(text)))


@cache
def _phrase_patterns(group: str, language: str) -> tuple[re.Pattern, ...]:
    phrases = vocab.markers()[group].get(language, [])
    return tuple(re.compile(rf"(?<!\w){re.escape(_plain(p))}(?!\w)") for p in phrases)


@cache
def _sign_patterns() -> dict[str, re.Pattern]:
    return {
        sign: re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(_plain(p)) for p in phrases) + r")(?!\w)"
        )
        for sign, phrases in vocab.markers()["signs"].items()
    }


@cache
def _family_words() -> dict[str, frozenset[str]]:
    result = {}
    # English labels plus the family's own words, which include Spanish ones.
    for family in vocab.families("en"):
        words = {normalise(f.label) for f in family.feelings}
        words |= {normalise(w) for w in family.words}
        result[family.id] = frozenset(words)
    return result


# Words that, in the few words before a feeling, mean it was not felt: a negation, or a wish,
# an effort or an appearance. Lowercase, without accents (as `normalise` leaves them).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NEGATIONS = _words(
    "not no never nor without hardly barely nothing neither cannot nunca ni sin tampoco nada jamas"
)
NOT_FELT = _words(
    "try tried tries trying pretend pretended pretending act acted acting seem seemed seems "
    "look looked looks appear appeared want wanted wants wish wished hope hoped should "
    "supposed need needed must stay stayed keep kept remain fingir fingi finjo intente intento "
    "intentar queria quiero ojala deberia necesito necesitaba parecia parecio"
)
# The nearest person named before a feeling says whose it is.
WRITER = _words(
    "i i'm i've i'd i'll me my myself we we're we've us our ourselves yo mi mis nosotros nosotras"
)
OTHERS = _words(
    "he she they him her them his their he's she's they're he'd she'd they'd dad father mum "
    "mom mother mam parents brother sister grandma grandmother grandpa grandfather friend "
    "friends boss partner husband wife boyfriend girlfriend teacher everyone everybody someone "
    "somebody people ella ellos ellas papa mama padre madre hermano hermana abuela abuelo "
    "novio novia jefe jefa amigo amiga"
)
# "A safe place" names a place, not a feeling.
NOT_A_FEELING_AFTER = _words("place places space word words lugar espacio")
CLAUSE_BREAK = re.compile(
    r"[.!?;:,()\n]+|\b(?:but|though|although|however|whereas|pero|aunque|sino)\b"
)
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
WINDOW = 4


@cache
def _families_by_word() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for family_id, words in _family_words().items():
        for word in words:
            found.setdefault(word, []).append(family_id)
    return {word: tuple(ids) for word, ids in found.items()}


def _felt_by_writer(words: list[str], at: int) -> bool:
    before = words[max(0, at - WINDOW) : at]
    if any(w in NEGATIONS or w in NOT_FELT or w.endswith("n't") for w in before):
        return False
    if at + 1 < len(words) and words[at + 1] in NOT_A_FEELING_AFTER:
        return False
    for word in reversed(words[:at]):
        if word in WRITER:
            return True
        if word in OTHERS:
            return False
    # No one named: a journal is written in the first person.
    return True


def felt_families(text: str) -> list[str]:
    """Feelings families the writer seems to say they felt, in vocabulary order."""
    by_word = _families_by_word()
    found: set[str] = set()
    for clause in CLAUSE_BREAK.split(normalise(text or "")):
        words = WORD.findall(clause)
        for at, word in enumerate(words):
            families = by_word.get(word)
            if families and _felt_by_writer(words, at):
                found.update(families)
    return [family_id for family_id in _family_words() if family_id in found]


def _count(patterns, text: str) -> int:
    return sum(len(p.findall(text)) for p in patterns)


def analyse(text: str, language: str = "en") -> Insights:
    text = (text or "")[:MAX_ANALYSED_CHARS]
    plain = _plain(text)
    language = "es" if (language or "").startswith("es") else "en"
    valence = None
    if language == "en" and plain:
        valence = round(_analyser().polarity_scores(text)["compound"], 3)
    families = felt_families(text)
    signs = [sign for sign, pattern in _sign_patterns().items() if pattern.search(plain)]
    # Markers in both languages count: people switch languages mid-sentence.
    criticism = _count(_phrase_patterns("self_criticism", "en"), plain) + _count(
        _phrase_patterns("self_criticism", "es"), plain
    )
    compassion = _count(_phrase_patterns("self_compassion", "en"), plain) + _count(
        _phrase_patterns("self_compassion", "es"), plain
    )
    return Insights(
        valence=valence,
        families=families,
        criticism=min(criticism, 999),
        compassion=min(compassion, 999),
        signs=signs,
        language=language,
    )
