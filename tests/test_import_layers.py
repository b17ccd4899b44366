"""The modules of `courses` import each other in one direction: models below permissions,
permissions below services, no service importing another that imports it back.

A cycle works until someone imports the modules in another order, and then fails at start-up
with a half-initialised module; these tests read every import (those inside functions too)
and import the layers in a fresh interpreter in the order that used to break.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "courses"


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of `courses` it imports, at the top or inside a function."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                candidates = [target, *(f"{target}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            graph[name].update(c for c in candidates if c in modules and c != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_imports_inside_functions():
    # The reader itself must see a lazy import, or a cycle hidden in a function would pass.
    graph = import_graph()
    assert "courses.models" in graph["courses.permissions"]
    assert "courses.permissions" in graph["courses.services.members"]


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_of_courses_imports_itself_back():
    assert cycles(import_graph()) == []


@pytest.mark.parametrize(
    "layer, never",
    [
        ("courses.models", "courses.permissions"),
        ("courses.models", "courses.services"),
        ("courses.permissions", "courses.services"),
        ("courses.permissions", "courses.views"),
        ("courses.forms", "courses.services"),
    ],
)
def test_a_lower_layer_never_imports_a_higher_one(layer, never):
    graph = import_graph()
    offenders = sorted(
        (name, target)
        for name, targets in graph.items()
        if name == layer or name.startswith(layer + ".")
        for target in targets
        if target == never or target.startswith(never + ".")
    )
    assert offenders == []


@pytest.mark.parametrize(
    "order",
    [
        # Each used to fail or depend on the others being imported first.
        ["courses.permissions", "courses.models.library", "courses.services.exchange"],
        ["courses.services.members", "courses.services.accounts"],
        ["courses.services.accounts", "courses.services.members"],
        ["courses.services.exchange", "courses.services.catalog", "courses.permissions"],
        ["courses.forms.library", "courses.filters", "courses.forms"],
    ],
)
def test_modules_import_in_any_order_in_a_fresh_interpreter(order):
    script = (
        "import django, importlib, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'apcn.settings')\n"
        "django.setup()\n"
        f"for name in {order!r}:\n"
        "    importlib.import_module(name)\n"
        "print('ok')\n"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter, our own script)
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
