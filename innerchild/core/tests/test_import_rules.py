"""The import rules of ARCHITECTURE.md hold in the code: an app uses another only through its
`api.py` (or the few modules the map names as public), only apps the graph allows, and `core`
imports no app. The rules are read from ARCHITECTURE.md itself, so the document and the code
cannot drift apart: a new import fails here until the document says it is allowed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.test import SimpleTestCase

PACKAGE = Path(__file__).resolve().parents[2]
ARCHITECTURE = PACKAGE.parent / "ARCHITECTURE.md"
APPS = sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))


def allowed_imports() -> dict[str, set[str]]:
    """app -> the apps it may import, from the "What may import what" block."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    block = text.split("## What may import what", 1)[1].split("```", 2)[1]
    graph = {}
    for line in block.splitlines():
        if "<-" not in line:
            continue
        app, _arrow, rest = line.partition("<-")
        rest = re.sub(r"\([^)]*\)", "", rest)  # drop the remarks in brackets
        names = {name.strip().split(".")[0] for name in rest.split(",")}
        graph[app.strip()] = names & set(APPS)  # "imports no app" names none
    return graph


def public_modules() -> dict[str, set[str]]:
    """app -> modules other apps may import besides `api`, from the map's last column."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    surfaces: dict[str, set[str]] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) < 5 or not cells[1].startswith("`"):
            continue
        app = cells[1].strip("`")
        surfaces[app] = {match.group(1) for match in re.finditer(rf"`{app}\.([a-z_]+)", cells[3])}
    return surfaces


def imports_of(path: Path) -> list[tuple[str, str | None, int]]:
    """(app, module or None, line) for every `innerchild.<app>...` import in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "innerchild" or len(parts) < 2:
                continue
            if len(parts) == 2:  # from innerchild.journal import api
                found += [(parts[1], alias.name, node.lineno) for alias in node.names]
            else:
                found.append((parts[1], parts[2], node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "innerchild" and len(parts) >= 2:
                    found.append((parts[1], parts[2] if len(parts) > 2 else None, node.lineno))
    return found


def violations() -> list[str]:
    graph, surfaces = allowed_imports(), public_modules()
    problems = []
    for app in APPS:
        for path in sorted((PACKAGE / app).rglob("*.py")):
            relative = path.relative_to(PACKAGE)
            if {"tests", "migrations"} & set(relative.parts):
                continue  # tests may cross apps; migrations are frozen history
            for other, module, line in imports_of(path):
                if other not in APPS:
                    continue
                problem = judge(app, other, module, graph, surfaces, file=relative.name)
                if problem:
                    problems.append(f"innerchild/{relative}:{line}: {problem}")
    return problems


def judge(app, other, module, graph, surfaces, *, file="") -> str | None:
    """Why `app` may not import `other.module`, or None if it may."""
    if other == app:
        return None
    if app == "core":
        return None if file == "testing.py" else f"core imports {other}"
    if other == "core":
        return None
    if other not in graph.get(app, set()):
        return f"{app} may not import {other} (ARCHITECTURE.md)"
    if module not in {"api", "apps"} | surfaces.get(other, set()):
        return f"{app} imports {other}.{module}, not {other}.api"
    return None


class ImportRuleTests(SimpleTestCase):
    def test_the_rules_are_read_from_the_document(self):
        graph = allowed_imports()
        self.assertEqual(set(graph), set(APPS))
        self.assertEqual(graph["core"], set())
        self.assertIn("safety", graph["journal"])
        self.assertNotIn("care", graph["journal"])

    def test_every_import_between_apps_follows_architecture_md(self):
        self.assertEqual(violations(), [])

    def test_what_the_rules_refuse(self):
        graph, surfaces = allowed_imports(), public_modules()
        refused = [
            ("safety", "live", "api"),  # a lower app importing a higher one
            ("care", "journal", "models"),  # past another app's api.py
            ("journal", "api", "routers"),  # nothing imports the JSON API
            ("core", "journal", "api"),  # core imports no app
        ]
        for case in refused:
            with self.subTest(case):
                self.assertIsNotNone(judge(*case, graph, surfaces))
        allowed = [
            ("care", "journal", "api"),
            ("care", "accounts", "age"),  # named public in the map
            ("journal", "core", "crypto"),
        ]
        for case in allowed:
            with self.subTest(case):
                self.assertIsNone(judge(*case, graph, surfaces))
