"""The house shows the pipeline: no import circle, arrows only down the layers, small modules
and functions. Read from the source with ``ast``, so that a lazy import counts like any other."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "handouts"

# From the top down: a module may import from its own layer's package or from any layer below
# it, never from one above (README, "Modules"). The top-level modules (the public API, build)
# sit above the stages they call; errors, the version and the deferred third-party patterns
# are leaves every layer may use.
LAYERS = (
    ("handouts", "handouts.__main__", "handouts.api", "handouts.web"),
    # Importing labels is a stage above the checks: it validates and measures what it drafts.
    ("handouts.importers",),
    ("handouts.check",),
    ("handouts.run",),
    ("handouts.binder",),
    ("handouts.build",),
    ("handouts.brand",),
    ("handouts.page",),
    ("handouts.source",),
    ("handouts.i18n",),
    ("handouts.pdf",),
    ("handouts.errors", "handouts._version", "handouts.assets", "handouts._lazy_patterns"),
)
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# A longer function says why in a comment above its def whose first line starts with this.
LONG = "# Long:"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """Each handouts module ``name`` imports, with the line: at the top or inside a function,
    ``from . import x`` resolved to the module x where it is one."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            candidates = [f"{module}.{alias.name}" for alias in node.names]
            found = [c for c in candidates if c in MODULES]
            targets = found or ([module] if module in MODULES else [])
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names if alias.name in MODULES]
        else:
            continue
        for target in targets:
            if target != name:
                yield target, node.lineno


GRAPH = {name: sorted(set(_imports(name, path))) for name, path in MODULES.items()}


def _layer(module: str) -> int:
    for depth, members in enumerate(LAYERS):
        if any(module == m or module.startswith(m + ".") for m in members if m != "handouts"):
            return depth
    assert module.count(".") == 0, f"{module} is in no layer: add its package to LAYERS"
    return 0


def test_every_package_is_in_a_layer_and_says_what_it_takes_and_gives():
    for name, path in MODULES.items():
        _layer(name)
        if path.name == "__init__.py" and any(name in members for members in LAYERS[1:-1]):
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
            assert doc and len(doc.split()) >= 20, f"{name}: a paragraph on what it takes and gives"


def _circle(graph: dict[str, list[tuple[str, int]]]) -> list[str] | None:
    """An import circle of ``graph`` in full (so that it can be broken), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target, _ in graph[module]:
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return None


def _upward(graph: dict[str, list[tuple[str, int]]]) -> list[str]:
    return [f"{a}:{line} imports {b}" for a, targets in graph.items() for b, line in targets
            if _layer(b) < _layer(a)]


def test_no_import_circle():
    assert _circle(GRAPH) is None


def test_imports_point_down_the_layers():
    assert _upward(GRAPH) == []


def test_a_circle_and_an_upward_import_are_found():
    # The two checks above, on a graph that has both faults: they are not checks over nothing.
    graph = {"handouts.source.model": [("handouts.i18n.words", 3)],
             "handouts.i18n.words": [("handouts.source.model", 7)]}
    assert _circle(graph) == ["handouts.i18n.words", "handouts.source.model",
                              "handouts.i18n.words"]
    assert _upward(graph) == ["handouts.i18n.words:7 imports handouts.source.model"]
    assert len(GRAPH) > 40 and any(GRAPH[m] for m in GRAPH if m.startswith("handouts.page."))


def test_modules_are_small():
    lines = {name: len(path.read_text(encoding="utf-8").splitlines())
             for name, path in [*MODULES.items(), ("cli", ROOT / "cli.py")]}
    assert {n: c for n, c in lines.items() if c > MAX_MODULE_LINES} == {}


def test_functions_are_short_or_say_why():
    long = []
    for name, path in [*MODULES.items(), ("cli", ROOT / "cli.py")]:
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            comment = []  # the comment block right above the def (or its decorators)
            while first - 2 - len(comment) >= 0 and \
                    lines[first - 2 - len(comment)].strip().startswith("#"):
                comment.append(lines[first - 2 - len(comment)].strip())
            length = node.end_lineno - node.lineno + 1  # type: ignore[operator]
            if length > MAX_FUNCTION_LINES and not any(c.startswith(LONG) for c in comment):
                long.append(f"{name}.{node.name}: {length} lines")
    assert long == []


def test_every_module_is_named_by_a_test():
    # Its own test file imports it, or a test module says in its docstring that it covers it.
    tests = [p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py")]
    docstrings = " ".join(ast.get_docstring(ast.parse(text)) or "" for text in tests)
    unnamed = []
    for name, path in MODULES.items():
        package, _, module = name.rpartition(".")
        if path.name == "__init__.py" or module in ("__main__", "_version"):
            continue  # a package (or package data), or the entry points
        imported = re.compile(rf"from {re.escape(package)} import [^\n]*\b{module}\b"
                              rf"|{re.escape(name)}\b")
        if not any(imported.search(text) for text in tests) \
                and name.removeprefix("handouts.") not in docstrings:
            unnamed.append(name)
    assert unnamed == []


def test_test_files_have_unique_names():
    # pytest imports each test file by its name (no __init__.py in tests/), and docs name them
    # so: two of one name in two package folders would shadow each other.
    names = [path.name for path in (ROOT / "tests").rglob("test_*.py")]
    assert len(names) == len(set(names)) and len(names) > 25
