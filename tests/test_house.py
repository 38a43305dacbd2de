"""The house rules of the code (docs/architecture.md): no import cycle among the project's
modules, counting the imports inside functions; no module over about 400 lines and no
function over about 60, so that each reads in one sitting."""

from __future__ import annotations

import ast
from pathlib import Path

from ecobench import fingerprints
from ecobench.config import PROJECT_ROOT

MODULE_LINES = 400
FUNCTION_LINES = 60
# a module allowed to be longer, with the reason (none today)
LONGER: dict[str, str] = {}


def project_files(folders=tuple(fingerprints.PACKAGE_DIRS.values())) -> list[Path]:
    return sorted(
        path
        for folder in folders
        for path in (PROJECT_ROOT / folder).rglob("*.py")
        if "__pycache__" not in path.parts
    )


# the code the size limits hold: the package and the flows (the suites in expectations/ are
# declarations, one expectation after another)
CODE = (fingerprints.PACKAGE_DIRS["ecobench"], fingerprints.PACKAGE_DIRS["flows"])


def import_graph() -> dict[Path, set[Path]]:
    """Each of the project's files and the project files it imports."""
    return {
        path: {
            found
            for name in fingerprints.imports_of(path, PROJECT_ROOT)
            if (found := fingerprints.module_file(name, PROJECT_ROOT)) and found != path
        }
        for path in project_files()
    }


def a_cycle(graph: dict[Path, set[Path]]) -> list[Path] | None:
    """One import cycle, as the files along it, or None (a depth-first walk)."""
    done: set[Path] = set()

    def walk(path: list[Path]) -> list[Path] | None:
        for following in sorted(graph.get(path[-1], ())):
            if following in path:
                return [*path[path.index(following) :], following]
            if following not in done and (cycle := walk([*path, following])):
                return cycle
        done.add(path[-1])
        return None

    return next((cycle for start in graph if start not in done if (cycle := walk([start]))), None)


def named(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT))


def test_no_module_imports_itself_through_others():
    graph = import_graph()
    assert len(graph) > 50 and sum(map(len, graph.values())) > 100  # the graph was read
    cycle = a_cycle(graph)
    assert cycle is None, " -> ".join(map(named, cycle or []))


def test_a_cycle_is_found_and_told_along_its_files(tmp_path):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    assert a_cycle({a: {b}, b: set()}) is None
    assert a_cycle({a: {b}, b: {a}}) == [a, b, a]


def test_no_module_is_longer_than_about_400_lines():
    long = {
        named(path): n
        for path in project_files(CODE)
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert set(long) <= set(LONGER), long


def test_no_function_is_longer_than_about_60_lines():
    long = {
        f"{named(path)}: {node.name}": node.end_lineno - node.lineno + 1
        for path in project_files(CODE)
        for node in ast.walk(ast.parse(path.read_bytes()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno
        and node.end_lineno - node.lineno + 1 > FUNCTION_LINES
    }
    assert not long, long
