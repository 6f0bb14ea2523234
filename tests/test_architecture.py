"""The house by stage (ARCHITECTURE.md), checked on the code itself.

import-linter (configured in ``pyproject.toml``) checks the layers: stages
import downwards only, and the foundation imports no stage. It does not see
a cycle inside one subpackage, nor what a module takes from another, so this
module reads every import of ``src/basemap`` (at the top of a module, inside
functions and under ``TYPE_CHECKING`` alike) and checks the rest of the
rules: no import cycle between modules, no underscore name taken from
another module, every name imported from its home, every imported name in
its home's ``__all__``, and late imports only where the import would load a
heavy library.
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

import pytest

from .conftest import REPO

SRC = REPO / "src"
#: Third-party libraries that must not load with ``import basemap`` or
#: ``basemap --help``: a module that imports one at its top is imported late.
HEAVY = (
    "folium",
    "branca",
    "geopandas",
    "pandas",
    "numpy",
    "shapely",
    "pyproj",
    "pyogrio",
    "playwright",
    "PIL",
    "jinja2",
    "markupsafe",
    "jsonschema",
    "fastjsonschema",
    "xyzservices",
    "xstatic",
)


@cache
def modules() -> dict[str, Path]:
    """Module name -> file, for every module of the package but the
    generated validators."""
    out = {}
    for path in sorted((SRC / "basemap").rglob("*.py")):
        if "_validators" in path.parts:
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


@cache
def tree(name: str) -> ast.Module:
    return ast.parse(modules()[name].read_text(encoding="utf-8"))


def package(name: str) -> str:
    return name if modules()[name].name == "__init__.py" else name.rsplit(".", 1)[0]


def imports(name: str):
    """(node, target module, imported names) of every import from the package,
    anywhere in the module; a name that is a submodule targets it."""
    for node in ast.walk(tree(name)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package(name).split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "basemap":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules():
                    yield node, sub, None
                else:
                    yield node, target, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "basemap":
                    yield node, alias.name, None


def defined(name: str) -> set[str]:
    """The names a module defines at its top (a package's ``__init__`` also
    those it imports: it re-exports)."""
    out = set()
    for node in tree(name).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            out |= {
                n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)
            }
        elif isinstance(node, ast.Try):
            for inner in node.body + [s for h in node.handlers for s in h.body]:
                if isinstance(inner, ast.Assign):
                    out |= {t.id for t in inner.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.ImportFrom) and modules()[name].name == "__init__.py":
            out |= {a.asname or a.name for a in node.names}
    return out


def exported(name: str) -> set[str] | None:
    for node in tree(name).body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return set(ast.literal_eval(node.value))
    return None


def test_the_import_contract_holds(capsys):
    pytest.importorskip("importlinter")
    from importlinter.cli import lint_imports

    code = lint_imports(config_filename=str(REPO / "pyproject.toml"))
    assert code == 0, capsys.readouterr().out


def test_no_import_cycle_between_modules():
    graph = {m: {t for _, t, _ in imports(m) if t != m} for m in modules()}
    # every target is a module (importing a package runs its __init__)
    graph = {m: {t for t in ts if t in graph} for m, ts in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []
    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []


def test_no_underscore_name_is_taken_from_another_module():
    taken = [
        f"{modules()[m].relative_to(REPO)}:{node.lineno}: {name} from {target}"
        for m in modules()
        for node, target, name in imports(m)
        if name and name.startswith("_") and not name.startswith("__") and target != m
    ]
    assert taken == []


def test_every_name_is_imported_from_its_home():
    """No forwarding shims: a module imports a name from the module that
    defines it (or from a subpackage's ``__init__``, which re-exports)."""
    elsewhere = [
        f"{modules()[m].relative_to(REPO)}:{node.lineno}: {name} from {target}"
        for m in modules()
        for node, target, name in imports(m)
        if name and target in modules() and name not in defined(target)
    ]
    assert elsewhere == []


def test_every_module_says_what_it_exports():
    missing = [m for m in modules() if exported(m) is None]
    assert missing == []
    unlisted = sorted(
        f"{name} of {target}"
        for m in modules()
        for _, target, name in imports(m)
        if name and target in modules() and name not in (exported(target) or ())
    )
    assert unlisted == []


@cache
def heavy_modules() -> frozenset[str]:
    """The modules whose import loads a heavy library: those that import one
    at their top, and, to a fixed point, those that import (at their top) a
    module or a package (its ``__init__`` runs first) that does."""

    def heavy_itself(name: str) -> bool:
        for node in tree(name).body:
            if isinstance(node, ast.Import):
                roots = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                roots = [(node.module or "").split(".")[0]]
            else:
                continue
            if any(r in HEAVY for r in roots):
                return True
        return False

    def loaded(name: str) -> set[str]:
        out = set()
        for node, target, _ in imports(name):
            if node in tree(name).body:
                parts = target.split(".")
                out |= {".".join(parts[:i]) for i in range(2, len(parts) + 1)}
        return out & set(modules())

    heavy = {m for m in modules() if heavy_itself(m)}
    while True:
        more = {m for m in modules() if m not in heavy and loaded(m) & heavy}
        if not more:
            return frozenset(heavy)
        heavy |= more


def _loads_heavy(name: str) -> bool:
    return name in heavy_modules()


def test_late_imports_only_where_the_import_is_heavy():
    """An import of the package inside a function is there only because the
    module it imports loads a heavy library (folium, for the map's
    elements); every other one is at the top, where it says what the
    module depends on."""
    late = [
        f"{modules()[m].relative_to(REPO)}:{node.lineno}: {target}"
        for m in modules()
        for node, target, _ in imports(m)
        if node not in tree(m).body
        and not _under_type_checking(m, node)
        and not _loads_heavy(target)
    ]
    assert late == []


def _under_type_checking(name: str, node: ast.AST) -> bool:
    return any(
        isinstance(top, ast.If)
        and "TYPE_CHECKING" in ast.unparse(top.test)
        and any(inner is node for inner in ast.walk(top))
        for top in tree(name).body
    )


def test_the_package_root_holds_only_the_foundation():
    root = [m for m in modules() if m.count(".") == 1]
    subpackages = [
        m for m, p in modules().items() if m.count(".") == 1 and p.name == "__init__.py"
    ]
    plain = sorted(set(root) - set(subpackages))
    assert len(plain) + 1 <= 12, plain  # with the root's own __init__
    assert len(subpackages) >= 6, subpackages


def test_a_module_locates_files_only_through_resources():
    """One module knows where the package's files are (its own path): a
    module moved into a subpackage cannot silently point elsewhere."""
    users = sorted(
        m
        for m in modules()
        if m != "basemap.resources"
        and any(
            isinstance(n, ast.Name) and n.id == "__file__" for n in ast.walk(tree(m))
        )
    )
    assert users == []


def test_import_basemap_loads_nothing_heavy():
    """Statically: ``import basemap`` and the command line load no heavy
    library (tests/cli/test_cli.py checks it by running them)."""
    assert not any(_loads_heavy(m) for m in ("basemap", "basemap.cli.main"))
