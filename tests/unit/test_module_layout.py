"""
How the modules of ``localstack_ws_ext`` depend on each other, read from their source (no import): no module
imports a private name of another, module-level imports form no cycle, and the WebSocket transport keeps rolo,
twisted and wsproto in its driver and its state to itself.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "localstack_ws_ext"
TRANSPORT = PACKAGE / "execute_api" / "transport"


def _name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(path): path for path in PACKAGE.rglob("*.py")}


def _tree(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(), str(MODULES[name]))


def _absolute(name: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = name.split(".")
    if MODULES[name].name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _module_level_imports(body: list[ast.stmt], type_checking: bool):
    """Imports run when the module is imported (not the lazy ones in functions); with ``type_checking``, those
    under ``if TYPE_CHECKING`` too."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and (type_checking or "TYPE_CHECKING" not in ast.unparse(node.test)):
            yield from _module_level_imports(node.body + node.orelse, type_checking)
        elif isinstance(node, ast.Try):
            yield from _module_level_imports(
                node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body],
                type_checking,
            )


def _dependencies(name: str, type_checking: bool = False) -> set[str]:
    dependencies = set()
    for node in _module_level_imports(_tree(name).body, type_checking):
        if isinstance(node, ast.Import):
            dependencies.update(alias.name for alias in node.names if alias.name in MODULES)
            continue
        target = _absolute(name, node)
        for alias in node.names:
            submodule = f"{target}.{alias.name}"
            if submodule in MODULES:
                dependencies.add(submodule)
            elif target in MODULES:
                dependencies.add(target)
    dependencies.discard(name)
    return dependencies


def test_no_module_imports_a_private_name_of_another():
    private = [
        f"{name} imports {alias.name} from {_absolute(name, node)}"
        for name in MODULES
        for node in ast.walk(_tree(name))
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert private == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles, done = [], set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycles.append(path[path.index(name) :] + [name])
            return
        if name in done:
            return
        for dependency in sorted(graph[name]):
            visit(dependency, path + [name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    return cycles


def test_no_import_cycle():
    assert _cycles({name: _dependencies(name) for name in MODULES}) == []


def _transport_modules() -> list[str]:
    return sorted(name for name, path in MODULES.items() if path.parent == TRANSPORT)


def test_transport_modules_depend_one_way_even_for_type_checking():
    modules = _transport_modules()
    graph = {name: _dependencies(name, type_checking=True) & set(modules) for name in modules}
    package = "localstack_ws_ext.execute_api.transport"
    graph[package] = set()  # the package's __init__ re-exports everything: nothing inside imports it back
    assert all(package not in deps for deps in graph.values())
    assert _cycles(graph) == []


def test_only_the_driver_imports_rolo_twisted_or_wsproto():
    servers = ("rolo", "twisted", "wsproto", "werkzeug")
    importers = set()
    for name in _transport_modules():
        for node in ast.walk(_tree(name)):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                roots = {(node.module or "").split(".")[0]}
            else:
                continue
            if roots & set(servers):
                importers.add(name)
    assert importers == {"localstack_ws_ext.execute_api.transport.rolo_driver"}


@pytest.mark.parametrize(
    "name",
    _transport_modules()
    + ["localstack_ws_ext.execute_api.endpoint"]
    + sorted(name for name in MODULES if name.startswith("localstack_ws_ext.management")),
)
def test_no_private_member_of_another_object_is_touched(name):
    touched = [
        f"line {node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(_tree(name))
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
    ]
    assert touched == []
