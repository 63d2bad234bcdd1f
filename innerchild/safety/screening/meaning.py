"""The structured reading of a text: who, when, what and the frame of each clause, as features.

Each language has a word list per tag in content/screening/meaning/<language>.yaml (schema
MEANING_SCHEMA). The tags are shared by all languages ("who_me", "when_soon", "method",
"frame_letter", ...), so what the model learns about "a method and a time and the writer" holds
in every language it has been trained on, and adding a language is a data change.

A text is cut into sentences (at . ! ? ; : and line breaks, and every MAX_SENTENCE tokens when
people write without punctuation). Each sentence is cut into clauses (at commas and clause
words). A sentence's features are its clause tags alone, in pairs and in threes ("c:who_me",
"c:method+when_soon", "s:method+place+when_soon"), the time of the previous sentence ("p:"), and
what the rules found in it ("r:"). Frames found anywhere in the text ("t:frame_letter") are
added to every window, so a letter to the younger self reads its sentences as a letter.

The work per token is one dictionary lookup plus a bounded walk (phrases are at most
MAX_PHRASE tokens); combinations are per clause, whose tag sets are bounded by the number of
tags. So the reading stays linear in the length of the text.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from dataclasses import dataclass

from innerchild.safety.screening.lexicon import SENTENCE_END, TOKEN_RE, normalise

MAX_PHRASE = 6
MAX_SENTENCE = 40
CLAUSE_BREAK = frozenset(",")
# Tags that say who, when, what, or the frame; the kinds decide which combinations are features.
WHO = ("who_me", "who_other", "who_child")
WHEN = ("when_now", "when_soon", "when_recent", "when_past", "when_childhood")
WHAT = (
    "intent",
    "method",
    "place",
    "preparation",
    "farewell",
    "underway",
    "search",
    "danger",
    "harm_marks",
    "passive",
    "hopeless",
    "death",
    "join_dead",
    "thoughts",
    "negation",
)
FRAME = (
    "frame_letter",
    "frame_recovery",
    "frame_media",
    "frame_helping",
    "frame_exercise",
    "frame_celebration",
    "frame_hunting",
    "frame_grief",
    "frame_hyperbole",
    "frame_safe",
)
TAGS = WHO + WHEN + WHAT + FRAME
TEXT_TAGS = frozenset((*FRAME, "who_child"))
WHEN_TAGS = frozenset(WHEN)

_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
MEANING_SCHEMA = {
    "type": "object",
    "required": ["language", "function_words", "tags"],
    "additionalProperties": False,
    "properties": {
        "language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
        "function_words": _WORDS,
        "clause_words": _WORDS,
        "tags": {
            "type": "object",
            "propertyNames": {"enum": list(TAGS)},
            "additionalProperties": _WORDS,
        },
    },
}


@dataclass(frozen=True)
class Reading:
    """One language's tag lists, compiled: one-word phrases as a dictionary, longer phrases by
    their first two words."""

    language: str
    function_words: frozenset
    clause_words: frozenset
    single: dict  # word -> tags
    phrases: dict  # (first word, second word) -> ((rest of phrase, tag), ...)
    own_words: frozenset = frozenset()  # function words no other language shares (set on load)


def build_reading(data: dict) -> Reading:
    single: dict[str, set] = {}
    phrases: dict[tuple[str, str], list] = {}
    for tag, words in data["tags"].items():
        for phrase in words:
            tokens = TOKEN_RE.findall(normalise(phrase))
            if not tokens or len(tokens) > MAX_PHRASE:
                raise ValueError(f"{tag}: phrase {phrase!r} must have 1 to {MAX_PHRASE} words")
            if len(tokens) == 1:
                single.setdefault(tokens[0], set()).add(tag)
            else:
                phrases.setdefault((tokens[0], tokens[1]), []).append((tuple(tokens[2:]), tag))
    return Reading(
        language=data["language"],
        function_words=frozenset(normalise(w) for w in data["function_words"]),
        clause_words=frozenset(
            normalise(w)
            for w in data.get("clause_words", ["but", "because", "pero", "porque", "aunque"])
        ),
        single={k: tuple(sorted(v)) for k, v in single.items()},
        phrases={pair: tuple(v) for pair, v in phrases.items()},
    )


@dataclass
class Sentence:
    start: int
    end: int  # exclusive; the sentence end token, if any, is inside
    tags: frozenset
    features: frozenset


def sentence_spans(tokens: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each sentence: up to and including a sentence end, at most MAX_SENTENCE
    tokens (people write without punctuation)."""
    ends = list(
        itertools.compress(range(1, len(tokens) + 1), map(SENTENCE_END.__contains__, tokens))
    )
    if not ends or ends[-1] != len(tokens):
        ends.append(len(tokens))
    spans = []
    start = 0
    for end in ends:
        while end - start > MAX_SENTENCE:
            spans.append((start, start + MAX_SENTENCE))
            start += MAX_SENTENCE
        if end > start:
            spans.append((start, end))
        start = end
    return spans


def choose_reading(tokens: list[str], readings: list[Reading]) -> Reading:
    """The reading whose function words are most frequent here; the first one on a tie."""
    if len(readings) == 1:
        return readings[0]
    best, best_count = readings[0], -1
    for reading in readings:
        words = reading.function_words
        count = sum(map(words.__contains__, tokens))
        if count > best_count:
            best, best_count = reading, count
    return best


_COMBINATIONS: dict = {}


def _combinations(prefix: str, tags: list[str], out: set) -> None:
    key = (prefix, tuple(tags))
    known = _COMBINATIONS.get(key)
    if known is not None:
        out.update(known)
        return
    made: set[str] = set()
    _make_combinations(prefix, tags, made)
    if len(_COMBINATIONS) < 50_000:
        _COMBINATIONS[key] = frozenset(made)
    out.update(made)


