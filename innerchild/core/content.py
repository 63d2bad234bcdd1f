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


def parse_yaml(text: str, path: Path) -> LoadedDocument:
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ContentError(
            [f"{path}:{line}: not valid YAML ({getattr(exc, 'problem', exc)})"]
        ) from None
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
