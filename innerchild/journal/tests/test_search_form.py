"""The search and entry forms' dropdowns: the same choices and markup, rendered cheaply."""

from __future__ import annotations

import re

from django import forms
from django.test.utils import override_settings
from django.urls import reverse

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal.forms import emotion_choices
from innerchild.journal.widgets import PlainSelect


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


class PlainSelectTests(InnerchildTestCase):
    def test_it_writes_the_same_markup_as_djangos_select(self):
        attrs = {"id": "id_emotion", "aria-describedby": 'a"b', "required": True}
        for value in ("", "lonely", "not-a-feeling", None):
            with self.subTest(value=value):
                self.assertEqual(
                    squeezed(PlainSelect(choices=emotion_choices()).render("e", value, attrs)),
                    squeezed(forms.Select(choices=emotion_choices()).render("e", value, attrs)),
                )

    def test_it_escapes_values_and_labels(self):
        html = PlainSelect(choices=[("<x>", "Tom & <b>Jerry</b>")]).render("f", "<x>")
        self.assertIn('<option value="&lt;x&gt;" selected>Tom &amp; &lt;b&gt;Jerry', html)


class JournalPageDropdownTests(InnerchildTestCase):
    def test_the_journal_page_keeps_the_chosen_feeling_selected(self):
        self.login(self.alice)
        response = self.client.get(reverse("journal:index"), {"emotion": "lonely"})
        self.assertContains(response, '<option value="lonely" selected>')
        self.assertContains(response, "<optgroup label=")

    @override_settings(DEBUG=True)
    def test_the_journal_page_renders_no_template_per_option(self):
        from django.test.signals import template_rendered

        rendered = []

        def record(sender, template, **kwargs):
            rendered.append(template.name)

        template_rendered.connect(record)
        try:
            self.login(self.alice)
            page = self.client.get(reverse("journal:index")).content.decode()
        finally:
            template_rendered.disconnect(record)
        self.assertGreater(page.count("<option "), 70)
        self.assertNotIn("django/forms/widgets/select_option.html", rendered)
        self.assertLess(len(rendered), 40)


class BlankSearchFormTests(InnerchildTestCase):
    def test_the_empty_search_form_is_in_each_persons_language(self):
        from innerchild.core.testing import make_person

        rosa = make_person("rosa@example.org", "Rosa", language="es")
        self.login(self.alice)
        english = self.client.get(reverse("journal:index"))
        self.login(rosa)
        spanish = self.client.get(reverse("journal:index"))
        self.login(self.alice)
        again = self.client.get(reverse("journal:index"))
        self.assertContains(english, "Any feeling")
        self.assertNotContains(spanish, "Any feeling")
        self.assertContains(spanish, 'name="emotion"')
        self.assertContains(again, "Any feeling")

    def test_a_search_shows_its_own_values_not_the_empty_form(self):
        self.login(self.alice)
        self.client.get(reverse("journal:index"))
        response = self.client.get(reverse("journal:index"), {"kind": "trigger"})
        self.assertContains(response, '<option value="trigger" selected>')
