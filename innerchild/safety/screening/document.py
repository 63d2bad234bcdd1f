"""The document model: the whole text read at once, trained on texts people wrote by hand.

The window model (model.py) reads one or two sentences at a time and was trained mostly on
composed texts; it knows wording, not how people write. This model reads the whole text the way
a careful reader does, with everything the rest of the screener found as extra evidence:

    risk logit   = bias_r + words . w_r + characters . c_r + structure_r + rules_r + window_r
    urgent logit = bias_u + (the same features with the urgent weights)

- words: word and word-pair TF-IDF (sublinear counts, L2-normalised) over the screener's own
  tokens (lower case, accents and apostrophes folded, punctuation left out);
- characters: character 3-5-grams of each word (padded with spaces), weighted by
  their IDF and normalised by sqrt(sum over words of count x the word's squared length), so a
  word's share is computed once and kept (a text costs one lookup per word);
- structure: every feature of the structured reading found anywhere in the text (meaning.py);
- rules: the strongest level the phrase rules found;
- window: the window model's best risk and urgent logits;
the last three at a small scale (OTHER_SCALE).

Trained by bench/train_screener.py on the hand-written texts (content/screening/written/) with
the window model's out-of-fold scores, its thresholds chosen on out-of-fold scores; shipped as
content/screening/model/document.json. Pure Python and a bounded cache; nothing at run time
depends on scikit-learn.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from innerchild.safety.screening.model import PUNCTUATION

CHAR_RANGE = (3, 5)
WINDOW_SCALE = 0.2  # window logits (about -20..10) brought near the other features' scale
WINDOW_CLIP = 12.0
# Everything but words and characters counts at this scale, so it is regularised more: at full
# scale the window scores and the structure crowded out the words and the model did worse on
# texts it had not seen (out of fold, English flagged 0.82 against 0.94 at 8% false alarms);
# at 0.05 they add a little (0.948 English, 0.948 Spanish; bench/train_screener.py prints it).
OTHER_SCALE = 0.05
CACHE_LIMIT = 200_000
LEVELS = ("none", "watch", "urgent")

_TRIPLE = {"type": "array", "items": {"type": "number"}, "minItems": 3, "maxItems": 3}
_PAIR = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
_THRESHOLDS = {
    "type": "object",
    "required": ["risk", "risk_with_rules", "urgent"],
    "additionalProperties": False,
    "properties": {
        name: {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}
        for name in ("risk", "risk_with_rules", "urgent")
    },
}
DOCUMENT_SCHEMA = {
    "type": "object",
    "required": [
        "kind",
        "bias",
        "thresholds",
        "window_sure",
        "words",
        "chars",
        "other",
        "trained",
    ],
    "additionalProperties": False,
    "properties": {
        "kind": {"const": "logistic_regression_document"},
        "note": {"type": "string"},
        "bias": _PAIR,
        "thresholds": {"type": "object", "additionalProperties": _THRESHOLDS},
        "window_sure": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["risk", "urgent", "risk_with_urgent_rules"],
                "additionalProperties": False,
                "properties": {
                    name: {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}
                    for name in ("risk", "urgent", "risk_with_urgent_rules")
                },
            },
        },
        "words": {"type": "object", "additionalProperties": _TRIPLE},  # idf, risk, urgent
        "chars": {"type": "object", "additionalProperties": _TRIPLE},  # idf, risk, urgent
        "other": {"type": "object", "additionalProperties": _PAIR},  # risk, urgent
        "trained": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "training_texts": {"type": "integer", "minimum": 1},
        "regularisation": {"type": "number"},
        "validation": {"type": "object"},
    },
}


def text_words(tokens: list[str]) -> list[str]:
    """The words of a text as the screener's tokeniser gives them (lower case, accents and
    apostrophes folded), without punctuation."""
    return [t for t in tokens if t not in PUNCTUATION]


def word_terms(words: list[str]) -> list[str]:
    """Words and adjacent pairs."""
    return words + list(map(" ".join, pairwise(words)))


def char_grams(word: str, low: int = CHAR_RANGE[0], high: int = CHAR_RANGE[1]) -> list[str]:
    """Character n-grams of one whitespace word padded with spaces; a word shorter than n
    gives itself once."""
    padded = f" {word} "
    out = []
    for n in range(low, high + 1):
        if len(padded) <= n:
            out.append(padded)
            continue
        out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


def other_features(rules_level: str, window_risk: float, window_urgent: float, structure) -> dict:
    """Everything but words and characters: the structured reading, the rules, the window."""
    values = {f"s:{feature}": OTHER_SCALE for feature in structure}
    if rules_level != "none":
        values[f"r:{rules_level}"] = OTHER_SCALE
    for name, logit in (("m:risk", window_risk), ("m:urgent", window_urgent)):
        values[name] = max(-WINDOW_CLIP, min(WINDOW_CLIP, logit)) * WINDOW_SCALE * OTHER_SCALE
    return values


@dataclass
class DocumentModel:
    bias: tuple
    thresholds: dict
    # The window model's scores that at most 1.5% of safe (or non-urgent) hand-written texts reach
    # out of fold: a passage it is that sure of counts even when the whole text reads calm (one
    # risky sentence buried in a long, ordinary entry dilutes the whole text's words).
    # risk_with_urgent_rules: the lower score that is enough when a rule also read the text as
    # urgent (at most 1% of safe texts have both), so two readings of one buried sentence agree.
    window_sure: dict
    words: dict  # term -> (idf, risk weight, urgent weight)
    chars: dict  # n-gram -> (idf, risk weight, urgent weight)
    other: dict  # feature -> (risk weight, urgent weight)
    # Every word seen by number, with one row: (idf, idf x risk weight, idf x urgent weight) of
    # the word as a term (zeros if it is not one), then its character share (risk, urgent,
    # squared norm), so a text's words cost one lookup and one gather.
    # The words of the model's terms come first and stay; past CACHE_LIMIT others the rest is
    # dropped. Word pairs by the numbers of their words (sorted keys first << 32 | second), with
    # their rows in the same order: a text's pairs are one sorted search.
    _base_words: list = field(default_factory=list, repr=False)
    _word_index: dict = field(default_factory=dict, repr=False)
    _word_table: np.ndarray = field(default=None, repr=False)
    _pair_keys: np.ndarray = field(default=None, repr=False)
    _pair_table: np.ndarray = field(default=None, repr=False)
    _other_cache: dict = field(default_factory=dict, repr=False)
    # Numbering words and reading their rows happen under one lock: another thread may start the
    # word table again or grow it in between.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self):
        def row(entry) -> tuple[float, float, float]:
            return (entry[0], entry[0] * entry[1], entry[0] * entry[2])

        singles = {term: entry for term, entry in self.words.items() if " " not in term}
        pairs = {tuple(term.split(" ")): e for term, e in self.words.items() if " " in term}
        ids = {word: n for n, word in enumerate(singles)}
        for pair in pairs:
            for word in pair:
                ids.setdefault(word, len(ids))
        self._base_words = list(ids)
        self._word_index = ids
        self._word_table = np.zeros((max(1024, 2 * len(ids)), 6))
        for word, entry in singles.items():
            self._word_table[ids[word], :3] = row(entry)
        for word, n in ids.items():
            self._word_table[n, 3:] = self._word_share(word)
        keys = np.array([ids[a] << 32 | ids[b] for a, b in pairs], dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        rows = np.array([row(entry) for entry in pairs.values()], dtype=np.float64).reshape(-1, 3)
        self._pair_keys, self._pair_table = keys[order], rows[order]

    def thresholds_for(self, language: str | None) -> dict:
        return self.thresholds.get(language or "") or next(iter(self.thresholds.values()))

    def window_sure_for(self, language: str | None) -> dict:
        return self.window_sure.get(language or "") or next(iter(self.window_sure.values()))

    def _word_share(self, word: str) -> tuple[float, float, float]:
        """(risk, urgent, squared norm) of one whitespace word's character n-grams."""
        r = u = sq = 0.0
        for gram, count in Counter(char_grams(word)).items():
            entry = self.chars.get(gram)
            if entry is not None:
                value = count * entry[0]
                r += value * entry[1]
                u += value * entry[2]
                sq += value * value
        return r, u, sq

    def _positions(self, words: list[str]) -> np.ndarray:
        """The number of the word at each position, adding (and weighing) the words not seen
        yet. Called under the lock."""
        index = self._word_index
        found = list(map(index.get, words))
        if None in found:
            if len(index) + len(words) > CACHE_LIMIT + len(self._base_words):
                index = self._word_index = {w: n for n, w in enumerate(self._base_words)}
            for word in words:
                if word not in index:
                    n = len(index)
                    if n >= len(self._word_table):
                        grown = np.zeros((2 * n, 6))
                        grown[:n] = self._word_table[:n]
                        self._word_table = grown
                    self._word_table[n, :3] = 0.0
                    self._word_table[n, 3:] = self._word_share(word)
                    index[word] = n
            found = list(map(index.__getitem__, words))
        return np.array(found, dtype=np.int64)

    def score(
        self,
        tokens: list[str],
        rules_level: str,
        window_risk: float,
        window_urgent: float,
        structure,
    ) -> tuple[float, float]:
        """(risk logit, urgent logit) of the whole text."""
        r, u = self.bias
        words = text_words(tokens)
        if words:
            with self._lock:
                at_position = self._positions(words)
                ids, counts = np.unique(at_position, return_counts=True)
                rows = self._word_table[ids]
            tf = counts.astype(np.float64)
            # Words and pairs: sublinear TF-IDF, L2-normalised over the terms the model knows
            # (a word that is not a term has a row of zeros). A pair the model knows is made of
            # words it knows: both were in enough texts, and those are numbered first.
            terms, scales = [rows[:, :3]], [1.0 + np.log(tf)]
            if len(words) > 1 and len(self._pair_keys):
                base = len(self._base_words)
                first, second = at_position[:-1], at_position[1:]
                both = (first < base) & (second < base)
                keys, pair_tf = np.unique(first[both] << 32 | second[both], return_counts=True)
                at = np.minimum(np.searchsorted(self._pair_keys, keys), len(self._pair_keys) - 1)
                hit = self._pair_keys[at] == keys
                terms.append(self._pair_table[at[hit]])
                scales.append(1.0 + np.log(pair_tf[hit]))
            table, scale = np.concatenate(terms), np.concatenate(scales)
            norm = math.sqrt(float(np.dot(scale * scale, table[:, 0] * table[:, 0])))
            if norm > 0:
                r += float(np.dot(scale, table[:, 1])) / norm
                u += float(np.dot(scale, table[:, 2])) / norm
            # Characters: each word's share once (kept), normalised over the whole text.
            cr, cu, sq = tf @ rows[:, 3:]
            if sq > 0:
                norm = math.sqrt(sq)
                r += cr / norm
                u += cu / norm
        # The structure and the rules: a few sets recur, so their sums are kept.
        key = (structure, rules_level)
        known = self._other_cache.get(key)
        if known is None:
            known = [0.0, 0.0]
            for name, value in other_features(rules_level, 0.0, 0.0, structure).items():
                entry = self.other.get(name)
                if entry is not None and not name.startswith("m:"):
                    known[0] += value * entry[0]
                    known[1] += value * entry[1]
            if len(self._other_cache) >= CACHE_LIMIT:
                self._other_cache.clear()
            self._other_cache[key] = known
        r += known[0]
        u += known[1]
        for name in ("m:risk", "m:urgent"):
            entry = self.other.get(name)
            if entry is not None:
                logit = window_risk if name == "m:risk" else window_urgent
                value = max(-WINDOW_CLIP, min(WINDOW_CLIP, logit)) * WINDOW_SCALE * OTHER_SCALE
                r += value * entry[0]
                u += value * entry[1]
        return r, u


