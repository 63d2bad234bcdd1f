"""A facilitator's own script: the YAML, checked exactly like the shipped scripts."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from innerchild.care.scripts_provider import unknown_placeholders
from innerchild.guide import api as guide

MAX_SOURCE_CHARS = 100_000


class ScriptForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the script"), choices=settings.LANGUAGES)
    source = forms.CharField(
        label=_("The script (YAML, in the same format as the sessions in innerchild)"),
        help_text=_(
            "Placeholders such as {younger_self_name} and {safe_place} are filled for each "
            "client when you assign the script."
        ),
        max_length=MAX_SOURCE_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
    )

    def clean(self):
        data = super().clean()
        source, language = data.get("source"), data.get("language")
        if not source or not language:
            return data
        script, problems = guide.validate_script_source(source, language)
        problems = problems + unknown_placeholders(source)
        if problems:
            for problem in problems:
                self.add_error("source", problem)
        else:
            data["script"] = script
        return data
