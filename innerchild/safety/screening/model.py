"""The trained layer: two logistic regressions over the structured reading, words and characters.

One model serves every language (the structured features are shared; words and character
n-grams of each language sit side by side). It scores windows of one or two consecutive
sentences, because a long entry is judged by its most worrying passage and its length alone must
never add up to a risk:

    risk logit   = bias_r + (words + word pairs + character n-grams) / sqrt(tokens) + structure_r
    urgent logit = bias_u + (the same features with the urgent weights)

`risk` separates watch-or-urgent from none, `urgent` separates urgent from the rest. A text is
flagged when its best window reaches the risk threshold, or a lower one (`risk_with_rules`) when
a rule found something in it; a flagged text is `urgent` when its best window reaches the urgent
threshold or a rule found urgent wording. Thresholds are per language, chosen on a validation split that the model was not
fitted on (bench/train_screener.py), and shipped with the weights in
content/screening/model/model.json.

Inference is a few array operations (numpy): a token's weight (the word and its character
n-grams) is computed once and kept in a bounded, numbered table, so a text costs one dictionary
lookup per token, one gather, a sorted search for the word pairs the model knows, and a running
sum; the windows are scored together.
"""

from __future__ import annotations

import itertools
import math
import threading
from dataclasses import dataclass, field

import numpy as np

from innerchild.safety.screening.lexicon import SENTENCE_END
from innerchild.safety.screening.meaning import Sentence

PUNCTUATION = frozenset(".!?;,:")

WINDOW_SENTENCES = 2
CACHE_LIMIT = 200_000
_PAIR = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
_WEIGHTS = {"type": "object", "additionalProperties": _PAIR}

MODEL_SCHEMA = {
    "type": "object",
    "required": [
        "kind",
        "languages",
        "bias",
        "thresholds",
        "char_ngrams",
        "words",
        "pairs",
        "chars",
        "structure",
        "trained",
        "data_hash",
    ],
    "additionalProperties": False,
    "properties": {
        "kind": {"const": "logistic_regression_meaning_words_chars"},
        "languages": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]{2,3}$"}},
        "note": {"type": "string"},
        "bias": _PAIR,
        "thresholds": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["risk", "risk_with_rules", "urgent"],
                "additionalProperties": False,
                "properties": {
                    "risk": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
                    "risk_with_rules": {
                        "type": "number",
                        "exclusiveMinimum": 0,
                        "exclusiveMaximum": 1,
                    },
                    "urgent": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
                },
            },
        },
        "char_ngrams": {
            "type": "array",
            "items": {"type": "integer", "minimum": 1},
            "minItems": 2,
            "maxItems": 2,
        },
        "words": _WEIGHTS,
        "pairs": _WEIGHTS,
        "chars": _WEIGHTS,
        "structure": _WEIGHTS,
        "trained": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "data_hash": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
        "training_texts": {"type": "integer", "minimum": 1},
        "validation": {"type": "object"},
        "regularisation": {"type": "number"},
    },
}


def char_ngrams(token: str, low: int, high: int) -> list[str]:
    padded = f" {token} "
    return [padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)]


def word_features(tokens: list[str]) -> list[str]:
    """Words and adjacent word pairs of one span (punctuation breaks a pair)."""
    out: list[str] = []
    prev = None
    for token in tokens:
        if token in PUNCTUATION:
            prev = None
            continue
        out.append(token)
        if prev is not None:
            out.append(prev + " " + token)
        prev = token
    return out


