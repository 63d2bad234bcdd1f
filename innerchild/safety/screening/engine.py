"""Screening one text with a compiled lexicon: matches, their context, and the level.

Context cues (negation, someone else's words, conditionals, time framing) are looked up in
bounded windows around each match, so the work per match is constant and the whole screen stays
linear in the length of the text. The lexicon and its compiler are in lexicon.py.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from innerchild.safety.screening.lexicon import (
    CATEGORIES,
    CLAUSE_END,
    LEVEL_RANK,
    MAX_IDIOM,
    MAX_REASONS,
    SENTENCE_END,
    Lexicon,
    LexiconError,
    Rule,
    Sequence,
    build_lexicon,
    tokenise,
)

__all__ = [
    "CATEGORIES",
    "LEVEL_RANK",
    "NOTHING",
    "Lexicon",
    "LexiconError",
    "Reason",
    "Screening",
    "build_lexicon",
    "screen_with",
]
# Windows (in tokens) around a match in which context cues are looked for. Bounded, so the
# work per match is constant and the whole screen stays linear in the text.
NEGATION_WINDOW = 4
REPORT_WINDOW = 6
TOPIC_WINDOW = 12
TIME_WINDOW_BEFORE = 16
TIME_WINDOW_AFTER = 12
CONDITIONAL_WINDOW = 6


def _cue_in(
    lexicon: Lexicon,
    name: str,
    tokens: list[str],
    lo: int,
    hi: int,
    counter: list[int],
    *,
    ends_before: int | None = None,
) -> tuple[int, int]:
    """(start, end) of the last cue of kind `name` starting in tokens[lo:hi], or (-1, -1)."""
    trie = lexicon.cues[name]
    first = trie.first_tokens()
    found = (-1, -1)
    for i in range(lo, hi):
        if tokens[i] not in first:
            continue
        for _payload, end in trie.matches(tokens, i, counter):
            if ends_before is not None and end > ends_before:
                continue
            # The longest cue at this position ("friend told me", not "friend told").
            if found[0] != i or end > found[1]:
                found = (i, end)
    return found


def _sentence_bounds(tokens: list[str], start: int, end: int) -> tuple[int, int]:
    lo = start
    limit = max(0, start - TIME_WINDOW_BEFORE)
    while lo > limit and tokens[lo - 1] not in SENTENCE_END:
        lo -= 1
    hi = end
    limit = min(len(tokens), end + TIME_WINDOW_AFTER)
    while hi < limit and tokens[hi] not in SENTENCE_END:
        hi += 1
    return lo, hi


def _negated(lexicon: Lexicon, seq: Sequence, tokens: list[str], start: int, end: int) -> bool:
    lo = start
    limit = max(0, start - NEGATION_WINDOW)
    while (
        lo > limit
        and tokens[lo - 1] not in CLAUSE_END
        and tokens[lo - 1] not in lexicon.clause_words
    ):
        lo -= 1
    for i in range(lo, end):
        token = tokens[i]
        if token in lexicon.negation and not (i >= start and token in seq.literals):
            # "can't stop thinking about ..." is not a negation of what follows.
            following = tokens[i + 1 : i + 3]
            if lexicon.negation_cancel.isdisjoint(following):
                return True
    return False


def _reported(
    lexicon: Lexicon,
    tokens: list[str],
    start: int,
    end: int,
    counter: list[int],
    *,
    strict: bool = False,
) -> bool:
    """Reported speech, fiction, training or news about someone else, in the same sentence.

    Strict (broad-net) rules also look inside their own span, and a first-person word between
    the cue and the match does not bring them back.
    """
    lo = start
    limit = max(0, start - TOPIC_WINDOW)
    while lo > limit and tokens[lo - 1] not in SENTENCE_END:
        lo -= 1
    last = end if strict else start
    for name, window in (("report", REPORT_WINDOW), ("topic", TOPIC_WINDOW)):
        cue, cue_end = _cue_in(
            lexicon, name, tokens, max(lo, start - window), last, counter, ends_before=last + 1
        )
        if cue >= 0:
            if strict:
                return True
            # A first-person subject between the cue and the match ("after that film I
            # realised I want to ...") makes the words the writer's own again.
            if lexicon.first_person.isdisjoint(tokens[cue_end:start]):
                return True
    return False


def _conditional(lexicon: Lexicon, tokens: list[str], start: int, counter: list[int]) -> bool:
    lo = start
    limit = max(0, start - CONDITIONAL_WINDOW)
    while lo > limit and tokens[lo - 1] not in CLAUSE_END:
        lo -= 1
    return _cue_in(lexicon, "conditional", tokens, lo, start + 1, counter)[0] >= 0


def _clause_bounds(lexicon: Lexicon, tokens: list[str], start: int, end: int) -> tuple[int, int]:
    lo = start
    limit = max(0, start - TIME_WINDOW_BEFORE)
    while (
        lo > limit
        and tokens[lo - 1] not in CLAUSE_END
        and tokens[lo - 1] not in lexicon.clause_words
    ):
        lo -= 1
    hi = end
    limit = min(len(tokens), end + TIME_WINDOW_AFTER)
    while hi < limit and tokens[hi] not in CLAUSE_END and tokens[hi] not in lexicon.clause_words:
        hi += 1
    return lo, hi


def _childhood_resolved(
    lexicon: Lexicon, tokens: list[str], start: int, end: int, lo: int, hi: int, counter
) -> bool:
    """A childhood memory in its own clause, with "today" only in another one: "When I was
    twelve I wanted to disappear, and today I held that little girl with love." A cue that the
    feeling has come back ("again", "still") anywhere in the sentence keeps it current."""
    c_lo, c_hi = _clause_bounds(lexicon, tokens, start, end)

    def in_clause(name: str) -> bool:
        return _cue_in(lexicon, name, tokens, c_lo, c_hi, counter)[0] >= 0

    if not in_clause("childhood") or in_clause("recent") or in_clause("immediate"):
        return False
    return _cue_in(lexicon, "return", tokens, lo, hi, counter)[0] < 0


def _level_for(
    rule: Rule, lexicon: Lexicon, tokens: list[str], start: int, end: int, counter
) -> str:
    """The level of one match, from the time framing of its sentence (C-SSRS: recency matters)."""
    lo, hi = _sentence_bounds(tokens, start, end)

    def has(name: str) -> bool:
        return _cue_in(lexicon, name, tokens, lo, hi, counter)[0] >= 0

    if rule.tense == "past":
        # "I tried to ..." is history unless the sentence says it is recent ("last night").
        if has("recent") or has("immediate"):
            if _childhood_resolved(lexicon, tokens, start, end, lo, hi, counter):
                return rule.childhood
            return rule.immediate if has("immediate") else rule.level
        if has("childhood"):
            return rule.childhood
        return rule.past if has("past") else rule.undated
    immediate = has("immediate")
    current = immediate or has("present") or has("recent")
    if current and _childhood_resolved(lexicon, tokens, start, end, lo, hi, counter):
        return rule.childhood
    if rule.strict or not current:
        if has("childhood"):
            return rule.childhood
        if has("past"):
            return rule.past
    return rule.immediate if immediate else rule.level


@dataclass(frozen=True)
class Reason:
    rule: str
    category: str
    level: str
    phrase: str
    # Token span of the match in the lexicon's tokens, for the model's features; not reported.
    start: int = field(default=-1, compare=False)
    end: int = field(default=-1, compare=False)

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "category": self.category,
            "level": self.level,
            "phrase": self.phrase,
        }


@dataclass(frozen=True)
class Screening:
    level: str = "none"
    categories: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()
    steps: int = 0  # work done, for the linear-time tests and the benchmark
    # Token spans the rules were sure are not a risk (idioms, negated, someone else's words,
    # conditionals, childhood frames): the statistical model leaves their sentences alone.
    quiet: tuple[tuple[int, int], ...] = ()

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "categories": list(self.categories),
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


NOTHING = Screening()


def _windows(tokens: list[str], lexicon: Lexicon) -> list[tuple[int, int]]:
    """Where matches can start: every rule sequence holds an anchor word, so only positions
    near an anchor can begin a rule match, or an idiom overlapping one. Each anchor word knows
    how far its own sequences reach before and after it."""
    reach = lexicon.reach
    n = len(tokens)
    windows: list[list[int]] = []
    for i in itertools.compress(range(n), map(reach.__contains__, tokens)):
        before, after = reach[tokens[i]]
        # A rule match starts at most `before` tokens before its anchor and ends at most
        # `after` after it; an idiom overlapping it starts at most MAX_IDIOM before it.
        lo, hi = max(0, i - before - MAX_IDIOM), min(n, i + after)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    return [(lo, hi) for lo, hi in windows]


def _overlaps_idiom(spans: list, cursor: int, start: int, end: int, counter: list[int]) -> bool:
    for s, e in itertools.islice(spans, cursor, None):
        counter[0] += 1
        if s >= end:
            return False
        if start < e:
            return True
    return False


def screen_tokens(tokens: list[str], lexicon: Lexicon) -> Screening:
    counter = [0]
    trie = lexicon.trie
    first = trie.first_tokens()
    risks: list[tuple[Sequence, int, int]] = []
    idiom_spans: list[tuple[int, int]] = []
    windows = _windows(tokens, lexicon)
    starts = list(map(first.__contains__, tokens)) if windows else []
    viable = trie.viable
    for lo, hi in windows:
        for i in itertools.compress(range(lo, hi), starts[lo:hi]):
            if not viable(tokens, i, counter):
                continue
            for seq, end in trie.walk(tokens, i, counter):
                if seq.rule is None:
                    idiom_spans.append((i, end))
                else:
                    risks.append((seq, i, end))
    counter[0] += len(tokens)
    if not risks:
        return Screening(steps=counter[0], quiet=tuple(idiom_spans))
    level_rank = 0
    categories: set[str] = set()
    reasons: list[Reason] = []
    seen: set[tuple[str, int]] = set()
    idiom_cursor = 0
    idiom_spans = sorted(set(idiom_spans))
    quiet: list[tuple[int, int]] = list(idiom_spans)
    for seq, start, end in risks:
        rule = seq.rule
        if (rule.id, start) in seen:
            continue
        seen.add((rule.id, start))
        # Idioms are short; only the ones starting near this match can overlap it.
        while idiom_cursor < len(idiom_spans) and idiom_spans[idiom_cursor][0] < start - MAX_IDIOM:
            idiom_cursor += 1
        if (
            len(reasons) >= MAX_REASONS
            and rule.category in categories
            and level_rank >= rule.highest
        ):
            # Nothing this match could add: its category and its highest level are already in.
            continue
        if _overlaps_idiom(idiom_spans, idiom_cursor, start, end, counter):
            continue
        if rule.negatable and _negated(lexicon, seq, tokens, start, end):
            quiet.append((start, end))
            continue
        # Threats are reported speech by nature ("he says he'll kill me"), so only the
        # writer's own feelings are checked for being someone else's words.
        if rule.category != "harm_from_others" and _reported(
            lexicon, tokens, start, end, counter, strict=rule.strict
        ):
            quiet.append((start, end))
            continue
        if rule.conditional_ok and _conditional(lexicon, tokens, start, counter):
            quiet.append((start, end))
            continue
        level = _level_for(rule, lexicon, tokens, start, end, counter)
        if level == "none":
            quiet.append((start, end))
            continue
        categories.add(rule.category)
        level_rank = max(level_rank, LEVEL_RANK[level])
        if len(reasons) < MAX_REASONS:
            reasons.append(
                Reason(rule.id, rule.category, level, " ".join(tokens[start:end]), start, end)
            )
    if not categories:
        return Screening(steps=counter[0], quiet=tuple(quiet))
    level = next(name for name, rank in LEVEL_RANK.items() if rank == level_rank)
    return Screening(
        level=level,
        categories=tuple(c for c in CATEGORIES if c in categories),
        reasons=tuple(reasons),
        steps=counter[0],
    )


def rules_on_tokens(tokens: list[str], lexicon: Lexicon) -> Screening:
    if lexicon.anchors.isdisjoint(tokens):
        return Screening(steps=len(tokens))
    return screen_tokens(tokens, lexicon)


def screen_with(text: str, lexicon: Lexicon) -> Screening:
    """The rules alone."""
    if not text or not text.strip():
        return NOTHING
    return rules_on_tokens(tokenise(text, lexicon), lexicon)
