"""The screening engine: token patterns compiled from a language's lexicon, matched in one pass.

Why tokens and not regular expressions: every pattern is a short sequence of word sets and
bounded gaps, matched from positions found through a dictionary lookup. The work per token is
bounded by the lexicon, never by the text, so the cost is linear in the length of the text and
no input can make it backtrack (the only regular expression used is a tokeniser without nested
quantifiers).

Pattern syntax (in the lexicon YAML):
    word            the token itself (text is lower-cased, accents and apostrophes removed)
    a|b|c           any one of these tokens
    @name           any token of the word class `name` (classes: section)
    $name           any of the phrases of macro `name` (macros: section); expanded when loading
    x?              the element may be absent (works on words, alternatives and classes)
    ~N              between 0 and N tokens of any kind except sentence punctuation
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

CUE_KINDS = (
    "report",
    "topic",
    "conditional",
    "past",
    "childhood",
    "present",
    "recent",
    "immediate",
)
LEVEL_RANK = {"none": 0, "watch": 1, "urgent": 2}
CATEGORIES = (
    "suicide_plan_or_intent",
    "suicidal_ideation",
    "self_harm",
    "harm_from_others",
    "hopelessness",
)

TOKEN_RE = re.compile(r"[^\W_]+|[.!?;,:]")
SENTENCE_END = frozenset(".!?;:")
CLAUSE_END = frozenset(".!?;:,")
MAX_EXPANSIONS = 20_000
MAX_REASONS = 25
MAX_IDIOM = 12  # tokens; longer idioms are refused when loading

# Windows (in tokens) around a match in which context cues are looked for. Bounded, so the
# work per match is constant and the whole screen stays linear in the text.
NEGATION_WINDOW = 4
REPORT_WINDOW = 6
TOPIC_WINDOW = 12
TIME_WINDOW_BEFORE = 16
TIME_WINDOW_AFTER = 12
CONDITIONAL_WINDOW = 6

_FOLD = {
    **{ord(c): None for c in "'\u2019\u2018`\u00b4\u02bc"},
    **{
        ord(c): r
        for c, r in zip("áàâäãéèêëíìîïóòôöõúùûüñç", "aaaaaeeeeiiiiooooouuuunc", strict=True)
    },
    **{ord(c): " . " for c in "\n\r\u2028\u2029"},
    **{ord(c): " , " for c in "\u2014\u2013"},
}


def normalise(text: str) -> str:
    return text.lower().translate(_FOLD)


class LexiconError(ValueError):
    pass


@dataclass(frozen=True)
class Sequence:
    rule: Rule | None
    elements: tuple  # each: frozenset of tokens, or an int (a gap of 0..n tokens)
    literals: frozenset

    def match(self, tokens: list[str], start: int, counter: list[int]) -> int:
        """The end index (exclusive) of the shortest match at `start`, or -1."""
        return _match(self.elements, 0, tokens, start, len(tokens), counter)


def _match(elements: tuple, e: int, tokens: list[str], i: int, n: int, counter: list[int]) -> int:
    while e < len(elements):
        counter[0] += 1
        element = elements[e]
        if isinstance(element, int):
            # A gap: try the shortest skip first; it never crosses sentence punctuation.
            for skip in range(element + 1):
                if i + skip > n:
                    return -1
                end = _match(elements, e + 1, tokens, i + skip, n, counter)
                if end >= 0:
                    return end
                if i + skip < n and tokens[i + skip] in SENTENCE_END:
                    return -1
            return -1
        if i >= n or tokens[i] not in element:
            return -1
        i += 1
        e += 1
    return i


class _Node:
    __slots__ = ("by_element", "ends", "gaps", "lit")

    def __init__(self):
        self.by_element: dict = {}  # element -> child, while building
        self.lit: dict[str, list[_Node]] = {}  # token -> children whose element holds it
        self.gaps: list[tuple[int, _Node]] = []
        self.ends: list = []  # payloads of the sequences that end here


class Trie:
    """All sequences of one kind merged on shared prefixes, so shared words are checked once.

    Matching from one position visits each (node, position) pair at most once: the work per
    position is bounded by the size of the lexicon, never by the text.
    """

    def __init__(self):
        self.root = _Node()

    def add(self, sequence: Sequence, payload) -> None:
        node = self.root
        for element in sequence.elements:
            child = node.by_element.get(element)
            if child is None:
                child = node.by_element[element] = _Node()
            node = child
        node.ends.append(payload)

    def freeze(self) -> Trie:
        stack = [self.root]
        while stack:
            node = stack.pop()
            for element, child in node.by_element.items():
                if isinstance(element, int):
                    node.gaps.append((element, child))
                else:
                    for token in element:
                        node.lit.setdefault(token, []).append(child)
                stack.append(child)
        return self

    def first_tokens(self) -> dict:
        return self.root.lit

    def matches(self, tokens: list[str], start: int, counter: list[int]) -> list:
        """[(payload, end)] for every sequence matching at `start`, shortest end per payload."""
        children = self.root.lit.get(tokens[start])
        if not children:
            return []
        n = len(tokens)
        best: dict[int, tuple] = {}
        stack = [(child, start + 1) for child in children]
        # Only gaps can reach the same (node, position) twice; only they need remembering.
        seen: set[tuple[int, int]] = set()
        steps = 0
        while stack:
            node, i = stack.pop()
            steps += 1
            if node.ends:
                for payload in node.ends:
                    known = best.get(id(payload))
                    if known is None or i < known[1]:
                        best[id(payload)] = (payload, i)
            if i < n:
                following = node.lit.get(tokens[i])
                if following:
                    stack.extend((child, i + 1) for child in following)
            if node.gaps:
                for gap, child in node.gaps:
                    lit = child.lit
                    # Only positions whose word can continue after the gap are worth a visit
                    # (a gap is always followed by a word); a gap never crosses punctuation.
                    for j in range(i, min(i + gap, n - 1) + 1):
                        token = tokens[j]
                        if token in lit:
                            key = (id(child), j)
                            if key not in seen:
                                seen.add(key)
                                stack.append((child, j))
                        if token in SENTENCE_END:
                            break
        counter[0] += steps
        return list(best.values())


@dataclass
class Rule:
    id: str
    category: str
    level: str
    past: str
    childhood: str
    immediate: str
    tense: str
    negatable: bool
    conditional_ok: bool
    undated: str = ""  # past-tense rules: the level when no time word frames the sentence
    strict: bool = False  # broad-net rules: any outside voice or past framing silences them

    @property
    def highest(self) -> int:
        return max(
            LEVEL_RANK[level] for level in (self.level, self.past, self.childhood, self.immediate)
        )


@dataclass(frozen=True)
class Match:
    rule: Rule
    start: int
    end: int


@dataclass
class Lexicon:
    language: str
    trie: Trie = field(default_factory=Trie)  # rules and idioms
    anchors: frozenset = frozenset()
    max_span: int = 0  # the most tokens one rule sequence can cover
    spellings: dict = field(default_factory=dict)
    negation: frozenset = frozenset()
    negation_cancel: frozenset = frozenset()
    clause_words: frozenset = frozenset()
    first_person: frozenset = frozenset()
    cues: dict = field(default_factory=dict)  # cue name -> Trie
    rules: list = field(default_factory=list)


_GROUP_RE = re.compile(r"\{([^{}]*)\}")


def _split_pattern(pattern: str, macros: dict) -> tuple[list[str], dict]:
    """Words of a pattern; each {phrase one|phrase two} group becomes an anonymous macro."""
    groups: dict[str, list[str]] = {}

    def name_group(match: re.Match) -> str:
        name = f"_group{len(groups)}"
        groups[name] = [phrase.strip() for phrase in match.group(1).split("|")]
        return f"${name}"

    words = _GROUP_RE.sub(name_group, pattern).split()
    return words, {**macros, **groups} if groups else macros


def _expand(pattern: str, macros: dict, depth: int = 0) -> list[list[str]]:
    """Expand $macros into plain element lists (macros may use other macros, 3 levels deep)."""
    if depth > 3:
        raise LexiconError(f"macro nesting too deep in {pattern!r}")
    options: list[list[list[str]]] = []
    parts, macros = _split_pattern(pattern, macros)
    for part in parts:
        optional = part.endswith("?")
        name = part.rstrip("?")
        if name.startswith("$"):
            if name[1:] not in macros:
                raise LexiconError(f"unknown macro {name} in {pattern!r}")
            expanded = [
                seq for phrase in macros[name[1:]] for seq in _expand(phrase, macros, depth + 1)
            ]
            if optional:
                expanded.append([])
            options.append(expanded)
        else:
            options.append([[part]])
    results = []
    for combo in itertools.product(*options):
        results.append([element for piece in combo for element in piece])
        if len(results) > MAX_EXPANSIONS:
            raise LexiconError(f"pattern {pattern!r} expands to too many phrases")
    return results


def _element(part: str, classes: dict) -> frozenset | int:
    if part.startswith("~"):
        return int(part[1:])
    if part.startswith("@"):
        if part[1:] not in classes:
            raise LexiconError(f"unknown class {part}")
        return frozenset(classes[part[1:]])
    return frozenset(normalise(word) for word in part.split("|"))


def compile_pattern(pattern: str, classes: dict, macros: dict, rule: Rule | None) -> list[Sequence]:
    sequences = []
    for parts in _expand(pattern, macros):
        # Optional elements become separate sequences (each pattern has only a few of them).
        choices = []
        for part in parts:
            if part.endswith("?") and not part.startswith("~"):
                choices.append([_element(part[:-1], classes), None])
            else:
                choices.append([_element(part, classes)])
        for combo in itertools.product(*choices):
            elements = []
            for e in combo:
                if e is None:
                    continue
                if isinstance(e, int) and elements and isinstance(elements[-1], int):
                    # Two gaps in a row (a missing optional word between them) are one gap.
                    elements[-1] += e
                else:
                    elements.append(e)
            # A gap left at the end by a missing optional word matches nothing more; drop it.
            while elements and isinstance(elements[-1], int):
                elements.pop()
            elements = tuple(elements)
            if not elements or isinstance(elements[0], int) or isinstance(elements[-1], int):
                raise LexiconError(f"pattern {pattern!r} must start and end with a word")
            literals = frozenset().union(*(e for e in elements if not isinstance(e, int)))
            sequences.append(Sequence(rule=rule, elements=elements, literals=literals))
    return sequences


def _anchor(seq: Sequence, common: frozenset, very_common: frozenset) -> frozenset:
    """The rarest required word set of a sequence: a text without any of it cannot match."""
    sets = [e for e in seq.elements if not isinstance(e, int)]

    def commonness(words: frozenset) -> int:
        # A word set is as common as its most common word.
        return 2 if words & very_common else 1 if words & common else 0

    # Least common words, then fewest words; on a tie the later word (objects are rarer).
    ranked = sorted(enumerate(sets), key=lambda p: (commonness(p[1]), len(p[1]), -p[0]))
    return ranked[0][1]


def build_lexicon(data: dict) -> Lexicon:
    classes = {name: [normalise(w) for w in words] for name, words in data["classes"].items()}
    macros = data.get("macros", {})
    cues = data["cues"]
    lexicon = Lexicon(language=data["language"])
    common = frozenset(normalise(w) for w in data.get("common_words", []))
    very_common = frozenset(normalise(w) for w in data.get("very_common_words", []))
    sequences: list[Sequence] = []
    for entry in data["rules"]:
        level = entry["level"]
        rule = Rule(
            id=entry["id"],
            category=entry["category"],
            level=level,
            past=entry.get("past", "watch" if level == "urgent" else level),
            childhood=entry.get(
                "childhood", entry.get("past", "watch" if level == "urgent" else level)
            ),
            immediate=entry.get("immediate", level),
            tense=entry.get("tense", "present"),
            negatable=entry.get("negatable", True),
            conditional_ok=entry.get("conditional_ok", level != "urgent"),
        )
        rule.undated = entry.get("undated", rule.past)
        rule.strict = entry.get("strict", False)
        lexicon.rules.append(rule)
        for pattern in entry["patterns"]:
            sequences.extend(compile_pattern(pattern, classes, macros, rule))
    anchors: set[str] = set()
    for seq in sequences:
        anchors |= _anchor(seq, common, very_common)
        lexicon.max_span = max(
            lexicon.max_span, sum(e if isinstance(e, int) else 1 for e in seq.elements)
        )
    for pattern in data.get("idioms", []):
        for seq in compile_pattern(pattern, classes, macros, None):
            width = sum(e if isinstance(e, int) else 1 for e in seq.elements)
            if width > MAX_IDIOM:
                raise LexiconError(f"idiom {pattern!r} is longer than {MAX_IDIOM} tokens")
            sequences.append(seq)
    for seq in sequences:
        # Each sequence is its own payload: it carries the rule (None for idioms) and literals.
        lexicon.trie.add(seq, seq)
    lexicon.trie.freeze()
    lexicon.anchors = frozenset(anchors)
    lexicon.spellings = {
        normalise(k): tuple(normalise(v).split()) for k, v in data.get("spellings", {}).items()
    }
    lexicon.negation = frozenset(normalise(w) for w in cues["negation"])
    lexicon.negation_cancel = frozenset(normalise(w) for w in cues.get("negation_cancel", []))
    lexicon.clause_words = frozenset(normalise(w) for w in cues.get("clause_words", []))
    lexicon.first_person = frozenset(normalise(w) for w in cues["first_person"])
    for name in CUE_KINDS:
        seqs = []
        for pattern in cues.get(name, []):
            seqs.extend(compile_pattern(pattern, classes, macros, None))
        trie = Trie()
        for seq in seqs:
            trie.add(seq, seq)
        lexicon.cues[name] = trie.freeze()
    # A spelling variant may stand for an anchor ("kms"), so variants count as anchors too.
    lexicon.anchors |= frozenset(
        k for k, v in lexicon.spellings.items() if set(v) & lexicon.anchors
    )
    return lexicon


def tokenise(text: str, lexicon: Lexicon) -> list[str]:
    tokens = TOKEN_RE.findall(normalise(text))
    spellings = lexicon.spellings
    if spellings.keys().isdisjoint(tokens):
        return tokens
    out: list[str] = []
    for token in tokens:
        replacement = spellings.get(token)
        if replacement is None:
            out.append(token)
        else:
            out.extend(replacement)
    return out


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
            return rule.immediate if has("immediate") else rule.level
        if has("childhood"):
            return rule.childhood
        return rule.past if has("past") else rule.undated
    immediate = has("immediate")
    if rule.strict or not (immediate or has("present") or has("recent")):
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

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "categories": list(self.categories),
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


NOTHING = Screening()


def _windows(tokens: list[str], lexicon: Lexicon) -> list[tuple[int, int]]:
    """Where matches can start: every rule sequence holds an anchor word, so only positions
    near an anchor can begin a rule match, or an idiom overlapping one."""
    anchors = lexicon.anchors
    before = lexicon.max_span + MAX_IDIOM
    after = lexicon.max_span
    n = len(tokens)
    windows: list[list[int]] = []
    for i, token in enumerate(tokens):
        if token in anchors:
            lo, hi = max(0, i - before), min(n, i + after)
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
    for lo, hi in _windows(tokens, lexicon):
        for i in range(lo, hi):
            if tokens[i] not in first:
                continue
            for seq, end in trie.matches(tokens, i, counter):
                if seq.rule is None:
                    idiom_spans.append((i, end))
                else:
                    risks.append((seq, i, end))
    counter[0] += len(tokens)
    if not risks:
        return Screening(steps=counter[0])
    level_rank = 0
    categories: set[str] = set()
    reasons: list[Reason] = []
    seen: set[tuple[str, int]] = set()
    idiom_cursor = 0
    idiom_spans = sorted(set(idiom_spans))
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
            continue
        # Threats are reported speech by nature ("he says he'll kill me"), so only the
        # writer's own feelings are checked for being someone else's words.
        if rule.category != "harm_from_others" and _reported(
            lexicon, tokens, start, end, counter, strict=rule.strict
        ):
            continue
        if rule.conditional_ok and _conditional(lexicon, tokens, start, counter):
            continue
        level = _level_for(rule, lexicon, tokens, start, end, counter)
        if level == "none":
            continue
        categories.add(rule.category)
        level_rank = max(level_rank, LEVEL_RANK[level])
        if len(reasons) < MAX_REASONS:
            reasons.append(Reason(rule.id, rule.category, level, " ".join(tokens[start:end])))
    if not categories:
        return Screening(steps=counter[0])
    level = next(name for name, rank in LEVEL_RANK.items() if rank == level_rank)
    return Screening(
        level=level,
        categories=tuple(c for c in CATEGORIES if c in categories),
        reasons=tuple(reasons),
        steps=counter[0],
    )


def screen_with(text: str, lexicon: Lexicon) -> Screening:
    if not text or not text.strip():
        return NOTHING
    tokens = tokenise(text, lexicon)
    if lexicon.anchors.isdisjoint(tokens):
        return Screening(steps=len(tokens))
    return screen_tokens(tokens, lexicon)
