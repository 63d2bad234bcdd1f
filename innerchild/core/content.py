"""Loading content files (YAML) with a JSON Schema, reporting errors as `file:line: message`.

Content (questionnaires, scripts, prompts, crisis lines) is data. Each app describes its files with
a schema; this module parses them keeping line numbers so authors can find their mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml


class ContentError(Exception):
    """One or more problems in content files, each `path:line: message`."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class LoadedDocument:
    path: Path
    data: Any
    lines: dict[tuple, int]  # JSON path (tuple of keys/indices) -> 1-based line

    def line_for(self, json_path: Iterable) -> int:
        path = tuple(json_path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


class _LineLoader(yaml.SafeLoader):
    pass


def _construct(node: yaml.Node, loader: _LineLoader, path: tuple, lines: dict) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                raise ContentError([f"{key_node.start_mark.line + 1}: duplicate key {key!r}"])
            result[key] = _construct(value_node, loader, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, loader, (*path, i), lines) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _not_yaml(text: str, path: Path, exc: yaml.YAMLError) -> ContentError:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        line = mark.line + 1
    else:
        # A control character is refused by the reader, which knows only its position.
        line = text.count("\n", 0, getattr(exc, "position", 0)) + 1
    return ContentError([f"{path}:{line}: not valid YAML ({getattr(exc, 'problem', exc)})"])


def parse_yaml(text: str, path: Path) -> LoadedDocument:
    try:
        loader = _LineLoader(text)
    except yaml.YAMLError as exc:
        raise _not_yaml(text, path, exc) from None
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _not_yaml(text, path, exc) from None
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    try:
        data = _construct(node, loader, (), lines) if node is not None else None
    except ContentError as exc:
        raise ContentError([f"{path}:{p}" for p in exc.problems]) from None
    return LoadedDocument(path=path, data=data, lines=lines)


def load_yaml(path: Path) -> LoadedDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([f"{path}:1: not UTF-8 text ({exc.reason})"]) from None
    return parse_yaml(text, path)


def schema_problems(document: LoadedDocument, schema: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(document.data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        line = document.line_for(error.absolute_path)
        problems.append(f"{document.path}:{line}: {where}: {error.message}")
    return problems


def load_validated(path: Path, schema: dict) -> LoadedDocument:
    """Parse and validate one file; raise ContentError listing every problem."""
    document = load_yaml(path)
    problems = schema_problems(document, schema)
    if problems:
        raise ContentError(problems)
    return document


def load_directory(directory: Path, schema: dict, pattern: str = "*.yaml") -> list[LoadedDocument]:
    """Every file in `directory` (sorted), or ContentError with all problems in all files."""
    documents, problems = [], []
    for path in sorted(directory.glob(pattern)):
        try:
            documents.append(load_validated(path, schema))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return documents


def content_language(language: str | None = None) -> str:
    """The language content is shown in: the person's (the active one by default) where content
    is written in it, English otherwise."""
    from django.conf import settings
    from django.utils.translation import get_language

    code = (language or get_language() or "en").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else "en"


def translation_path(english: Path, language: str) -> Path:
    """Where the `language` version of an English content file lives: content/<language>/<name>."""
    return english.parent / language / english.name


def translation_problems(
    english: LoadedDocument,
    translation: LoadedDocument,
    text_keys: frozenset[str],
    own_keys: frozenset[str] = frozenset(),
    shared_keys: frozenset[str] = frozenset(),
) -> list[str]:
    """What keeps `translation` from being `english` in another language.

    A translation has the English file's shape: the same keys, ids, numbers and list lengths.
    Only strings under `text_keys` (at any depth) are translated, and none may be empty; values
    under `own_keys` belong to the translation (its language, its citation); keys in
    `shared_keys` may be left out and are then taken from English.
    """
    problems: list[str] = []

    def problem(path: tuple, message: str) -> None:
        where = "/".join(str(p) for p in path) or "(top)"
        problems.append(f"{translation.path}:{translation.line_for(path)}: {where}: {message}")

    def walk(en: Any, tr: Any, path: tuple, text: bool) -> None:
        if text and isinstance(en, str):
            if not isinstance(tr, str) or not tr.strip():
                problem(path, "needs a translation of the English text")
        elif isinstance(en, dict):
            if not isinstance(tr, dict):
                problem(path, "must be a mapping, as in the English file")
                return
            for key, value in en.items():
                if key in own_keys:
                    if key not in tr:
                        problem(path, f"{key!r} is missing")
                elif key not in tr:
                    if key not in shared_keys:
                        problem(path, f"{key!r} is missing (the English file has it)")
                else:
                    walk(value, tr[key], (*path, key), text or key in text_keys)
            for key in tr.keys() - en.keys():
                problem((*path, key), f"{key!r} is not in the English file")
        elif isinstance(en, list):
            if not isinstance(tr, list) or len(tr) != len(en):
                problem(path, f"must have {len(en)} entries, as in the English file")
                return
            for index, (en_item, tr_item) in enumerate(zip(en, tr, strict=True)):
                walk(en_item, tr_item, (*path, index), text)
        elif en != tr:
            problem(path, f"must be {en!r}, as in the English file")

    walk(english.data, translation.data, (), False)
    return problems
