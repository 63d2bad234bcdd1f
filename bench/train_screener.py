"""Train the screener's model, choose its operating point on out-of-fold scores, write it.

    PYTHONHASHSEED=0 .venv/bin/python bench/train_screener.py   # train, print figures, write
    .venv/bin/python bench/train_screener.py --dry-run            # print figures only
    (needs scikit-learn: .venv/bin/pip install -e '.[bench]'; the app itself does not)

Data, per language (all written for this project; the held-out set in bench/heldout/ is never
read here):
- content/screening/corpus/<lang>.yaml: families of wording with a level, slots, filler
  sentences and the pieces of each form. Texts are composed from them in the forms people use
  here: short notes, long entries with one sentence that matters buried inside, letters to and
  from the younger self, two-voice dialogues, trigger logs, texting without punctuation, mixed
  languages;
- content/screening/eval/<lang>.yaml: the older labelled evaluation texts;
- content/screening/model/ordinary_<lang>.yaml: everyday journal sentences (negatives);
- the product's own words (screening/product.py): prompts, scripts, suggestions, demo content;
- content/screening/written/<lang>/*.yaml: texts written whole, by hand, with a level (the
  window model takes a long risk text's risky windows by multiple-instance learning).

Then the document model (bench/train_document_model.py) is trained on the texts written whole,
with the window model's out-of-fold scores, and written to content/screening/model/document.json.

Folds: every template, filler sentence and other text belongs to one of FOLDS folds by a hash of
its words, and a fold's texts are composed only from its own templates and fillers, so a model
fitted without a fold has never seen that fold's wording. A hand-written text's fold is its
writer's (writer_folds: each writer's batch, or blind set, whole in one fold), so out-of-fold
scores are those of writers the model has not seen. The model is fitted on windows of one
or two sentences (a window is labelled with the level of the composed passage it holds whole;
windows holding part of it are left out), exactly as model.score() reads them. Out-of-fold
scores choose the thresholds, per language (choose_thresholds); the shipped model is then fitted
on all folds. Writes content/screening/model/model.json.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import json
import math
import os
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innerchild.settings")

import django

django.setup()

import numpy as np  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from train_document_model import train_document  # noqa: E402

from innerchild.core.content import load_yaml  # noqa: E402
from innerchild.safety.evaluation import load_items  # noqa: E402
from innerchild.safety.screening import (  # noqa: E402
    CORPUS_DIR,
    DOCUMENT_FILE,
    MODEL_DIR,
    MODEL_FILE,
    RULES_URGENT_AT,
    analyse,
    lexicon_for,
)
from innerchild.safety.screening.lexicon import tokenise  # noqa: E402
from innerchild.safety.screening.model import (  # noqa: E402
    build_model,
    char_ngrams,
    probability,
    score,
    window_vectors,
)
from innerchild.safety.screening.product import product_texts  # noqa: E402
from innerchild.safety.screening.written import load_written  # noqa: E402

# Read once per language: every fold and the writers' folds need them.
written_texts = functools.cache(load_written)

SEED = 20261125
FOLDS = 5
RENDERINGS = 12  # composed texts per template
PLAIN_TEXTS = 500  # texts of only filler and painful-but-safe sentences, per language
CHAR_RANGE = (3, 5)
USE_CHARS = True
WORD_SCALE = 0.4
MIN_COUNT = 3  # a feature must occur in at least this many training windows
MAX_NONE_WINDOWS = 8  # per composed text, so long entries do not drown the rest
C = 1.0
MAX_FALSE_ALARMS = 0.05
MAX_FALSE_URGENT = 0.05
MAX_FALSE_ALARMS_WITH_RULES = 0.08  # the bound for indirect wording and forms
PRUNE = 0.002
WRITTEN = -2  # fragment index of a hand-written text: the whole text is the labelled unit
MAX_NONE_WINDOWS_WRITTEN = 12
WRITTEN_WEIGHT = 2.0  # a hand-written window counts as this many composed ones
MIL_MARGIN = 1.0  # risk windows of a long written text: its best ones, within this logit
MIL_MAX = 2
FORMS = ("short", "long", "letter_to", "letter_from", "dialogue", "trigger_log", "texting", "mixed")
LEVELS = ("none", "watch", "urgent")


def fold_of(text: str) -> int:
    digest = hashlib.sha256(("split:" + text).encode()).digest()
    return digest[0] % FOLDS


def fill(rng: random.Random, template: str, slots: dict) -> str:
    return re.sub(
        r"\{(\w+)\}",
        lambda m: rng.choice(slots[m.group(1)]) if m.group(1) in slots else "",
        template,
    )


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def texting(text: str, table: dict) -> str:
    out = text.lower()
    for long, short in table.items():
        out = re.sub(rf"\b{re.escape(long.lower())}\b", short, out)
    return re.sub(r"[.,;:!?¿¡]", "", out)


class Composer:
    """Composes whole texts in each form from one language's corpus, for one split."""

    def __init__(self, data: dict, other: dict | None, fold: int, rng: random.Random):
        self.rng = rng
        self.slots = data["slots"]
        self.forms = data["forms"]
        self.filler = [t for t in data["filler"] if fold_of(t) == fold]
        self.painful = [t for t in data["painful_safe"] if fold_of(t) == fold]
        self.other_filler = list(other["filler"]) if other else []
        self.child_voice = [
            t for f in data["families"] if f["family"] == "child_voice" for t in f["texts"]
        ]

    def line(self, pool: list[str]) -> str:
        return sentence_case(fill(self.rng, self.rng.choice(pool), self.slots))

    def background(self, count: int) -> list[str]:
        pool = self.filler + self.painful
        return [self.line(pool) for _ in range(count)]

    def compose(self, fragment: str | None, form: str) -> tuple[list[str], int, str]:
        """(segments, index of the fragment or -1, separator)."""
        rng = self.rng
        f = self.forms
        frag = [fragment] if fragment else []
        if form == "short":
            parts = self.background(rng.choice((0, 0, 1)))
            segments = parts + frag if rng.random() < 0.6 else frag + parts
            return segments, (segments.index(fragment) if fragment else -1), " "
        if form == "long":
            segments = self.background(rng.randint(6, 14))
            if fragment:
                segments.insert(rng.randint(1, len(segments)), fragment)
            return (
                segments,
                (segments.index(fragment) if fragment else -1),
                rng.choice((" ", "\n\n", " ")),
            )
        if form == "letter_to":
            segments = [self.line(f["letter_to_open"]), *self.background(rng.randint(1, 4))]
            if fragment:
                segments.insert(rng.randint(1, len(segments)), fragment)
            segments.append(self.line(f["letter_to_close"]))
            return segments, (segments.index(fragment) if fragment else -1), rng.choice(("\n", " "))
        if form == "letter_from":
            segments = [self.line(f["letter_from_open"])]
            segments += [self.line(f["letter_from_lines"]) for _ in range(rng.randint(2, 4))]
            if fragment:
                segments.insert(rng.randint(1, len(segments)), fragment)
            segments.append(self.line(f["letter_from_close"]))
            return segments, (segments.index(fragment) if fragment else -1), "\n"
        if form == "dialogue":
            adult, child = rng.choice(f["dialogue_adult"]), rng.choice(f["dialogue_child"])
            segments = []
            for _k in range(rng.randint(2, 4)):
                segments.append(f"{child}: {self.line(self.child_voice)}")
                segments.append(f"{adult}: {self.line(f['adult_lines'])}")
            index = -1
            if fragment:
                index = rng.randint(1, len(segments))
                segments.insert(index, f"{adult}: {fragment}")
            return segments, index, "\n"
        if form == "trigger_log":
            names = f["trigger_fields"]
            segments = [
                f"{names[0]}: {self.line(f['triggers'])}.",
                f"{names[1]}: {rng.choice(self.slots['feeling'])}.",
                f"{names[2]}: {self.line(f['responses'])}.",
            ]
            index = -1
            if fragment:
                index = rng.choice((1, 2))
                segments[index] = f"{names[index]}: {fragment}"
            return segments, index, "\n"
        if form == "texting":
            segments = [texting(s, f["texting"]) for s in self.background(rng.choice((0, 1, 2)))]
            index = -1
            if fragment:
                index = rng.randint(0, len(segments))
                segments.insert(index, texting(fragment, f["texting"]))
            return segments, index, " "
        if form == "mixed":
            segments = self.background(rng.randint(1, 4))
            if self.other_filler:
                segments.insert(
                    rng.randint(0, len(segments)),
                    fill(rng, rng.choice(self.other_filler), self.slots),
                )
            index = -1
            if fragment:
                tail = rng.choice(f["mixed"])
                piece = f"{fragment} {tail}" if rng.random() < 0.5 else fragment
                index = rng.randint(0, len(segments))
                segments.insert(index, piece)
            return segments, index, " "
        raise ValueError(form)


