"""Train the screener's statistical layer and print its cross-validated figures.

    .venv/bin/python bench/train_screener.py            # train, print figures, write the models
    .venv/bin/python bench/train_screener.py --dry-run  # print figures only

Per language: an L2-regularised logistic regression (pure Python, no extra dependency) over the
words, word pairs and lexicon word classes of the labelled evaluation texts
(content/screening/eval/<lang>.yaml; risk = expect watch or urgent), plus training-only ordinary
sentences (content/screening/model/ordinary_<lang>.yaml). The regularisation strength and the decision threshold are chosen by
stratified 5-fold cross-validation with a fixed seed, so that the false-positive rate of rules +
model on non-risk texts stays <= 0.05 with the highest sensitivity. The model is scored exactly as
at run time (best window of sentences, sentences the rules were sure about left out), so the
cross-validated figures are those of the combination. Writes content/screening/model/<lang>.json.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import math
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innerchild.settings")

import django

django.setup()

from innerchild.core.content import load_validated  # noqa: E402
from innerchild.safety.evaluation import EVAL_DIR, Item, load_items  # noqa: E402
from innerchild.safety.screening import MODEL_DIR, lexicon_for  # noqa: E402
from innerchild.safety.screening.engine import rules_on_tokens  # noqa: E402
from innerchild.safety.screening.lexicon import tokenise  # noqa: E402
from innerchild.safety.screening.model import (  # noqa: E402
    ORDINARY_SCHEMA,
    WINDOW_SENTENCES,
    Model,
    best_window,
    features,
    length_of,
)

SEED = 20261124
FOLDS = 5
L2_GRID = (0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001)
MAX_FPR = 0.05
MIN_COUNT = 2  # a feature must occur in at least this many training texts
PRUNE = 1e-4  # weights smaller than this are not shipped
ITERATIONS = 400
# The prior of the model: a window of unknown words has probability 1 / (1 + e) = 0.27. Risk
# texts are 55 % of the evaluation set but rare in real journals, and a learned bias learns
# "short = risk" from this set (its risk texts are shorter than its ordinary ones).
FIXED_BIAS = -1.0
USE_CLASSES = True  # --no-classes to compare


# token -> the lexicon classes (word sets such as @means, @vehicle) it belongs to. A class is a
# feature in training ("@means" generalises from "pills" to "blade"); when the model is written,
# each class weight is added to the weight of every word in the class, so inference still only
# looks words up.
CLASSES: dict[str, tuple[str, ...]] = {}


def load_classes(language: str) -> None:
    import yaml

    CLASSES.clear()
    if not USE_CLASSES:
        return
    path = MODEL_DIR.parent / "lexicon" / f"{language}.yaml"
    classes = yaml.safe_load(path.read_text(encoding="utf-8")).get("classes", {})
    for name, words in classes.items():
        for word in words:
            if " " not in word and word.isalnum():
                CLASSES[word] = (*CLASSES.get(word, ()), "@" + name)


def fold_classes(weights: dict[str, float]) -> dict[str, float]:
    out = {f: w for f, w in weights.items() if not f.startswith("@")}
    for word, names in CLASSES.items():
        extra = sum(weights.get(name, 0.0) for name in names)
        if extra:
            out[word] = out.get(word, 0.0) + extra
    return out


class Example:
    def __init__(self, item, lexicon):
        self.item = item
        self.tokens = tokenise(item.text, lexicon)
        self.rules = rules_on_tokens(self.tokens, lexicon)
        self.counts: dict[str, int] = {}
        for feature in features(self.tokens):
            self.counts[feature] = self.counts.get(feature, 0) + 1
            for name in CLASSES.get(feature, ()):
                self.counts[name] = self.counts.get(name, 0) + 1
        self.label = 1 if item.expect != "none" else 0
        self.norm = math.sqrt(length_of(self.tokens) or 1)

    @property
    def rules_flag(self) -> bool:
        return self.rules.level != "none"


def stratified_folds(examples: list[Example], k: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    fold = [0] * len(examples)
    for label in (0, 1):
        indices = [i for i, e in enumerate(examples) if e.label == label]
        rng.shuffle(indices)
        for position, index in enumerate(indices):
            fold[index] = position % k
    return fold


def train(examples: list[Example], l2: float) -> tuple[float, dict[str, float]]:
    """Minimise mean log loss + l2/2 |w|^2 (bias not penalised) by accelerated gradient descent."""
    document_frequency: dict[str, int] = {}
    for example in examples:
        for feature in example.counts:
            document_frequency[feature] = document_frequency.get(feature, 0) + 1
    vocabulary = sorted(f for f, n in document_frequency.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocabulary)}
    # Counts are divided by the square root of the text's length, as at run time, so that a
    # long journal entry does not add up to a risk and a short one is not one by being short.
    rows = [
        [(index[f], c / e.norm) for f, c in sorted(e.counts.items()) if f in index]
        for e in examples
    ]
    labels = [e.label for e in examples]
    n, d = len(rows), len(vocabulary)
    # Step size from the largest eigenvalue of X^T X / n (power iteration), bias included.
    vector = [1.0] * (d + 1)
    eigen = 1.0
    for _ in range(30):
        product = [0.0] * (d + 1)
        for row in rows:
            dot = vector[d] + sum(vector[j] * c for j, c in row)
            for j, c in row:
                product[j] += dot * c
            product[d] += dot
        eigen = math.sqrt(sum(v * v for v in product)) / n
        norm = math.sqrt(sum(v * v for v in product)) or 1.0
        vector = [v / norm for v in product]
    step = 1.0 / (0.25 * eigen + l2)
    weights = [0.0] * (d + 1)  # last one is the bias
    # The bias is fixed and low: a window of unknown words means "no risk", so the words
    # themselves must carry the evidence (risk texts in the set are shorter than ordinary ones,
    # and a free bias would learn "short = risk" and flag any short sentence).
    weights[d] = FIXED_BIAS
    previous = weights[:]
    for t in range(1, ITERATIONS + 1):
        momentum = (t - 1) / (t + 2)
        look = [w + momentum * (w - p) for w, p in zip(weights, previous, strict=True)]
        gradient = [l2 * w for w in look]
        gradient[d] = 0.0
        for row, y in zip(rows, labels, strict=True):
            z = look[d] + sum(look[j] * c for j, c in row)
            p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            g = (p - y) / n
            for j, c in row:
                gradient[j] += g * c
        previous = weights
        weights = [w - step * g for w, g in zip(look, gradient, strict=True)]
    return weights[d], fold_classes({f: weights[i] for f, i in index.items()})


def as_model(language: str, bias: float, weights: dict[str, float]) -> Model:
    unigrams = {f: w for f, w in weights.items() if " " not in f and w}
    bigrams = {f: w for f, w in weights.items() if " " in f and w}
    return Model(
        language=language,
        bias=bias,
        threshold=0.5,
        unigrams=unigrams,
        bigrams=bigrams,
        pair_starts=frozenset(f.split(" ", 1)[0] for f in bigrams),
    )


def window_logit(example: Example, model: Model) -> float:
    best = best_window(example.tokens, model, example.rules.quiet)
    return -math.inf if best is None else best[0]


def ordinary_examples(language: str, lexicon) -> list[Example]:
    """Training-only negatives: everyday journal sentences, never used to measure."""
    path = MODEL_DIR / f"ordinary_{language}.yaml"
    if not path.exists():
        return []
    data = load_validated(path, ORDINARY_SCHEMA).data
    return [
        Example(Item(language, text, "none", "negative", "ordinary"), lexicon)
        for text in data["texts"]
    ]


def out_of_fold_logits(
    examples: list[Example], folds: list[int], l2: float, language: str, extra=()
):
    logits = [0.0] * len(examples)
    for k in range(FOLDS):
        training = [e for e, f in zip(examples, folds, strict=True) if f != k] + list(extra)
        bias, weights = train(training, l2)
        model = as_model(language, bias, weights)
        for i, example in enumerate(examples):
            if folds[i] == k:
                logits[i] = window_logit(example, model)
    return logits


def choose_threshold(examples: list[Example], logits: list[float]) -> float:
    """The lowest logit threshold at which rules + model keep the FPR <= MAX_FPR."""
    negatives = [e for e in examples if not e.label]
    allowed = math.floor(MAX_FPR * len(negatives)) - sum(e.rules_flag for e in negatives)
    scores = sorted(
        (lg for e, lg in zip(examples, logits, strict=True) if not e.label and not e.rules_flag),
        reverse=True,
    )
    scores = [s for s in scores if s > -math.inf]
    if allowed < 0:
        return math.inf
    if allowed >= len(scores):
        return scores[-1] if scores else 0.0
    # Halfway between the last negative allowed through and the first one kept out.
    above = scores[allowed - 1] if allowed > 0 else scores[0] + 1.0
    return (above + scores[allowed]) / 2


def combined(examples, logits, threshold, keep=lambda e: True) -> dict:
    chosen = [(e, lg) for e, lg in zip(examples, logits, strict=True) if keep(e)]
    risk = [(e, lg) for e, lg in chosen if e.label]
    safe = [(e, lg) for e, lg in chosen if not e.label]

    def flagged(e, lg):
        return e.rules_flag or lg >= threshold

    return {
        "sensitivity": [sum(flagged(e, lg) for e, lg in risk), len(risk)],
        "false_positives": [sum(flagged(e, lg) for e, lg in safe), len(safe)],
    }


def rules_only(examples, keep=lambda e: True) -> dict:
    chosen = [e for e in examples if keep(e)]
    return {
        "sensitivity": [sum(e.rules_flag for e in chosen if e.label), sum(e.label for e in chosen)],
        "false_positives": [
            sum(e.rules_flag for e in chosen if not e.label),
            sum(not e.label for e in chosen),
        ],
    }


def nested_threshold_figures(examples, folds, logits) -> dict:
    """Each fold judged with a threshold chosen on the other folds' out-of-fold scores only."""
    flags = [False] * len(examples)
    for k in range(FOLDS):
        others = [i for i in range(len(examples)) if folds[i] != k]
        threshold = choose_threshold([examples[i] for i in others], [logits[i] for i in others])
        for i in range(len(examples)):
            if folds[i] == k:
                flags[i] = examples[i].rules_flag or logits[i] >= threshold
    risk = [f for e, f in zip(examples, flags, strict=True) if e.label]
    safe = [f for e, f in zip(examples, flags, strict=True) if not e.label]
    return {"sensitivity": [sum(risk), len(risk)], "false_positives": [sum(safe), len(safe)]}


