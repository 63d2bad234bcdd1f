"""The model's array scorer gives every window the logit the training script's view of that window
would: words, word pairs and character n-grams over the square root of its words, and each
structured feature of its sentences and of the text once."""

import math

from django.test import SimpleTestCase

from innerchild.safety.evaluation import load_items
from innerchild.safety.screening import _model, analyse
from innerchild.safety.screening.model import char_ngrams, score, window_vectors


def reference_best(model, tokens, sentences, text_features) -> tuple[float, float]:
    """The best risk and urgent logits, window by window, from the training features."""
    best = [-math.inf, -math.inf]
    for _first, _last, values in window_vectors(tokens, sentences, text_features):
        logit = [model.bias[0], model.bias[1]]
        for key, value in values.items():
            kind, name = key[:2], key[2:]
            if kind == "x:":
                weights = [model.chars.get(g) for g in char_ngrams(name, *model.char_range)]
            else:
                table = {"w:": model.words, "p:": model.pairs, "s:": model.structure}[kind]
                weights = [table.get(name)]
            for weight in weights:
                if weight is not None:
                    logit[0] += weight[0] * value
                    logit[1] += weight[1] * value
        best = [max(best[0], logit[0]), max(best[1], logit[1])]
    return best[0], best[1]


class ArrayScorerTests(SimpleTestCase):
    def test_the_best_windows_have_the_logits_of_the_training_view(self):
        model = _model()
        items = load_items()[::4]
        long_entry = " ".join(item.text for item in items[:40])
        for text, language in [(i.text, i.language) for i in items] + [(long_entry, "en")]:
            analysis = analyse(text, language)
            scored = score(model, analysis.tokens, analysis.sentences, analysis.text_features)
            risk, urgent = reference_best(
                model, analysis.tokens, analysis.sentences, analysis.text_features
            )
            with self.subTest(text=text[:60]):
                self.assertAlmostEqual(scored.risk, risk, places=9)
                self.assertAlmostEqual(scored.urgent, urgent, places=9)

    def test_a_text_of_punctuation_only_has_no_window(self):
        analysis = analyse("... !!! ???", "en")
        scored = score(_model(), analysis.tokens, analysis.sentences, analysis.text_features)
        self.assertEqual(scored.risk, -math.inf)
        self.assertEqual(scored.risk_span, (0, 0))

    def test_new_words_keep_being_weighed_after_the_token_table_starts_again(self):
        model = _model()
        text = "I walked to the bridge tonight with the pills."
        analysis = analyse(text, "en")
        before = score(model, analysis.tokens, analysis.sentences, analysis.text_features)
        model.tokens.reset()
        model.tokens.ids([f"word{n}" for n in range(50)])
        after = score(model, analysis.tokens, analysis.sentences, analysis.text_features)
        self.assertEqual(before, after)