def corpus_texts(language: str, data: dict, other: dict | None, fold: int, seed: int):
    """(text, level, family, form, segments, fragment index, separator) for one fold: its
    templates, composed with its own filler sentences."""
    rng = random.Random(f"{seed}:{language}:{fold}")
    composer = Composer(data, other, fold, rng)
    out = []
    for family in data["families"]:
        for template in family["texts"]:
            if fold_of(template) != fold:
                continue
            for _ in range(RENDERINGS):
                fragment = sentence_case(fill(rng, template, data["slots"]))
                form = rng.choice(FORMS)
                if family["family"] in ("letter_love",) and form in ("dialogue", "trigger_log"):
                    form = "letter_to"
                if family["family"] == "child_voice":
                    form = "dialogue"
                segments, index, sep = composer.compose(fragment, form)
                out.append(
                    (
                        sep.join(segments),
                        family["level"],
                        family["family"],
                        form,
                        segments,
                        index,
                        sep,
                    )
                )
    for _ in range(PLAIN_TEXTS // FOLDS):
        form = rng.choice(FORMS)
        segments, index, sep = composer.compose(None, form)
        out.append((sep.join(segments), "none", "everyday", form, segments, -1, sep))
    return out


def other_texts(language: str, fold: int):
    out = []
    for item in load_items():
        if item.language != language or fold_of(item.text) != fold:
            continue
        family = "older_" + item.kind
        out.append((item.text, item.expect, family, "short", [item.text], 0, " "))
    # The product's own words (prompts, scripts, suggestions, demo content) are safe writing.
    for file, text_language, text in product_texts():
        if text_language == language and fold_of(file + text) == fold:
            out.append((text, "none", "product_words", "short", [text], -1, " "))
    path = MODEL_DIR / f"ordinary_{language}.yaml"
    if path.exists():
        for text in load_yaml(path).data["texts"]:
            if fold_of(text) != fold:
                continue
            out.append((text, "none", "ordinary", "short", [text], -1, " "))
    return out


def writer_of(text_id: str) -> str:
    """The batch a hand-written text came from: one writer's share ("tr-en-a-0001" -> "a") or a
    blind round ("en3-0001" -> "en3")."""
    parts = text_id.split("-")
    return parts[2] if parts[0] == "tr" and len(parts) > 3 else parts[0]


@functools.cache
def writer_folds(language: str) -> dict[str, int]:
    """Each writer's batch goes whole into one fold, the largest first into the smallest fold.

    Out-of-fold scores then say how the model reads a writer it has never seen, which is what
    the held-out set (and every person using the app) is; folds by single text let a model see
    the same writer's other texts and chose thresholds that gave too many false alarms on the
    next blind round."""
    sizes: dict[str, int] = defaultdict(int)
    for item in written_texts(language):
        sizes[writer_of(item.id)] += 1
    totals = [0] * FOLDS
    folds = {}
    for writer in sorted(sizes, key=lambda w: (-sizes[w], w)):
        fold = min(range(FOLDS), key=lambda k: (totals[k], k))
        folds[writer] = fold
        totals[fold] += sizes[writer]
    return folds


def written_records(language: str, fold: int):
    """The hand-written texts (content/screening/written/<language>/) of one fold."""
    folds = writer_folds(language)
    return [
        (item.text, item.level, "written:" + item.family, item.form, [item.text], WRITTEN, " ")
        for item in written_texts(language)
        if folds[writer_of(item.id)] == fold
    ]


def owners(tokens: list[str], segments: list[str], lexicon, text: str) -> list[int] | None:
    """The segment each token of the whole text came from (-1 for separators)."""
    owner = [-1] * len(tokens)
    p = 0
    for index, segment in enumerate(segments):
        seg = tokenise(segment, lexicon)
        if seg and seg[-1] == "." and segment.rstrip()[-1:] not in ".!?;:":
            seg = seg[:-1]
        for token in seg:
            while p < len(tokens) and tokens[p] != token:
                p += 1
            if p >= len(tokens):
                return None
            owner[p] = index
            p += 1
    return owner


def written_windows(record, language: str, rng: random.Random):
    """(values, label) of a hand-written text's windows. A safe text's windows are all `none`.
    A risk text is labelled as a whole: when one window holds it all, that window has its
    level; otherwise which sentences carry the risk is not written down, so every window is a
    candidate ("?watch", "?urgent") and the training picks the ones a model trained without
    them scores highest (multiple-instance learning, see select_candidates)."""
    text, level = record[0], record[1]
    analysis = analyse(text, language)
    sentences = analysis.sentences
    windows = window_vectors(analysis.tokens, sentences, analysis.text_features)
    if level == "none":
        rng.shuffle(windows)
        return [(values, "none") for _f, _l, values in windows[:MAX_NONE_WINDOWS_WRITTEN]]
    whole = [values for first, last, values in windows if first == 0 and last == len(sentences) - 1]
    if whole:
        return [(whole[0], level)]
    return [(values, "?" + level) for _f, _l, values in windows]


def windows_of(record, language: str, rng: random.Random):
    text, level, _family, _form, segments, index, _sep = record
    if index == WRITTEN:
        return written_windows(record, language, rng)
    analysis = analyse(text, language)
    tokens = analysis.tokens
    owner = owners(tokens, segments, lexicon_for(language), text)
    if owner is None:
        return []
    sentences = analysis.sentences
    risky = level != "none" and index >= 0
    risky_tokens = {i for i, o in enumerate(owner) if o == index} if risky else set()
    risky_sentences = {
        k for k, s in enumerate(sentences) if risky_tokens & set(range(s.start, s.end))
    }
    whole = len(risky_sentences) > 2
    out, nones = [], []
    for first, last, values in window_vectors(tokens, sentences, analysis.text_features):
        held = set(range(first, last + 1))
        if not risky or not (held & risky_sentences):
            nones.append((values, "none"))
        elif risky_sentences <= held or whole:
            out.append((values, level))
    rng.shuffle(nones)
    return out + nones[: (MAX_NONE_WINDOWS if risky or len(sentences) > 3 else len(nones))]


def expand(values: dict) -> dict:
    """Turn x:<token> into its character n-grams (the runtime sums them per token). Words and
    characters are scaled by WORD_SCALE: a smaller scale regularises them more than the
    structured features, which generalise across wordings (export() undoes the scale)."""
    out = {}
    for key, value in values.items():
        if key.startswith("x:"):
            if not USE_CHARS:
                continue
            for gram in char_ngrams(key[2:], *CHAR_RANGE):
                out["g:" + gram] = out.get("g:" + gram, 0.0) + value * WORD_SCALE
        elif key.startswith("s:"):
            out[key] = value
        else:
            out[key] = value * WORD_SCALE
    return out


def export(vectoriser, risk, urgent, languages, thresholds, meta) -> dict:
    tables = {"w": {}, "p": {}, "g": {}, "s": {}}
    for name, wr, wu in zip(vectoriser.feature_names_, risk.coef_[0], urgent.coef_[0], strict=True):
        if abs(wr) < PRUNE and abs(wu) < PRUNE:  # before scaling: as the model weighs them
            continue
        scale = 1.0 if name[0] == "s" else WORD_SCALE
        tables[name[0]][name[2:]] = [round(float(wr) * scale, 4), round(float(wu) * scale, 4)]
    return {
        "kind": "logistic_regression_meaning_words_chars",
        "languages": list(languages),
        "note": "Trained by bench/train_screener.py; thresholds chosen on its validation split.",
        "bias": [round(float(risk.intercept_[0]), 4), round(float(urgent.intercept_[0]), 4)],
        "thresholds": thresholds,
        "char_ngrams": list(CHAR_RANGE),
        "words": tables["w"],
        "pairs": tables["p"],
        "chars": tables["g"],
        "structure": tables["s"],
        **meta,
    }


POLICIES = {
    "model": lambda model, rules: model,
    "rules": lambda model, rules: rules,
    "max": lambda model, rules: max(model, rules, key=LEVELS.index),
    "urgent-up": lambda model, rules: "urgent" if model != "none" and rules == "urgent" else model,
}


def fit(x, y_risk, y_urgent, c: float, weights=None):
    risk = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    urgent = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    risk.fit(x, y_risk, sample_weight=weights)
    urgent.fit(x, y_urgent, sample_weight=weights)
    return risk, urgent


def fit_with_candidates(x, labels, owner, weights, use, c: float):
    """Fit on the windows in `use` whose label is known, then add each long written risk
    text's best candidate windows (scored by that first model, which never saw them) with the
    text's level, and fit again."""
    known = use & ~np.char.startswith(labels, "?")
    seed, _ = fit(x[known], labels[known] != "none", labels[known] == "urgent", c, weights[known])
    candidates = np.flatnonzero(use & np.char.startswith(labels, "?"))
    chosen = select_candidates(seed.decision_function(x[candidates]), candidates, owner)
    keep = known.copy()
    keep[chosen] = True
    level = np.where(np.char.startswith(labels, "?"), np.char.lstrip(labels, "?"), labels)
    return fit(x[keep], level[keep] != "none", level[keep] == "urgent", c, weights[keep])


def select_candidates(scores, candidates, owner) -> list[int]:
    best: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for value, row in zip(scores, candidates, strict=True):
        best[owner[row]].append((float(value), int(row)))
    chosen = []
    for ranked in best.values():
        ranked.sort(reverse=True)
        top = ranked[0][0]
        chosen.extend(row for value, row in ranked[:MIL_MAX] if value >= top - MIL_MARGIN)
    return chosen


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def level_of(risk: float, urgent: float, rules: str, thresholds: dict) -> str:
    """As screening.decide(): flagged when the model is sure, or when a rule found something and
    the model agrees enough; urgent when flagged and the model or a rule says urgent."""
    flagged = risk >= _logit(thresholds["risk"]) or (
        rules != "none" and risk >= _logit(thresholds["risk_with_rules"])
    )
    if not flagged:
        return "none"
    urgent_by_rules = rules == "urgent" and urgent >= RULES_URGENT_AT
    return "urgent" if urgent >= _logit(thresholds["urgent"]) or urgent_by_rules else "watch"


def document_level(document, rules: str, window, thresholds: dict, sure: dict) -> str:
    """As screening.decide() with the document model: flagged by its own score (with the rules'
    help), or by a window the window model is sure of, or fairly sure of while a rule reads the
    text as urgent; urgent as level_of() says, or when the sure window is also sure of urgency."""
    risk, urgent = document
    window_sure = window[0] >= _logit(sure["risk"]) or (
        rules == "urgent" and window[0] >= _logit(sure["risk_with_urgent_rules"])
    )
    level = level_of(risk, urgent, rules, thresholds)
    if not window_sure:
        return level
    if window[1] >= _logit(sure["urgent"]):
        return "urgent"
    if level != "none":
        return level
    # Flagged by the window alone: urgent on the same terms as any flagged text.
    by_rules = rules == "urgent" and urgent >= RULES_URGENT_AT
    return "urgent" if urgent >= _logit(thresholds["urgent"]) or by_rules else "watch"


def choose_thresholds(
    scored,
    max_false_alarms: float | None = None,
    max_false_alarms_with_rules: float | None = None,
) -> dict:
    """scored: (risk logit, urgent logit, rule level, level) of texts the model was not fitted
    on. `urgent` keeps at most MAX_FALSE_URGENT of the non-urgent texts at urgent; `risk` keeps
    the model's own false alarms <= MAX_FALSE_ALARMS; `risk_with_rules` is the lowest threshold
    for texts a rule flagged that keeps all false alarms <= MAX_FALSE_ALARMS_WITH_RULES: the
    rules know explicit wording ("I'm going to kill myself tonight") that the model, trained
    mostly on indirect wording, may score lower."""
    non_urgent = sorted(u for _r, u, _rules, level in scored if level != "urgent")
    urgent_cut = non_urgent[
        min(len(non_urgent) - 1, math.floor(len(non_urgent) * (1 - MAX_FALSE_URGENT)))
    ]
    none = [(r, rules) for r, _u, rules, level in scored if level == "none"]
    plain = sorted(r for r, _rules in none)
    own = MAX_FALSE_ALARMS if max_false_alarms is None else max_false_alarms
    bound = (
        MAX_FALSE_ALARMS_WITH_RULES
        if max_false_alarms_with_rules is None
        else max_false_alarms_with_rules
    )
    risk_cut = plain[min(len(plain) - 1, math.floor(len(plain) * (1 - own)))] + 1e-4
    allowed = math.floor(len(none) * bound)
    with_rules = risk_cut
    for candidate in sorted(
        {r for r, rules in none if rules != "none" and r < risk_cut}, reverse=True
    ):
        alarms = sum(
            1 for r, rules in none if r >= risk_cut or (rules != "none" and r >= candidate)
        )
        if alarms > allowed:
            break
        with_rules = candidate
    return {
        "risk": round(probability(risk_cut), 6),
        "risk_with_rules": round(probability(with_rules), 6),
        "urgent": round(probability(urgent_cut + 1e-4), 6),
    }


def figures(records, levels) -> dict:
    """Per family and form: sensitivity, urgent at urgent, false alarms."""
    rows = defaultdict(lambda: [0, 0, 0, 0, 0, 0])  # risk, found, urgent, urgent_hit, none, alarms
    for record, got in zip(records, levels, strict=True):
        _text, level, family, form = record[:4]
        for key in ("all", "family:" + family, "form:" + form):
            row = rows[key]
            if level == "none":
                row[4] += 1
                row[5] += got != "none"
            else:
                row[0] += 1
                row[1] += got != "none"
                if level == "urgent":
                    row[2] += 1
                    row[3] += got == "urgent"
    return dict(rows)


def print_figures(title: str, rows: dict) -> None:
    print(title)
    for key in sorted(rows, key=lambda k: (k != "all", k)):
        risk, found, urgent, hit, none, alarms = rows[key]
        parts = []
        if risk:
            parts.append(f"sensitivity {found}/{risk} = {found / risk:.2f}")
        if urgent:
            parts.append(f"urgent {hit}/{urgent} = {hit / urgent:.2f}")
        if none:
            parts.append(f"false alarms {alarms}/{none} = {alarms / none:.2f}")
        print(f"  {key:32} " + "  ".join(parts))


def main() -> None:
    global USE_CHARS, WORD_SCALE
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--c", type=float, default=C)
    parser.add_argument("--no-chars", action="store_true", help="words and structure only")
    parser.add_argument("--word-scale", type=float, default=WORD_SCALE)
    parser.add_argument("--dump-out-of-fold", metavar="FILE", help="write out-of-fold scores")
    options = parser.parse_args()
    USE_CHARS = not options.no_chars
    WORD_SCALE = options.word_scale
    started = time.perf_counter()
    corpora = {p.stem: load_yaml(p).data for p in sorted(CORPUS_DIR.glob("*.yaml"))}
    languages = tuple(corpora)
    digest = hashlib.sha256()
    records = []  # (language, fold, record)
    for language, corpus in corpora.items():
        other = next((c for code, c in corpora.items() if code != language), None)
        digest.update(json.dumps(corpus, sort_keys=True).encode())
        for item in written_texts(language):
            digest.update(f"{item.id}|{item.level}|{item.text}".encode())
        for fold in range(FOLDS):
            for record in (
                corpus_texts(language, corpus, other, fold, SEED)
                + other_texts(language, fold)
                + written_records(language, fold)
            ):
                records.append((language, fold, record))
        written = sum(r[0] == language and r[2][5] == WRITTEN for r in records)
        print(f"{language}: {sum(r[0] == language for r in records)} texts, {written} written")
    rng = random.Random(SEED)
    rows, labels, window_fold, owner, weights = [], [], [], [], []
    analyses = []
    rule_levels = []
    for n, (language, fold, record) in enumerate(records):
        for values, level in windows_of(record, language, rng):
            rows.append(expand(values))
            labels.append(level)
            window_fold.append(fold)
            owner.append(n)
            weights.append(WRITTEN_WEIGHT if record[5] == WRITTEN else 1.0)
        analysis = analyse(record[0], language)
        analyses.append((analysis.tokens, analysis.sentences, analysis.text_features))
        rule_levels.append(max((r.level for r in analysis.rules), key=LEVELS.index))
    print(f"windows: {len(rows)} ({time.perf_counter() - started:.0f} s)")
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        for key in row:
            counts[key] += 1
    rows = [{k: v for k, v in row.items() if counts[k] >= MIN_COUNT} for row in rows]
    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform(rows)
    labels = np.array(labels)
    weights = np.array(weights)
    window_fold = np.array(window_fold)
    print(
        f"features: {x.shape[1]}, risk windows {np.sum(labels != 'none')}, "
        f"urgent windows {np.sum(np.char.endswith(labels, 'urgent'))}, "
        f"candidate windows {np.sum(np.char.startswith(labels, '?'))}"
    )
    placeholder = {"trained": "2000-01-01", "data_hash": "sha256:" + "0" * 64}
    unset = {lang: {"risk": 0.5, "risk_with_rules": 0.5, "urgent": 0.5} for lang in languages}
    out_of_fold: list = [None] * len(records)
    for fold in range(FOLDS):
        risk, urgent = fit_with_candidates(
            x, labels, owner, weights, window_fold != fold, options.c
        )
        model = build_model(export(vectoriser, risk, urgent, languages, unset, placeholder))
        for n, (_language, record_fold, _record) in enumerate(records):
            if record_fold == fold:
                scored = score(model, *analyses[n])
                out_of_fold[n] = (scored.risk, scored.urgent)
        print(f"fold {fold} done ({time.perf_counter() - started:.0f} s)")
    if options.dump_out_of_fold:
        Path(options.dump_out_of_fold).write_text(
            json.dumps(
                [
                    [r[0], r[2][1], r[2][2], r[2][3], *out_of_fold[n], rule_levels[n]]
                    for n, r in enumerate(records)
                ]
            )
        )
    thresholds, validation = {}, {}
    for language in languages:
        mine = [n for n, r in enumerate(records) if r[0] == language]
        # The operating point is chosen on the hand-written texts (as people write), scored
        # by models that never saw them; the composed ones only when none are written yet.
        written = [n for n in mine if records[n][2][5] == WRITTEN] or mine
        scored = [(*out_of_fold[n], rule_levels[n], records[n][2][1]) for n in written]
        thresholds[language] = choose_thresholds(scored)
        print_figures(
            f"out-of-fold, written texts only ({language}):",
            figures(
                [records[n][2] for n in written],
                [level_of(*out_of_fold[n], rule_levels[n], thresholds[language]) for n in written],
            ),
        )
        levels = [level_of(*out_of_fold[n], rule_levels[n], thresholds[language]) for n in mine]
        result = figures([records[n][2] for n in mine], levels)
        print_figures(f"out-of-fold ({language}), thresholds {thresholds[language]}:", result)
        for name, combine in POLICIES.items():
            mixed = [combine(lv, rule_levels[n]) for lv, n in zip(levels, mine, strict=True)]
            row = figures([records[n][2] for n in mine], mixed)["all"]
            print(
                f"  policy {name:12} sensitivity {row[1] / row[0]:.3f} urgent {row[3] / row[2]:.3f} "
                f"false alarms {row[5] / row[4]:.3f}"
            )
        risk_n, found, urg_n, hit, none_n, alarms = result["all"]
        validation[language] = {
            "texts": len(mine),
            "sensitivity": round(found / risk_n, 3),
            "urgent_at_urgent": round(hit / urg_n, 3),
            "false_alarm_rate": round(alarms / none_n, 3),
        }
    risk, urgent = fit_with_candidates(
        x, labels, owner, weights, np.ones(len(labels), dtype=bool), options.c
    )
    meta = {
        "trained": datetime.date.today().isoformat(),
        "data_hash": "sha256:" + digest.hexdigest(),
        "training_texts": len(records),
        "regularisation": options.c,
        "validation": validation,
    }
    document = export(vectoriser, risk, urgent, languages, thresholds, meta)
    print(
        f"weights: {len(document['words'])} words, {len(document['pairs'])} pairs, "
        f"{len(document['chars'])} character n-grams, {len(document['structure'])} structure"
    )
    # The document model learns from the hand-written texts and the other texts written whole
    # (the older evaluation texts, the product's own words, everyday sentences); its thresholds
    # are chosen on the hand-written ones alone, the texts most like what people write here.
    written = [
        n
        for n, r in enumerate(records)
        if r[2][5] == WRITTEN or r[2][2].startswith(("older_", "product_words", "ordinary"))
    ]
    items = [
        {
            "text": records[n][2][0],
            "tokens": analyses[n][0],
            "language": records[n][0],
            "level": records[n][2][1],
            "fold": records[n][1],
            "rules": rule_levels[n],
            "window": out_of_fold[n],
            "structure": frozenset().union(analyses[n][2], *(s.features for s in analyses[n][1])),
            "family": records[n][2][2],
            "form": records[n][2][3],
            "calibrate": records[n][2][5] == WRITTEN,
        }
        for n in written
    ]
    if os.environ.get("SCREENER_DUMP_ITEMS"):  # for trying document features without retraining
        import pickle

        Path(os.environ["SCREENER_DUMP_ITEMS"]).write_bytes(pickle.dumps(items))
    document_model, document_oof = train_document(
        items, folds=FOLDS, choose_thresholds=choose_thresholds
    )
    for language in languages:
        mine = [
            k for k, item in enumerate(items) if item["language"] == language and item["calibrate"]
        ]
        chosen = document_model["thresholds"][language]
        sure = document_model["window_sure"][language]
        levels = [
            document_level(document_oof[k], items[k]["rules"], items[k]["window"], chosen, sure)
            for k in mine
        ]
        result = figures(
            [
                (items[k]["text"], items[k]["level"], items[k]["family"], items[k]["form"])
                for k in mine
            ],
            levels,
        )
        print_figures(f"document model, out-of-fold ({language}), thresholds {chosen}:", result)
        risk_n, found, urg_n, hit, none_n, alarms = result["all"]
        document_model.setdefault("validation", {})[language] = {
            "texts": len(mine),
            "sensitivity": round(found / risk_n, 3),
            "urgent_at_urgent": round(hit / urg_n, 3),
            "false_alarm_rate": round(alarms / none_n, 3),
        }
    print(
        f"document model: {len(document_model['words'])} terms, {len(document_model['chars'])} n-grams"
    )
    if not options.dry_run:
        DOCUMENT_FILE.write_text(
            json.dumps(document_model, ensure_ascii=False, sort_keys=True) + "\n"
        )
        print(f"wrote {DOCUMENT_FILE}")
        MODEL_FILE.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"wrote {MODEL_FILE}")
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
