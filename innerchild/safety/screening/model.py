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

Inference is pure Python: a token's weight (the word and its character n-grams) is computed once
and kept in a bounded cache, so a text costs about one dictionary lookup per token.
"""

from __future__ import annotations

import itertools
import math
import operator
from dataclasses import dataclass, field

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
    pairs_r: dict  # (word, next word) -> risk weight
    pairs_u: dict
    cache_r: dict = field(default_factory=dict)
    cache_u: dict = field(default_factory=dict)
    structure_cache: dict = field(default_factory=dict)

    def token_weight(self, token: str) -> tuple[float, float]:
        """The risk and urgent weight of one token: its word and its character n-grams."""
        if token in self.cache_r:
            return self.cache_r[token], self.cache_u[token]
        r = u = 0.0
        if token not in PUNCTUATION:
            r, u = self.words.get(token, (0.0, 0.0))
            chars = self.chars
            for gram in char_ngrams(token, *self.char_range):
                w = chars.get(gram)
                if w is not None:
                    r += w[0]
                    u += w[1]
        if len(self.cache_r) >= CACHE_LIMIT:
            self.cache_r.clear()
            self.cache_u.clear()
        self.cache_r[token] = r
        self.cache_u[token] = u
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
    return Model(
        languages=tuple(data["languages"]),
        bias=(float(data["bias"][0]), float(data["bias"][1])),
        thresholds=data["thresholds"],
        char_range=(int(data["char_ngrams"][0]), int(data["char_ngrams"][1])),
        words=table("words"),
        pairs=pairs,
        chars=table("chars"),
        structure=table("structure"),
        pairs_r={tuple(key.split(" ", 1)): w[0] for key, w in pairs.items()},
        pairs_u={tuple(key.split(" ", 1)): w[1] for key, w in pairs.items()},
    )


@dataclass(frozen=True)
class Scored:
    risk: float  # best risk logit over windows
    urgent: float  # best urgent logit over windows
    risk_span: tuple[int, int]
    urgent_span: tuple[int, int]
    risk_tags: frozenset
    urgent_tags: frozenset


def _token_sums(model: Model, tokens: list[str]) -> tuple[list, list, list]:
    """Prefix sums over the text of the risk weights, the urgent weights and the word count, so
    that any span costs two subtractions. Each token is weighed once (its word and character
    n-grams, cached); a word pair counts on its second word. All loops run in C (map)."""
    cache_r, cache_u = model.cache_r, model.cache_u
    for token in set(tokens) - cache_r.keys():
        model.token_weight(token)
    r = list(map(cache_r.__getitem__, tokens))
    u = list(map(cache_u.__getitem__, tokens))
    if len(tokens) > 1:
        pairs = list(itertools.pairwise(tokens))
        zeros = itertools.repeat(0.0)
        r[1:] = map(operator.add, r[1:], map(model.pairs_r.get, pairs, zeros))
        u[1:] = map(operator.add, u[1:], map(model.pairs_u.get, pairs, zeros))
    punctuation = itertools.accumulate(map(PUNCTUATION.__contains__, tokens), initial=0)
    return (
        list(itertools.accumulate(r, initial=0.0)),
        list(itertools.accumulate(u, initial=0.0)),
        [i - p for i, p in enumerate(punctuation)],
    )


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
    """The best risk and urgent logits over windows of one or two sentences."""
    prefix_r, prefix_u, prefix_words = _token_sums(model, tokens)
    sums = [
        (
            prefix_r[s.end] - prefix_r[s.start],
            prefix_u[s.end] - prefix_u[s.start],
            prefix_words[s.end] - prefix_words[s.start],
        )
        for s in sentences
    ]
    structure = [_structure_sum(model, s.features) for s in sentences]
    text_r, text_u = _structure_sum(model, text_features)
    base_r, base_u = model.bias[0] + text_r, model.bias[1] + text_u
    best_r = best_u = -math.inf
    span_r = span_u = (0, 0)
    tags_r = tags_u = frozenset()
    n = len(sentences)
    for i, sentence in enumerate(sentences):
        for k in range(i, min(i + WINDOW_SENTENCES, n)):
            if k == i:
                words_r, words_u, count = sums[i]
                struct_r, struct_u = structure[i]
                tags = sentence.tags
            else:
                words_r += sums[k][0]
                words_u += sums[k][1]
                count += sums[k][2]
                # Features both sentences share count once, as in training.
                shared_r, shared_u = _structure_sum(
                    model, sentence.features & sentences[k].features
                )
                struct_r += structure[k][0] - shared_r
                struct_u += structure[k][1] - shared_u
                tags = tags | sentences[k].tags
            if count == 0:
                continue
            norm = math.sqrt(count)
            logit_r = base_r + words_r / norm + struct_r
            logit_u = base_u + words_u / norm + struct_u
            if logit_r > best_r:
                best_r, span_r, tags_r = logit_r, (sentence.start, sentences[k].end), tags
            if logit_u > best_u:
                best_u, span_u, tags_u = logit_u, (sentence.start, sentences[k].end), tags
    return Scored(best_r, best_u, span_r, span_u, tags_r, tags_u)


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