def fmt(figure: dict) -> str:
    (hit, risk), (fp, safe) = figure["sensitivity"], figure["false_positives"]
    return (
        f"sensitivity {hit}/{risk} = {hit / max(risk, 1):.3f}, "
        f"false-positive rate {fp}/{safe} = {fp / max(safe, 1):.3f}"
    )


def probability_of(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-logit))


def run(language: str, write: bool, use_ordinary: bool = True, enable: bool = False) -> None:
    lexicon = lexicon_for(language)
    load_classes(language)
    items = [i for i in load_items() if i.language == language]
    examples = [Example(item, lexicon) for item in items]
    folds = stratified_folds(examples, FOLDS, SEED)
    extra = ordinary_examples(language, lexicon) if use_ordinary else []
    print(
        f"== {language}: {len(examples)} texts, {sum(e.label for e in examples)} risk; "
        f"{len(extra)} ordinary training-only negatives "
        f"({sum(e.rules_flag for e in extra)} flagged by the rules)"
    )
    print(f"  rules only (all texts):      {fmt(rules_only(examples))}")
    heldout = lambda e: e.item.group == "heldout"  # noqa: E731
    print(f"  rules only (heldout group):  {fmt(rules_only(examples, heldout))}")
    best = None
    for l2 in L2_GRID:
        logits = out_of_fold_logits(examples, folds, l2, language, extra)
        threshold = choose_threshold(examples, logits)
        figure = combined(examples, logits, threshold)
        nested = nested_threshold_figures(examples, folds, logits)
        model_alone = combined([_WithoutRules(e) for e in examples], logits, threshold)
        print(f"  l2={l2:<6} threshold p={probability_of(threshold):.3f}")
        print(f"    rules + model, CV:               {fmt(figure)}")
        print(f"    rules + model, CV, fold-blind t: {fmt(nested)}")
        print(f"    model alone, CV:                 {fmt(model_alone)}")
        key = (figure["sensitivity"][0], nested["sensitivity"][0], l2)
        if best is None or key > best[0]:
            best = (key, l2, threshold, figure, nested, model_alone, logits)
    _, l2, threshold, figure, nested, model_alone, logits = best
    print(f"  chosen l2={l2}, threshold p={probability_of(threshold):.3f}")
    for group in ("dev", "heldout"):
        keep = lambda e, g=group: e.item.group == g  # noqa: E731
        print(f"    {group:8} rules only {fmt(rules_only(examples, keep))}")
        print(f"    {group:8} rules + model CV {fmt(combined(examples, logits, threshold, keep))}")
    urgent = [(e, lg) for e, lg in zip(examples, logits, strict=True) if e.item.expect == "urgent"]
    print(
        "    urgent texts found (rules or model, CV): "
        f"{sum(e.rules_flag or lg >= threshold for e, lg in urgent)}/{len(urgent)}"
    )
    bias, weights = train(examples + extra, l2)
    shipped = {f: round(w, 4) for f, w in sorted(weights.items()) if abs(w) >= PRUNE}
    shipped = {f: w for f, w in shipped.items() if w}
    final = as_model(language, bias, shipped)
    in_sample = [window_logit(e, final) for e in examples]
    print(f"  in-sample (means little):   {fmt(combined(examples, in_sample, threshold))}")
    print(f"  shipped features: {len(shipped)}")
    if not write:
        return
    data_hash = hashlib.sha256((EVAL_DIR / f"{language}.yaml").read_bytes()).hexdigest()
    document = {
        "language": language,
        "kind": "logistic_regression_words_and_pairs",
        "enabled": enable,
        "note": "Written by bench/train_screener.py; do not edit by hand.",
        "trained": datetime.date.today().isoformat(),
        "data_hash": f"sha256:{data_hash}",
        "training_texts": len(examples) + len(extra),
        "l2": l2,
        "window_sentences": WINDOW_SENTENCES,
        "threshold": round(probability_of(threshold), 6),
        "bias": round(bias, 6),
        "cross_validation": {
            "folds": FOLDS,
            "seed": SEED,
            "rules_only": rules_only(examples),
            "rules_and_model": figure,
            "rules_and_model_fold_blind_threshold": nested,
            "model_alone": model_alone,
        },
        "weights": shipped,
    }
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    path = MODEL_DIR / f"{language}.json"
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"  wrote {path}")


class _WithoutRules:
    """An example seen by the model alone (no rules, nothing quiet)."""

    def __init__(self, example: Example):
        self.label = example.label
        self.rules_flag = False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dry-run", action="store_true", help="print figures, write nothing")
    parser.add_argument("--lang", action="append", help="only this language (repeatable)")
    parser.add_argument(
        "--enable",
        action="store_true",
        help="write the models with enabled: true (screen() then uses them)",
    )
    parser.add_argument("--no-classes", action="store_true", help="words and pairs only")
    parser.add_argument(
        "--no-ordinary", action="store_true", help="without the training-only ordinary texts"
    )
    options = parser.parse_args()
    global USE_CLASSES
    USE_CLASSES = not options.no_classes
    for language in options.lang or ("en", "es"):
        run(
            language,
            write=not options.dry_run,
            use_ordinary=not options.no_ordinary,
            enable=options.enable,
        )


if __name__ == "__main__":
    main()
