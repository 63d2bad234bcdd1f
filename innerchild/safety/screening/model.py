"""A small trained layer beside the lexicon: a regularised logistic regression over words.

The rules are precise but only know the phrasings their authors thought of. The model is a
weighted sum over the words and word pairs of a text ("given my cat", "doesnt need"), trained on
the labelled evaluation set by bench/train_screener.py and shipped as data in
content/screening/model/<language>.json. Inference is pure Python: one dictionary lookup per
token (and one per word pair whose first word starts a known pair), then a sum per sentence.

The model is scored over windows of up to WINDOW_SENTENCES consecutive sentences, because it was
trained on short texts: a long journal entry is judged by its most worrying passage, and its
length alone never adds up to a risk. Sentences in which the rules found an idiom, a negation,
someone else's words, a conditional or a childhood frame are left out ("quiet"), so what the
rules are sure about still wins.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from innerchild.safety.screening.lexicon import SENTENCE_END

WINDOW_SENTENCES = 2
# Punctuation inside a sentence is not a feature and breaks word pairs.
PUNCTUATION = frozenset(".!?;,:")

MODEL_SCHEMA = {
    "type": "object",
    "required": [
        "language",
        "kind",
        "enabled",
        "bias",
        "threshold",
        "weights",
        "trained",
        "data_hash",
        "cross_validation",
    ],
    "additionalProperties": False,
    "properties": {
        "language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
        "kind": {"const": "logistic_regression_words_and_pairs"},
        # Off: shipped and measurable (bench/safety_screener.py), but screen() ignores it.
        "enabled": {"type": "boolean"},
        "note": {"type": "string"},
        "bias": {"type": "number"},
        "threshold": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        "l2": {"type": "number", "exclusiveMinimum": 0},
        "window_sentences": {"type": "integer", "minimum": 1},
        "trained": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "data_hash": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
        "training_texts": {"type": "integer", "minimum": 1},
        "cross_validation": {"type": "object"},
        "weights": {
            "type": "object",
            "minProperties": 1,
            # A feature is one word or two words separated by one space.
            "propertyNames": {"pattern": "^[^\\W_]+( [^\\W_]+)?$"},
            "additionalProperties": {"type": "number"},
        },
    },
}


# content/screening/model/ordinary_<language>.yaml: everyday journal sentences used only as
# training negatives (never to measure the model).
ORDINARY_SCHEMA = {
    "type": "object",
    "required": ["language", "texts"],
    "additionalProperties": False,
    "properties": {
        "language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
        "texts": {"type": "array", "items": {"type": "string", "minLength": 1}},
    },
}


def features(tokens: list[str]) -> list[str]:
    """Words and word pairs of one span of tokens, as used in training (counts matter)."""
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


@dataclass(frozen=True)
class Model:
    language: str
    bias: float
    threshold: float
    unigrams: dict
    bigrams: dict
    pair_starts: frozenset
    window: int = WINDOW_SENTENCES
    enabled: bool = False

    @property
    def logit_threshold(self) -> float:
        return math.log(self.threshold / (1.0 - self.threshold))


def build_model(data: dict) -> Model:
    unigrams, bigrams = {}, {}
    for feature, weight in data["weights"].items():
        (bigrams if " " in feature else unigrams)[feature] = float(weight)
    return Model(
        language=data["language"],
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        unigrams=unigrams,
        bigrams=bigrams,
        pair_starts=frozenset(feature.split(" ", 1)[0] for feature in bigrams),
        window=int(data.get("window_sentences", WINDOW_SENTENCES)),
        enabled=bool(data["enabled"]),
    )


def sentence_scores(tokens: list[str], model: Model) -> tuple[list[float], list[int]]:
    """The summed weights of each sentence, and the index of each sentence's last token.

    One pass over the tokens: a lookup per token, and a second one only after a word that
    starts a known pair."""
    weights = list(map(model.unigrams.get, tokens, itertools.repeat(0.0)))
    bigrams = model.bigrams
    pair_starts = model.pair_starts
    n = len(tokens)
    for i in [i for i, token in enumerate(tokens) if token in pair_starts]:
        if i + 1 < n:
            weight = bigrams.get(tokens[i] + " " + tokens[i + 1])
            if weight is not None:
                weights[i + 1] += weight
    ends = [i for i, token in enumerate(tokens) if token in SENTENCE_END]
    if not ends or ends[-1] != n - 1:
        ends.append(n - 1)
    prefix = list(itertools.accumulate(weights, initial=0.0))
    scores = []
    start = 0
    for end in ends:
        scores.append(prefix[end + 1] - prefix[start])
        start = end + 1
    return scores, ends


def best_window(
    tokens: list[str], model: Model, quiet: tuple = ()
) -> tuple[float, int, int] | None:
    """(logit, first token, end token) of the highest-scoring window of sentences that holds no
    quiet span, or None when every sentence is quiet or the text is empty."""
    if not tokens:
        return None
    scores, ends = sentence_scores(tokens, model)
    starts = [0, *(end + 1 for end in ends[:-1])]
    blocked = [False] * len(scores)
    if quiet:
        # Spans are sorted by start; walk both lists once.
        j = 0
        for span_start, span_end in sorted(quiet):
            while j < len(ends) and ends[j] < span_start:
                j += 1
            k = j
            while k < len(ends) and starts[k] < span_end:
                blocked[k] = True
                k += 1
    best = None
    bias = model.bias
    for i in range(len(scores)):
        total = 0.0
        words = 0
        for k in range(i, min(i + model.window, len(scores))):
            if blocked[k]:
                break
            total += scores[k]
            words += ends[k] - starts[k]
            # Length-normalised, as in training: a long window does not add up to a risk.
            logit = bias + total / math.sqrt(words or 1)
            if best is None or logit > best[0]:
                best = (logit, starts[i], ends[k] + 1)
    return best


def length_of(tokens: list[str]) -> int:
    """The length used to normalise a span's score: its tokens but sentence ends."""
    return sum(token not in SENTENCE_END for token in tokens)


def probability(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    z = math.exp(logit)
    return z / (1.0 + z)
