"""Form widgets that render long option lists without a template per option."""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attributes(attrs: dict) -> str:
    """HTML attributes as Django's attrs.html writes them: True alone, False left out."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class PlainSelect(forms.Select):
    """A <select> written in Python, with the markup of Django's Select but without including
    a template once per option: the journal's 80-option dropdowns cost more than the rest of
    its page when each option went through `select_option.html`."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        parts = [f'<select name="{conditional_escape(name)}"']
        parts.append(_attributes(self.build_attrs(self.attrs, attrs)))
        parts.append(">")
        for group, options in self._groups():
            if group is not None:
                parts.append(f'\n  <optgroup label="{conditional_escape(group)}">')
            for option_value, label in options:
                option_value = "" if option_value is None else str(option_value)
                selected = " selected" if option_value in chosen else ""
                if selected:
                    chosen.discard(option_value)  # only the first match, as Django does
                parts.append(
                    f'\n  <option value="{conditional_escape(option_value)}"{selected}>'
                    f"{conditional_escape(label)}</option>"
                )
            if group is not None:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        # Every name, value and label above went through conditional_escape.
        return mark_safe("".join(parts))

    def _groups(self):
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                yield option_value, label
            else:
                yield None, [(option_value, label)]