def _make_combinations(prefix: str, tags: list[str], out: set) -> None:
    for tag in tags:
        out.add(prefix + tag)
    for a, b in itertools.combinations(tags, 2):
        out.add(f"{prefix}{a}+{b}")
    for a, b, c in itertools.combinations(tags, 3):
        out.add(f"{prefix}{a}+{b}+{c}")


class _TextTags:
    """One reading's tags over a whole text, found in one pass: the positions that cut clauses,
    and the positions of one-word and longer phrases with their tags, so each tagged position
    finds its clause by one bisection instead of a walk over every clause's words."""

    __slots__ = ("cuts", "phrase_ends", "phrase_starts", "phrase_tags", "single_at", "single_tags")

    def __init__(self, tokens: list[str], reading: Reading):
        breaks = reading.clause_words | CLAUSE_BREAK
        self.cuts = list(itertools.compress(range(len(tokens)), map(breaks.__contains__, tokens)))
        found = list(map(reading.single.get, tokens))
        self.single_at = list(itertools.compress(range(len(tokens)), found))
        self.single_tags = list(itertools.compress(found, found))
        starts, ends, tags = [], [], []
        known = list(map(reading.phrases.get, itertools.pairwise(tokens)))
        for i in itertools.compress(range(len(known)), known):
            for rest, tag in known[i]:
                end = i + 2 + len(rest)
                if not rest or tuple(tokens[i + 2 : end]) == rest:
                    starts.append(i)
                    ends.append(end)
                    tags.append(tag)
        self.phrase_starts, self.phrase_ends, self.phrase_tags = starts, ends, tags

    def sentence_clauses(self, spans: list[tuple[int, int]]) -> list[list[set[str]]]:
        """For each sentence, the tags of each of its clauses that has a token (a clause runs
        between cuts; the cutting word is in neither). One walk over the cuts, then each tagged
        position is put in its clause by bisection."""
        starts: list[int] = []
        ends: list[int] = []
        clause_tags: list[set[str]] = []
        per_sentence: list[list[set[str]]] = []
        cuts = self.cuts
        k, count = 0, len(cuts)
        for start, end in spans:
            mine: list[set[str]] = []
            lo = start
            while k < count and cuts[k] < end:
                cut = cuts[k]
                k += 1
                if cut > lo:
                    starts.append(lo)
                    ends.append(cut)
                    clause_tags.append(set())
                    mine.append(clause_tags[-1])
                lo = cut + 1
            if end > lo:
                starts.append(lo)
                ends.append(end)
                clause_tags.append(set())
                mine.append(clause_tags[-1])
            per_sentence.append(mine)
        if starts:
            for at, tags in zip(self.single_at, self.single_tags, strict=True):
                c = bisect_right(starts, at) - 1
                if c >= 0 and at < ends[c]:
                    clause_tags[c].update(tags)
            for at, end, tag in zip(
                self.phrase_starts, self.phrase_ends, self.phrase_tags, strict=True
            ):
                c = bisect_right(starts, at) - 1
                if c >= 0 and end <= ends[c]:
                    clause_tags[c].add(tag)
        return per_sentence


def read_sentences(
    tokens: list[str], readings: list[Reading], rule_marks: dict | None = None
) -> tuple[list[Sentence], frozenset]:
    """The sentences of `tokens` with their structured features, and the text-level features.

    rule_marks: sentence index -> set of rule features ("r:urgent", "r:cat:self_harm", ...).
    """
    sentences = []
    text_tags: set[str] = set()
    previous_when: tuple[str, ...] = ()
    spans = sentence_spans(tokens)
    # Each sentence is read in its own language only when the text mixes languages.
    mixed = len(readings) > 1 and any(
        sum(map(r.function_words.__contains__, tokens)) >= max(2, 0.1 * len(tokens))
        for r in readings[1:]
    )
    by_reading: dict[str, list[list[set[str]]]] = {}
    combinations = _COMBINATIONS
    for index, (start, end) in enumerate(spans):
        reading = choose_reading(tokens[start:end], readings) if mixed else readings[0]
        read = by_reading.get(reading.language)
        if read is None:
            read = by_reading[reading.language] = _TextTags(tokens, reading).sentence_clauses(spans)
        clauses = read[index]
        features: set[str] = set()
        all_tags: set[str] = set()
        for tags in clauses:
            if not tags:
                continue
            all_tags |= tags
            known = combinations.get(("c:", tuple(sorted(tags))))
            if known is None:
                _combinations("c:", sorted(tags), features)
            else:
                features |= known
        if len(clauses) > 1 and all_tags:
            _combinations("s:", sorted(all_tags - TEXT_TAGS), features)
        if previous_when:
            whats = [what for what in all_tags if what in WHAT]
            for tag in previous_when:
                features.add("p:" + tag)
                for what in whats:
                    features.add(f"p:{tag}+{what}")
        if rule_marks and index in rule_marks:
            features |= rule_marks[index]
        previous_when = (
            [t for t in all_tags if t in WHEN_TAGS] if not all_tags.isdisjoint(WHEN_TAGS) else ()
        )
        text_tags |= all_tags & TEXT_TAGS
        sentences.append(Sentence(start, end, frozenset(all_tags), frozenset(features)))
    return sentences, frozenset("t:" + tag for tag in text_tags)


def sentence_of_token(tokens: list[str]) -> list[int]:
    """For each token, the index of its sentence (as sentence_spans cuts them)."""
    index = [0] * len(tokens)
    for number, (start, end) in enumerate(sentence_spans(tokens)):
        for i in range(start, end):
            index[i] = number
    return index
