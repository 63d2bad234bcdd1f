"""Count the held-out screener texts per language x level x family x form.

Usage: python bench/heldout/counts.py [--markdown]
Needs PyYAML and the project on the path (for the families and forms). Also checks that every item has the five keys with valid values.
"""

import collections
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

# The same families and forms as the hand-written training texts (one list for both).
from innerchild.safety.screening.written import FORMS, RISK_FAMILIES, SAFE_FAMILIES  # noqa: E402

LEVELS = ("none", "watch", "urgent")
KEYS = {"id", "text", "level", "family", "form"}
LONG_WORDS = 150


def load(lang):
    with open(os.path.join(HERE, f"{lang}.yaml"), encoding="utf-8") as f:
        items = yaml.safe_load(f)
    ids = set()
    for it in items:
        assert set(it) == KEYS, it
        assert it["id"] not in ids, it["id"]
        ids.add(it["id"])
        assert it["level"] in LEVELS, it["id"]
        assert it["form"] in FORMS, it["id"]
        fams = SAFE_FAMILIES if it["level"] == "none" else RISK_FAMILIES
        assert it["family"] in fams, it["id"]
        assert isinstance(it["text"], str) and it["text"].strip(), it["id"]
    return items


def words(text):
    return len(text.split())


def table(rows, cols, counts, row_name):
    """A Markdown table of `counts[(row, col)]`."""
    out = [
        "| " + row_name + " | " + " | ".join(cols) + " | total |",
        "|" + "---|" * (len(cols) + 2),
    ]
    for r in rows:
        vals = [counts[(r, c)] for c in cols]
        if sum(vals) == 0:
            continue
        out.append(f"| {r} | " + " | ".join(str(v) for v in vals) + f" | {sum(vals)} |")
    return "\n".join(out)


def main():
    for lang in ("en", "es"):
        if not os.path.exists(os.path.join(HERE, f"{lang}.yaml")):
            continue
        items = load(lang)
        n = len(items)
        lv = collections.Counter(i["level"] for i in items)
        long_n = sum(words(i["text"]) >= LONG_WORDS for i in items)
        print(f"## {lang}: {n} texts\n")
        print("Levels: " + ", ".join(f"{lvl} {lv[lvl]} ({lv[lvl] / n:.0%})" for lvl in LEVELS))
        print(f"Long texts ({LONG_WORDS}+ words): {long_n} ({long_n / n:.0%})\n")
        fam = collections.Counter((i["family"], i["level"]) for i in items)
        print("### level x family\n")
        print(table(SAFE_FAMILIES + RISK_FAMILIES, LEVELS, fam, "family"))
        frm = collections.Counter((i["form"], i["level"]) for i in items)
        print("\n### level x form\n")
        print(table(FORMS, LEVELS, frm, "form"))
        full = collections.Counter((i["level"], i["family"], i["form"]) for i in items)
        print("\n### level x family x form\n")
        print("| level | family | " + " | ".join(FORMS) + " | total |")
        print("|" + "---|" * (len(FORMS) + 3))
        for lvl in LEVELS:
            for f in SAFE_FAMILIES + RISK_FAMILIES:
                vals = [full[(lvl, f, fo)] for fo in FORMS]
                if sum(vals):
                    print(
                        f"| {lvl} | {f} | " + " | ".join(str(v) for v in vals) + f" | {sum(vals)} |"
                    )
        print()


if __name__ == "__main__":
    main()
