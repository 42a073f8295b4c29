"""The package's import graph, read from the source with ``ast``: no circle among the
modules of whyl1, whyl1.scenes and whyl1.figures (imports inside functions count, and so
does ``importlib.import_module`` with a constant name), and each story's own scene and
figure module is a leaf that no other module imports, which the cache key relies on
(``pipeline.item_sources`` leaves other stories' modules out of an item's key)."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from whyl1 import stories

PACKAGES = ("whyl1", "whyl1.scenes", "whyl1.figures", "whyl1.assets")


def package_modules(roots: dict[str, Path]) -> dict[str, Path]:
    """Every module by dotted name (a package by its ``__init__.py``)."""
    found = {}
    for package, root in roots.items():
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join((package, *parts))] = path
    return found


def imported_names(name: str, path: Path) -> set[str]:
    """Every dotted name the module imports, wherever the import statement is."""
    is_package = path.name == "__init__.py"
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            names |= {base, *(f"{base}.{alias.name}" for alias in node.names)}
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(node.args[0].value)
    return names


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Edges between the package's own modules; importing ``a.b.c`` also runs the
    ``__init__`` of ``a`` and ``a.b``, so those count too, except the importer's own
    enclosing packages: a module of ``a.b`` is only ever loaded through ``a.b``, whose
    ``__init__`` has already started, so ``a.b``'s ``__init__`` importing its submodules
    and they importing each other (``from a.b import c`` names ``a.b`` itself) is no
    circle."""
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in imported_names(name, path):
            parts = imported.split(".")
            reached = {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
            targets |= {p for p in reached if not name.startswith(p + ".")} & modules.keys()
        graph[name] = targets - {name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path ``[a, b, …, a]``, or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def installed_roots() -> dict[str, Path]:
    roots = {}
    for package in PACKAGES:
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations, package
        roots[package] = Path(next(iter(spec.submodule_search_locations)))
    return roots


def test_the_checker_finds_a_circle_through_a_function_level_import(tmp_path):
    """The check can fail: a lazy import inside a function closes a circle."""
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "pipeline.py").write_text("def run():\n    from whyl1.render import go\n")
    (tmp_path / "render.py").write_text("from whyl1.pipeline import run\n")
    (tmp_path / "leaf.py").write_text("import importlib\nimportlib.import_module('whyl1.leaf')\n")
    graph = import_graph(package_modules({"whyl1": tmp_path}))
    assert find_cycle(graph) in (
        ["whyl1.pipeline", "whyl1.render", "whyl1.pipeline"],
        ["whyl1.render", "whyl1.pipeline", "whyl1.render"],
    )
    assert graph["whyl1.leaf"] == set()  # itself and its enclosing package: no edge


def test_a_package_importing_its_submodule_that_imports_from_it_is_no_circle(tmp_path):
    """``whyl1/__init__.py`` loads ``whyl1.notebook`` on first use of ``whyl1.show``, and
    the notebook module does ``from whyl1 import embed``: the package's ``__init__`` runs
    first, so that is no circle; a circle between two submodules still is."""
    (tmp_path / "__init__.py").write_text("def show():\n    from whyl1.notebook import show\n")
    (tmp_path / "notebook.py").write_text("from whyl1 import embed\n")
    (tmp_path / "embed.py").write_text("from whyl1 import page\n")
    (tmp_path / "page.py").write_text("def block():\n    from whyl1.embed import x\n")
    graph = import_graph(package_modules({"whyl1": tmp_path}))
    assert graph["whyl1"] == {"whyl1.notebook"}
    assert graph["whyl1.notebook"] == {"whyl1.embed"}
    assert find_cycle(graph) == ["whyl1.embed", "whyl1.page", "whyl1.embed"]


def test_no_import_circle_in_the_package():
    modules = package_modules(installed_roots())
    assert {"whyl1.pipeline", "whyl1.render", "whyl1.scenes.common"} <= modules.keys()
    cycle = find_cycle(import_graph(modules))
    assert cycle is None, " -> ".join(cycle or [])


def test_each_storys_scene_and_figure_module_is_a_leaf():
    modules = package_modules(installed_roots())
    graph = import_graph(modules)
    own = {
        f"{package}.{story.module_name}"
        for story in stories.STORIES
        for package in ("whyl1.scenes", "whyl1.figures")
    } & modules.keys()
    assert len(own) >= 15
    importers = {(name, target) for name, targets in graph.items() for target in targets & own}
    assert not importers, importers