def build_document_model(data: dict) -> DocumentModel:
    def table(name: str, width: int) -> dict:
        return {key: tuple(float(x) for x in value[:width]) for key, value in data[name].items()}

    return DocumentModel(
        bias=(float(data["bias"][0]), float(data["bias"][1])),
        thresholds=data["thresholds"],
        window_sure=data["window_sure"],
        words=table("words", 3),
        chars=table("chars", 3),
        other=table("other", 2),
    )


def training_features(texts: list[list[str]], min_df_words: int = 2, min_df_chars: int = 3):
    """For training: the IDF tables of words and characters over `texts` (smooth IDF, as
    scikit-learn computes it) and each text's word and character features, valued exactly as
    DocumentModel.score weighs them (with weights of one)."""
    n = len(texts)
    word_df: Counter = Counter()
    char_df: Counter = Counter()
    for tokens in texts:
        words = text_words(tokens)
        word_df.update(set(word_terms(words)))
        char_df.update({g for w in set(words) for g in char_grams(w)})

    def idf(df: int) -> float:
        return math.log((1 + n) / (1 + df)) + 1.0

    word_idf = {t: idf(df) for t, df in word_df.items() if df >= min_df_words}
    char_idf = {g: idf(df) for g, df in char_df.items() if df >= min_df_chars}
    rows = []
    for tokens in texts:
        words = text_words(tokens)
        values: dict[str, float] = {}
        counts = {t: c for t, c in Counter(word_terms(words)).items() if t in word_idf}
        weighted = {t: (1.0 + math.log(c)) * word_idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        for term, value in weighted.items():
            values["w:" + term] = value / norm
        chars: dict[str, float] = {}
        sq = 0.0
        for word, count in Counter(words).items():
            for gram, k in Counter(char_grams(word)).items():
                if gram in char_idf:
                    value = k * char_idf[gram]
                    chars[gram] = chars.get(gram, 0.0) + count * value
                    sq += count * value * value
        norm = math.sqrt(sq) or 1.0
        for gram, value in chars.items():
            values["c:" + gram] = value / norm
        rows.append(values)
    return word_idf, char_idf, rows
