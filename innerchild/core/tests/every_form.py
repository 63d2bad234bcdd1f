"""What test_every_form_properties.py needs: the cast, one case per form, the reasons some URLs that
accept POST have no case, a parser for the form on a page and the strategies that fill it."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import strategies as st

# Namespaces whose URLs are not forms of ours: the JSON API has its own property tests
# (innerchild/api/tests/test_properties.py), the admin is Django's own and staff only.
OTHER_NAMESPACES = {
    "admin": "Django's admin: staff only, Django's own forms",
    "api-v1": "JSON API: innerchild/api/tests/test_properties.py",
}


@dataclass(frozen=True)
class FormCase:
    url_name: str
    # The person logged in: an attribute of Cast ("alice", "fay", ...), None for nobody.
    who: str | None
    args: Callable = lambda cast: []
    # The page that shows the form, when the form posts to another URL: (name, args(cast)).
    page: tuple[str, Callable] | None = None
    label: str = ""
    # Text fields the answer may legitimately not show again, with the reason in a comment.
    no_echo: frozenset = frozenset()
    # The URL name whose form on the page is sent, when not the case's own (autosave).
    form_of: str | None = None
    # Bodies that once failed, kept as explicit examples: (field values, extra pairs).
    examples: tuple = ()

    @property
    def test_name(self) -> str:
        name = self.url_name.replace(":", "_")
        return f"test_{name}{'_' + self.label if self.label else ''}_answers_any_input"


def url_patterns(resolver=None, namespace=None):
    """(qualified name or None, route, callback) of every URL pattern, walking includes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            for name, route, callback in url_patterns(pattern, inner):
                yield name, str(pattern.pattern) + route, callback
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, str(pattern.pattern), pattern.callback


def accepts_post(callback) -> bool:
    """Whether a view handles POST: a class-based view with post(), or a function view that reads
    request.POST, checks for it, or is decorated require_POST (all of which name "POST")."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    try:
        return "POST" in inspect.getsource(inspect.unwrap(callback))
    except (OSError, TypeError):
        return True


@dataclass
class Field:
    name: str
    kind: str  # an input type, "select" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    attrs: dict = field(default_factory=dict)


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[Field] = field(default_factory=list)


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None
        self._option: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(
                attrs.get("action", ""),
                attrs.get("method", "get").lower(),
                attrs.get("enctype", ""),
            )
            self.forms.append(self._form)
        elif self._form is None or (not attrs.get("name") and tag != "option"):
            return
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            self._form.fields.append(Field(attrs["name"], kind, attrs.get("value", ""), [], attrs))
        elif tag == "button":
            # A named button sends its value, like a radio button the person picks by clicking.
            self._form.fields.append(
                Field(attrs["name"], "radio", attrs.get("value", ""), [], attrs)
            )
        elif tag == "select":
            self._select = Field(attrs["name"], "select", attrs=attrs)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = attrs.get("value")
            if self._option is not None:
                self._select.options.append(self._option)
            if "selected" in attrs:
                self._select.value = self._option or ""
        elif tag == "textarea":
            self._textarea = Field(attrs["name"], "textarea", attrs=attrs)
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None and self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None


def post_forms(html: str, page_url: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    forms = [form for form in parser.forms if form.method == "post"]
    for form in forms:
        form.action = urlsplit(form.action).path or page_url
    return forms


TEXT_KINDS = {"text", "textarea", "email", "search", "url", "tel", "password"}
NASTY_TEXT = [
    "",
    " ",
    "\x00",
    "before\x00after",
    "\ud800",
    "lone \udfff surrogate",
    "\u202eevil\u202c and \u200f",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "Zoë ❤ 你好 🌱",
    "x" * 100_000,
    "é" * 100_000,
    "line one\r\nline two\r\n",
    "null",
    "-1",
    "1e309",
    "{{ 7|add:7 }}",
    "' OR 1=1 --",
]
NUMBERS = [
    "",
    "0",
    "-1",
    "1",
    "7",
    "²",
    "\u0661",
    "1e309",
    "NaN",
    "inf",
    "-0",
    "0.5",
    "1,5",
    " 3 ",
    "9" * 40,
    "-" + "9" * 40,
    "0x10",
    "abc",
]
# 2026-03-29 02:30 does not exist in Madrid (alice's zone here), 2026-03-08 02:30 not in New York
# (fay's), and 2026-11-01 01:30 happens twice there.
DATES = [
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "10000-01-01",
    "2026-03-29",
    "2026-03-08",
    "2026-11-01",
    "31/12/2026",
    "",
    "tomorrow",
]
TIMES = [
    "02:30",
    "01:30",
    "24:00",
    "23:59:60",
    "25:61",
    "00:00",
    "23:59",
    "",
    "noon",
    "9",
    "-01:00",
]
INVALID_CHOICES = ["", "not-an-option", "-1", "9" * 30, "\x00"]

free_text = st.sampled_from(NASTY_TEXT) | st.text(max_size=40)
numbers = st.sampled_from(NUMBERS) | st.integers().map(str) | st.floats().map(str)
dates = st.sampled_from(DATES) | st.dates().map(lambda day: day.isoformat())
times = st.sampled_from(TIMES) | st.times().map(lambda moment: moment.isoformat("minutes"))
datetimes = st.builds(lambda day, moment: f"{day}T{moment}", dates, times) | free_text
files = st.sampled_from(
    [
        b"",
        b"\x00\xff\xfe garbage",
        b'{"entries": [{"body": "x", "date": "2026-02-30"}]}',
        b"date,title,body\n9999-12-31,x,y\n",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        "Zoë\n".encode(),
    ]
) | st.binary(max_size=200)


def typed_value(field_: Field):
    """What a person (or a client) might send for this field, from plausible to hostile."""
    kind = field_.kind
    if kind in ("number", "range"):
        low, high = field_.attrs.get("min"), field_.attrs.get("max")
        plausible = st.integers(int(float(low or -5)), int(float(high or 100))).map(str)
        return plausible | numbers
    if kind == "date":
        return dates
    if kind == "time":
        return times
    if kind in ("datetime-local", "datetime"):
        return datetimes
    if kind in ("select", "radio", "checkbox"):
        return st.sampled_from(field_.options or [field_.value or "on"]) | st.sampled_from(
            INVALID_CHOICES
        )
    if kind == "file":
        return files
    return free_text


def field_values(form: Form):
    """One strategy per field name: kept as the page filled it, typed, or missing."""
    by_name: dict[str, Field] = {}
    for field_ in form.fields:
        existing = by_name.get(field_.name)
        if existing is None:
            by_name[field_.name] = field_
        elif field_.kind in ("radio", "checkbox"):
            existing.options.append(field_.value)
    strategies = {}
    for name, field_ in by_name.items():
        if field_.kind in ("radio", "checkbox") and not field_.options:
            field_.options = [field_.value]
        kept = st.just(field_.value)
        if field_.kind == "checkbox" and "checked" not in field_.attrs:
            kept = st.none()
        strategies[name] = st.one_of(kept, typed_value(field_), typed_value(field_), st.none())
    return by_name, strategies
