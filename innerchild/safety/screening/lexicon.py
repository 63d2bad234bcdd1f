"""The lexicon compiler: token patterns from a language's YAML, merged into one trie.

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
    . , ! ?         punctuation is a token too; every text ends with a sentence end (".")
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
    "return",
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

_FOLD = {
    **{ord(c): None for c in "'\u2019\u2018`\u00b4\u02bc"},
    **{
        ord(c): r
        for c, r in zip("áàâäãéèêëíìîïóòôöõúùûüñç", "aaaaaeeeeiiiiooooouuuunc", strict=True)
    },
    **{ord(c): " . " for c in "\n\r\u2028\u2029"},
    **{ord(c): " , " for c in "\u2014\u2013"},
}


# The same folding for text within Latin-1 (most Spanish), done on bytes: str.translate walks
# non-ASCII text one dictionary lookup per character, bytes.translate is one table lookup.
_LATIN_FOLD = bytes(
    ord(_FOLD[c]) if c in _FOLD and isinstance(_FOLD[c], str) and len(_FOLD[c]) == 1 else c
    for c in range(256)
)
_LATIN_DELETE = bytes(c for c in range(256) if c in _FOLD and _FOLD[c] is None)
_LATIN_SPLIT = tuple(
    (bytes((c,)), _FOLD[c].encode("latin-1"))
    for c in range(256)
    if c in _FOLD and isinstance(_FOLD[c], str) and len(_FOLD[c]) > 1
)


def normalise(text: str) -> str:
    text = text.lower()
    if text.isascii():
        return text.translate(_FOLD)  # CPython's fast path for ASCII
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return text.translate(_FOLD)
    raw = raw.translate(_LATIN_FOLD, _LATIN_DELETE)
    for char, replacement in _LATIN_SPLIT:
        if char in raw:
            raw = raw.replace(char, replacement)
    return raw.decode("latin-1")


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
    __slots__ = ("by_element", "ends", "gap_words", "gaps", "lit", "max_gap")

    def __init__(self):
        self.by_element: dict = {}  # element -> child, while building
        self.lit: dict[str, list[_Node]] = {}  # token -> children whose element holds it
        self.gaps: list[tuple[int, _Node]] = []
        self.ends: list = []  # payloads of the sequences that end here
        self.gap_words: frozenset = frozenset()  # words that can follow any of the gaps
        self.max_gap = 0


class Trie:
    """All sequences of one kind merged on shared prefixes, so shared words are checked once.

    Matching from one position visits each (node, position) pair at most once: the work per
    position is bounded by the size of the lexicon, never by the text.
    """

    def __init__(self):
        self.root = _Node()
        self.first: dict[str, tuple] = {}

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
        stack = [self.root]
        while stack:
            node = stack.pop()
            stack.extend(node.by_element.values())
            if node.gaps:
                node.gap_words = frozenset().union(*(child.lit.keys() for _gap, child in node.gaps))
                node.max_gap = max(gap for gap, _child in node.gaps)
        # First word -> (a sequence may end after it, the words its children take next, the
        # words they may take after a gap with how far to look, how many children).
        self.first = {
            token: (
                any(child.ends for child in children),
                frozenset().union(*(child.lit.keys() for child in children)),
                tuple((child.gap_words, child.max_gap + 1) for child in children if child.gaps),
                len(children),
            )
            for token, children in self.root.lit.items()
        }
        return self

    def first_tokens(self) -> dict:
        return self.root.lit

    def viable(self, tokens: list[str], start: int, counter: list[int]) -> bool:
        """Whether a sequence might match at `start`. Most starts die at once: no sequence ends
        after their word, takes the next word, or finds a word it could take after a gap. Those
        cost one step per child of the root, as the walk would have counted them."""
        found = self.first.get(tokens[start])
        if found is None:
            return False
        ends, words, gaps, count = found
        if ends:
            return True
        i = start + 1
        if i < len(tokens) and tokens[i] in words:
            return True
        for gap_words, width in gaps:
            if not gap_words.isdisjoint(tokens[i : i + width]):
                return True
        counter[0] += count
        return False

    def matches(self, tokens: list[str], start: int, counter: list[int]) -> list:
        """[(payload, end)] for every sequence matching at `start`, shortest end per payload."""
        if not self.viable(tokens, start, counter):
            return []
        return self.walk(tokens, start, counter)

    def walk(self, tokens: list[str], start: int, counter: list[int]) -> list:
        """matches() for a start already found viable()."""
        children = self.root.lit[tokens[start]]
        n = len(tokens)
        best: dict[int, tuple] = {}
        stack = [(child, start + 1) for child in children]
        pop, push = stack.pop, stack.append
        # Only gaps can reach the same (node, position) twice; only they need remembering.
        seen: set[tuple[int, int]] = set()
        steps = 0
        while stack:
            node, i = pop()
            steps += 1
            if node.ends:
                for payload in node.ends:
                    known = best.get(id(payload))
                    if known is None or i < known[1]:
                        best[id(payload)] = (payload, i)
            if i < n:
                following = node.lit.get(tokens[i])
                if following:
                    for child in following:
                        push((child, i + 1))
            if node.gaps:
                # Only positions whose word can continue after a gap are worth a visit (a gap
                # is always followed by a word); a gap never crosses punctuation. One walk over
                # the positions serves every gap; the visits are stacked gap by gap.
                words = node.gap_words
                found = []
                for j in range(i, min(i + node.max_gap, n - 1) + 1):
                    token = tokens[j]
                    if token in words:
                        found.append(j)
                    if token in SENTENCE_END:
                        break
                if found:
                    for gap, child in node.gaps:
                        lit = child.lit
                        last = i + gap
                        for j in found:
                            if j > last:
                                break
                            if tokens[j] in lit:
                                key = (id(child), j)
                                if key not in seen:
                                    seen.add(key)
                                    push((child, j))
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
    # anchor word -> (the most tokens a rule match can cover before it, and from it to the end)
    reach: dict = field(default_factory=dict)
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
    if not part:
        raise LexiconError("empty word in a pattern (a lone '?' means 'optional')")
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


def _width(element) -> int:
    return element if isinstance(element, int) else 1


def _anchor(seq: Sequence, common: frozenset, very_common: frozenset) -> int:
    """The index of the rarest required word set of a sequence: a text without any of its words
    cannot match. Punctuation is never an anchor (every text has it)."""

    def commonness(words: frozenset) -> int:
        # A word set is as common as its most common word.
        if words & CLAUSE_END:
            return 3
        return 2 if words & very_common else 1 if words & common else 0

    sets = [(i, e) for i, e in enumerate(seq.elements) if not isinstance(e, int)]
    # Least common words, then fewest words; on a tie the later word (objects are rarer).
    ranked = sorted(sets, key=lambda p: (commonness(p[1]), len(p[1]), -p[0]))
    return ranked[0][0]


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
    reach: dict[str, tuple[int, int]] = {}
    for seq in sequences:
        index = _anchor(seq, common, very_common)
        # How far a match can reach before and after its anchor word (gaps at full width).
        head = sum(map(_width, seq.elements[:index]))
        tail = sum(map(_width, seq.elements[index:]))
        for word in seq.elements[index]:
            known = reach.get(word, (0, 0))
            reach[word] = (max(known[0], head), max(known[1], tail))
    for pattern in data.get("idioms", []):
        for seq in compile_pattern(pattern, classes, macros, None):
            width = sum(map(_width, seq.elements))
            if width > MAX_IDIOM:
                raise LexiconError(f"idiom {pattern!r} is longer than {MAX_IDIOM} tokens")
            sequences.append(seq)
    for seq in sequences:
        # Each sequence is its own payload: it carries the rule (None for idioms) and literals.
        lexicon.trie.add(seq, seq)
    lexicon.trie.freeze()
    lexicon.reach = reach
    lexicon.anchors = frozenset(reach)
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
    """Tokens of the text; the text always ends a sentence, so a pattern can say "." for the
    end of a sentence ("end it ." but not "end it with him")."""
    tokens = TOKEN_RE.findall(normalise(text))
    if tokens and tokens[-1] not in SENTENCE_END:
        tokens.append(".")
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
