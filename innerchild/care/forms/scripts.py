"""A facilitator's own script: the YAML, checked exactly like the shipped scripts."""

from __future__ import annotations

import yaml
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from innerchild.care.scripts_provider import unknown_placeholders
from innerchild.guide import api as guide

MAX_SOURCE_CHARS = 100_000


def alias_problems(source: str) -> list[str]:
    """YAML anchors and aliases (`&name`, `*name`) are refused: a few lines of them can expand
    into millions of nodes, and no script needs them."""
    try:
        for token in yaml.scan(source, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                return [
                    _("Line %(line)s: anchors and aliases (& and *) are not allowed here.")
                    % {"line": token.start_mark.line + 1}
                ]
    except yaml.YAMLError:
        pass  # the full check reports it, with its line
    return []


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
        problems = alias_problems(source)
        if problems:
            for problem in problems:
                self.add_error("source", problem)
            return data
        script, problems = guide.validate_script_source(source, language)
        problems = problems + unknown_placeholders(source)
        if problems:
            for problem in problems:
                self.add_error("source", problem)
        else:
            data["script"] = script
        return data
