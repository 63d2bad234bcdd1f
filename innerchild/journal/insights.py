"""Gentle text insights, computed once at save time; only the figures are stored.

- valence: VADER's compound score (-1 very unpleasant .. +1 very pleasant). VADER was built for
  English; for Spanish it only sees the few words that are the same, so we store no valence.
- families: feelings families whose words appear in the text (from feelings.yaml).
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


def _count(patterns, text: str) -> int:
    return sum(len(p.findall(text)) for p in patterns)


def analyse(text: str, language: str = "en") -> Insights:
    text = (text or "")[:MAX_ANALYSED_CHARS]
    plain = _plain(text)
    language = "es" if (language or "").startswith("es") else "en"
    valence = None
    if language == "en" and plain:
        valence = round(_analyser().polarity_scores(text)["compound"], 3)
    words = set(plain.split())
    families = [fid for fid, fwords in _family_words().items() if words & fwords]
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
