"""Speed and accuracy of the safety screener. Prints figures; not a test.

    .venv/bin/python bench/safety_screener.py [--texts 5000] [--seconds 3]

Speed: journal-length texts (100-300 words) of everyday and painful-but-safe journal sentences,
with now and then (1 sentence in 100) one from the evaluation set, screened one after another on
one core by the screener as shipped (`screen`: every lexicon's rules, the structured reading and
the models, on every text) and by the rules alone (`screen_rules`, for comparison). Two figures
each: the first pass over the texts, when every word is new to the process and is weighed once,
and the passes after it, as in a process that has been running (the target is for these; no
text is remembered, only each word's weights).
Accuracy: sensitivity and false-positive rate per language and group of the older evaluation set
(the model was trained on most of it, so these say little about new text; see
bench/screener_heldout.py and bench/screener_blind.py for that).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innerchild.settings")

import django

django.setup()

from innerchild.core.content import load_yaml  # noqa: E402
from innerchild.safety.evaluation import figures, load_items  # noqa: E402
from innerchild.safety.screening import CORPUS_DIR, screen, screen_rules  # noqa: E402

EVERYDAY = {
    "en": [
        "Today I woke up early and made tea before anyone else was awake.",
        "I noticed my shoulders were tense during the meeting, so I breathed slowly.",
        "My younger self would have hidden in her room after that phone call.",
        "I want to be kinder to the part of me that still feels small.",
        "We walked by the river and the light on the water was beautiful.",
        "I felt a wave of old shame when my manager frowned at my report.",
        "Writing this down helps me see that the feeling passes.",
        "I called my friend and we laughed about the terrible film we watched.",
        "Growing up, nobody asked me what I needed, so I am learning to ask now.",
        "I set a boundary with my sister and it felt scary and right.",
    ],
    "es": [
        "Hoy me desperté temprano y preparé un té antes de que nadie se levantara.",
        "Noté los hombros tensos en la reunión y respiré despacio.",
        "Mi niña interior se habría escondido en su cuarto después de esa llamada.",
        "Quiero ser más amable con la parte de mí que todavía se siente pequeña.",
        "Caminamos junto al río y la luz en el agua era preciosa.",
        "Sentí una ola de vergüenza antigua cuando mi jefe frunció el ceño.",
        "Escribir esto me ayuda a ver que el sentimiento pasa.",
        "Llamé a mi amiga y nos reímos de la película tan mala que vimos.",
        "De pequeña nadie me preguntaba qué necesitaba, así que ahora aprendo a preguntarme.",
        "Puse un límite con mi hermana y me dio miedo, pero estuvo bien.",
    ],
}


def journal_sentences(language: str) -> list[str]:
    """Everyday and painful-but-safe sentences, with the corpus's slots filled in."""
    data = load_yaml(CORPUS_DIR / f"{language}.yaml").data
    rng = random.Random(language)
    out = list(EVERYDAY[language])
    for template in data["filler"] + data["painful_safe"]:
        for _ in range(3):
            out.append(
                "".join(
                    rng.choice(data["slots"][part]) if part in data["slots"] else part
                    for part in template.replace("{", "\0").replace("}", "\0").split("\0")
                )
            )
    return out


def journal_texts(count: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    items = load_items()
    everyday = {language: journal_sentences(language) for language in EVERYDAY}
    evaluation = {
        language: [i.text for i in items if i.language == language] for language in EVERYDAY
    }
    texts = []
    for n in range(count):
        language = "en" if n % 3 else "es"
        sentences: list[str] = []
        words = 0
        target = rng.randint(100, 300)
        while words < target:
            # Mostly everyday writing; now and then a sentence from the evaluation set.
            pool = evaluation[language] if rng.random() < 0.01 else everyday[language]
            sentence = rng.choice(pool)
            sentences.append(sentence)
            words += len(sentence.split())
        texts.append((" ".join(sentences), language))
    return texts


def everyday_journals(count: int, seed: int = 11) -> list[tuple[str, str]]:
    """Journal-length texts made only of everyday sentences (no risk), whole sentences."""
    rng = random.Random(seed)
    texts = []
    for n in range(count):
        language = "en" if n % 2 else "es"
        sentences: list[str] = []
        target = rng.randint(100, 300)
        while sum(len(s.split()) for s in sentences) < target:
            sentences.append(rng.choice(EVERYDAY[language]))
        texts.append((" ".join(sentences), language))
    return texts


def speed(texts: list[tuple[str, str]], seconds: float, screener=screen) -> tuple[float, int]:
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text, language in texts:
            screener(text, language)
        done += len(texts)
    return done / (time.perf_counter() - start), done


def accuracy() -> None:
    items = load_items()
    print("accuracy (risk = watch or urgent expected; detected = anything but none):")
    for language in ("en", "es"):
        for group in ("dev", "heldout"):
            chosen = [i for i in items if i.language == language and i.group == group]
            f = figures(chosen)
            m = figures(chosen, screener=screen_rules)
            print(
                f"  {language} {group:8} rules alone: sensitivity "
                f"{m.detected}/{m.risk}, false-positive rate {m.false_alarms}/{m.non_risk}"
            )
            print(
                f"  {language} {group:8} n={len(chosen):3}  sensitivity {f.detected}/{f.risk} = "
                f"{f.sensitivity:.3f}  false-positive rate {f.false_alarms}/{f.non_risk} = "
                f"{f.false_positive_rate:.3f}  urgent found as urgent {f.urgent_as_urgent}/{f.urgent}"
            )


def linearity() -> None:
    print("work (steps) for adversarial text, 1x -> 16x the size:")
    for unit in ("i want to kill myself ", "i i i want want to to ", "killing it dying to "):
        small = screen(unit * 2_000).steps
        large = screen(unit * 32_000).steps
        print(f"  {unit.strip()!r:28} ratio {large / small:.2f} (linear = 16)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=3.0)
    options = parser.parse_args()
    texts = journal_texts(options.texts)
    words = sum(len(t.split()) for t, _ in texts) / len(texts)
    screen("warm up", "en")
    screen("warm up", "es")
    for name, screener in (("screen", screen), ("rules alone", screen_rules)):
        # First pass: every word the process has not met yet is weighed once (its character
        # n-grams) and kept; later passes show a running process, whose words are mostly known.
        started = time.perf_counter()
        flagged = sum(screener(t, lang).level != "none" for t, lang in texts)
        first = len(texts) / (time.perf_counter() - started)
        rate, done = speed(texts, options.seconds, screener)
        print(
            f"speed ({name}): {rate:,.0f} texts/s on one core, running ({done} texts, "
            f"{words:.0f} words on average, {flagged / len(texts):.0%} of them flagged); "
            f"first pass, every word new to the process: {first:,.0f} texts/s; "
            "target >= 2,000 texts/s"
        )
    everyday = everyday_journals(1000)
    for name, screener in (("screen", screen), ("rules alone", screen_rules)):
        flagged = sum(screener(t, lang).level != "none" for t, lang in everyday)
        print(f"  everyday-only journal texts flagged ({name}): {flagged}/{len(everyday)}")
    linearity()
    accuracy()


if __name__ == "__main__":
    main()