class TokenTable:
    """Every token seen so far, numbered, with its risk and urgent weight (its word and its
    character n-grams) in one array, so a text's weights are one gather. The words of the
    model's word pairs are numbered first, so a pair is one integer key. Bounded: past
    CACHE_LIMIT tokens it starts again from those words."""

    def __init__(self, weigh, pair_words: list[str]):
        self._weigh = weigh
        self._base = pair_words
        self.reset()

    def reset(self) -> None:
        self.lock = getattr(self, "lock", None) or threading.Lock()
        self.index: dict[str, int] = {}
        self.weights = np.zeros((max(1024, 2 * len(self._base)), 3))
        self.add(self._base)

    def add(self, tokens: list[str]) -> None:
        size = len(self.index)
        if size + len(tokens) > len(self.weights):
            grown = np.zeros((2 * (size + len(tokens)), 3))
            grown[:size] = self.weights[:size]
            self.weights = grown
        for offset, token in enumerate(tokens):
            self.index[token] = size + offset
            r, u = self._weigh(token)
            self.weights[size + offset] = (r, u, token not in PUNCTUATION)

    def weights_of(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """These tokens' numbers and a copy of their rows, taken under the lock: another thread
        may start the table again or grow it between numbering the tokens and reading their
        rows. The words of the model's pairs keep their numbers when the table starts again."""
        with self.lock:
            ids = self.ids(tokens)
            return ids, self.weights[ids]

    def ids(self, tokens: list[str]) -> np.ndarray:
        found = list(map(self.index.get, tokens))
        if None in found:
            if len(self.index) + len(tokens) > CACHE_LIMIT + len(self._base):
                self.reset()
            self.add([t for t in dict.fromkeys(tokens) if t not in self.index])
            found = list(map(self.index.__getitem__, tokens))
        return np.array(found, dtype=np.int64)


@dataclass
class Model:
    languages: tuple
    bias: tuple
    thresholds: dict
    char_range: tuple
    words: dict
    pairs: dict
    chars: dict
    structure: dict
    # Word pairs by the numbers of their words in `tokens`: sorted keys (first << 32 | second)
    # and their (risk, urgent) weights in the same order.
    pair_keys: np.ndarray = field(default=None, repr=False)
    pair_values: np.ndarray = field(default=None, repr=False)
    tokens: TokenTable = field(default=None, repr=False)
    structure_cache: dict = field(default_factory=dict)

    def token_weight(self, token: str) -> tuple[float, float]:
        """The risk and urgent weight of one token: its word and its character n-grams."""
        r = u = 0.0
        if token not in PUNCTUATION:
            r, u = self.words.get(token, (0.0, 0.0))
            chars = self.chars
            for gram in char_ngrams(token, *self.char_range):
                w = chars.get(gram)
                if w is not None:
                    r += w[0]
                    u += w[1]
        return r, u

    def thresholds_for(self, language: str | None) -> tuple[float, float, float]:
        """(risk, risk when a rule found something, urgent), as logits."""
        chosen = self.thresholds.get(language or "") or self.thresholds[self.languages[0]]
        return (
            _logit(chosen["risk"]),
            _logit(chosen["risk_with_rules"]),
            _logit(chosen["urgent"]),
        )


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def build_model(data: dict) -> Model:
    def table(name: str) -> dict:
        return {key: (float(v[0]), float(v[1])) for key, v in data[name].items()}

    pairs = table("pairs")
    model = Model(
        languages=tuple(data["languages"]),
        bias=(float(data["bias"][0]), float(data["bias"][1])),
        thresholds=data["thresholds"],
        char_range=(int(data["char_ngrams"][0]), int(data["char_ngrams"][1])),
        words=table("words"),
        pairs=pairs,
        chars=table("chars"),
        structure=table("structure"),
    )
    split = [key.split(" ", 1) for key in pairs]
    model.tokens = TokenTable(
        model.token_weight, list(dict.fromkeys(w for pair in split for w in pair))
    )
    index = model.tokens.index
    keys = np.array([index[a] << 32 | index[b] for a, b in split], dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    model.pair_keys = keys[order]
    model.pair_values = np.array(list(pairs.values()), dtype=np.float64).reshape(-1, 2)[order]
    return model


@dataclass(frozen=True)
class Scored:
    risk: float  # best risk logit over windows
    urgent: float  # best urgent logit over windows
    risk_span: tuple[int, int]
    urgent_span: tuple[int, int]
    risk_tags: frozenset
    urgent_tags: frozenset


def _token_sums(model: Model, tokens: list[str]) -> np.ndarray:
    """Prefix sums over the text of the risk weights, the urgent weights and the word count
    (rows 0..len(tokens)), so that any span costs two subtractions. Each token is weighed once
    (its word and character n-grams, kept in the token table); a word pair counts on its second
    word."""
    ids, weights = model.tokens.weights_of(tokens)
    if len(ids) > 1 and len(model.pair_keys):
        keys = ids[:-1] << 32 | ids[1:]
        at = np.minimum(np.searchsorted(model.pair_keys, keys), len(model.pair_keys) - 1)
        known = np.flatnonzero(model.pair_keys[at] == keys)
        weights[known + 1, :2] += model.pair_values[at[known]]
    sums = np.zeros((len(ids) + 1, 3))
    np.cumsum(weights, axis=0, out=sums[1:])
    return sums


def _structure_sum(model: Model, features: frozenset) -> tuple[float, float]:
    # Everyday sentences share a few feature sets ({"c:who_me"}, ...): their sums are kept.
    known = model.structure_cache.get(features)
    if known is not None:
        return known
    r = u = 0.0
    structure = model.structure
    for feature in features:
        w = structure.get(feature)
        if w is not None:
            r += w[0]
            u += w[1]
    if len(model.structure_cache) >= CACHE_LIMIT:
        model.structure_cache.clear()
    model.structure_cache[features] = (r, u)
    return r, u


def score(
    model: Model, tokens: list[str], sentences: list[Sentence], text_features: frozenset
) -> Scored:
    """The best risk and urgent logits over windows of one or two sentences (the first best
    window in reading order when two are equal)."""
    n = len(sentences)
    if not n:
        return Scored(-math.inf, -math.inf, (0, 0), (0, 0), frozenset(), frozenset())
    sums = _token_sums(model, tokens)
    bounds = np.array([s.start for s in sentences] + [s.end for s in sentences], dtype=np.int64)
    per_sentence = sums[bounds[n:]] - sums[bounds[:n]]  # risk, urgent, words
    # Each sentence's structure, then what two neighbours share (it counts once in a window, as
    # in training), in one array.
    features = [s.features for s in sentences]
    shared = [a & b for a, b in itertools.pairwise(features)]
    structure = np.array([_structure_sum(model, f) for f in features + shared])
    text_r, text_u = _structure_sum(model, text_features)
    base = np.array((model.bias[0] + text_r, model.bias[1] + text_u))
    # Windows in reading order: (0, 0), (0, 1), (1, 1), (1, 2), ..., (n - 1, n - 1).
    words = np.empty((2 * n - 1, 3))
    struct = np.empty((2 * n - 1, 2))
    words[0::2] = per_sentence
    struct[0::2] = structure[:n]
    if n > 1:
        words[1::2] = per_sentence[:-1] + per_sentence[1:]
        struct[1::2] = structure[: n - 1] + (structure[1:n] - structure[n:])
    count = words[:, 2]
    empty = count == 0
    # An empty window (punctuation only) is never chosen; dividing it by 1 avoids a warning.
    logits = base + words[:, :2] / np.sqrt(np.where(empty, 1.0, count))[:, None] + struct
    logits[empty] = -math.inf
    best = logits.argmax(axis=0)
    spans, tags = [], []
    for window in best:
        i = window // 2
        k = i + window % 2
        if empty[window]:
            spans.append((0, 0))
            tags.append(frozenset())
            continue
        spans.append((sentences[i].start, sentences[k].end))
        tags.append(sentences[i].tags | sentences[k].tags if k > i else sentences[i].tags)
    return Scored(
        float(logits[best[0], 0]),
        float(logits[best[1], 1]),
        spans[0],
        spans[1],
        tags[0],
        tags[1],
    )


def window_vectors(tokens: list[str], sentences: list[Sentence], text_features: frozenset):
    """For training: (first sentence, last sentence, {feature: value}) of every window, valued
    exactly as `score` weighs them (words and characters over sqrt(tokens), structure 1)."""
    out = []
    for i in range(len(sentences)):
        for k in range(i, min(i + WINDOW_SENTENCES, len(sentences))):
            span = tokens[sentences[i].start : sentences[k].end]
            words = [t for t in span if t not in PUNCTUATION]
            if not words:
                continue
            values: dict[str, float] = {}
            norm = 1.0 / math.sqrt(len(words))
            for feature in word_features(span):
                key = ("p:" if " " in feature else "w:") + feature
                values[key] = values.get(key, 0.0) + norm
            for token in words:
                key = "x:" + token
                values[key] = values.get(key, 0.0) + norm
            for j in range(i, k + 1):
                for feature in sentences[j].features:
                    values["s:" + feature] = 1.0
            for feature in text_features:
                values["s:" + feature] = 1.0
            out.append((i, k, values))
    return out


def probability(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    z = math.exp(logit)
    return z / (1.0 + z)


def is_sentence_end(token: str) -> bool:
    return token in SENTENCE_END
