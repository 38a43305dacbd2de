"""What each cache depends on besides its data, derived in one place.

Three results are kept between refreshes, each trusted only while what made it is unchanged:

- a parsed and validated file (`parsed`, ingest/intake/cache.py): the code the intake
  and the gates run, the suites and the seeds;
- a built warehouse, built upon incrementally (`built`, warehouse.build_plan): the dbt
  project and all code that shapes the rows it reads (the parsers and gates, landing.py,
  the run log, and all they import);
- a whole published run (`published`, unchanged.py): every file of the project's packages,
  the dbt project, and the methods page the report renders.

Nothing is listed by hand: the code a cached file or a built warehouse depends on is the set
of this project's modules its entry modules import, followed import by import
(`imported_files`, parent packages included), and the dbt project's files are read from the
folders `dbt_project.yml` names. A new module or folder is covered the day it is imported or
named (tests/test_fingerprints.py edits a landing function in a scratch copy and watches the
next refresh build from scratch).
"""

from __future__ import annotations

import ast
import hashlib
import threading
from collections.abc import Iterable
from pathlib import Path

import yaml

from ecobench.config import PROJECT_ROOT

# ast.parse in two threads at once fails in Python 3.11 (SystemError "AST constructor
# recursion depth mismatch", seen here): the intake's tasks may ask for a fingerprint at once
_AST_LOCK = threading.Lock()
# where this project's top-level packages live: `ecobench` under src/, the others at the root
PACKAGE_DIRS = {
    "ecobench": Path("src/ecobench"),
    "flows": Path("flows"),
    "expectations": Path("expectations"),
}
# dbt's defaults for the folders dbt_project.yml may name
DBT_PATHS = {
    "model-paths": ["models"],
    "macro-paths": ["macros"],
    "seed-paths": ["seeds"],
    "test-paths": ["tests"],
    "analysis-paths": ["analyses"],
    "snapshot-paths": ["snapshots"],
}


# the entry modules of what parses and validates a file, and of what lands rows for dbt
PARSING = ("ecobench.ingest.intake", "ecobench.quality.gate", "expectations")
LANDING = (*PARSING, "ecobench.landing", "ecobench.runlog")


def parsed(root: Path = PROJECT_ROOT) -> str:
    """A parsed and validated file's dependencies: the intake, the gates, the suites, seeds."""
    return digest(root, imported_files(PARSING, root) | dbt_files(root, ("seed-paths",)))


def built(root: Path = PROJECT_ROOT) -> str:
    """A built warehouse's dependencies: the dbt project and all code that shapes a landed
    row: the parsers and gates (a row parsed anew under changed code lands from a file whose
    bytes did not change), the landing and the run log."""
    return digest(root, imported_files(LANDING, root) | dbt_files(root))


def published(root: Path = PROJECT_ROOT) -> str:
    """A published run's dependencies: every file of the project's packages (the flow starts
    some of them as processes, by name, which no import shows), the dbt project, and the
    methods page the report renders."""
    files = {
        path
        for folder in PACKAGE_DIRS.values()
        for path in (root / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    return digest(root, files | {root / "docs" / "methodology.md"} | dbt_files(root))


def digest(root: Path, files: Iterable[Path]) -> str:
    """A short SHA-256 of files, by their paths (relative to root) and bytes."""
    sha = hashlib.sha256()
    for path in sorted(set(files)):
        if path.is_file():
            sha.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()[:16]


def dbt_files(root: Path, keys: Iterable[str] = DBT_PATHS) -> set[Path]:
    """dbt_project.yml, profiles.yml and every file in the folders dbt_project.yml names
    (or dbt's default folders) for the given keys."""
    project = yaml.safe_load((root / "dbt_project.yml").read_text(encoding="utf-8"))
    files = {root / "dbt_project.yml", root / "profiles.yml", root / "packages.yml"}
    for key in keys:
        for folder in project.get(key, DBT_PATHS[key]):
            files |= {path for path in (root / folder).rglob("*") if path.is_file()}
    return files


def imported_files(modules: Iterable[str], root: Path = PROJECT_ROOT) -> set[Path]:
    """The files of the given modules and of every module of this project they import,
    directly or through others (imports inside functions included), with the packages'
    __init__ files importing them runs first."""
    seen: set[Path] = set()
    todo = [path for name in modules if (path := module_file(name, root))]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        names = imports_of(path, root)
        parents = {".".join(n.split(".")[:k]) for n in names for k in range(1, n.count(".") + 1)}
        todo += [found for name in names | parents if (found := module_file(name, root))]
    return seen


def imports_of(path: Path, root: Path) -> set[str]:
    """The names of the modules a file imports: `import a.b` is a.b; `from a.b import c` is
    a.b.c where c is a module of this project, else a.b; a relative import is resolved
    against the file's package."""
    name = _module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names: set[str] = set()
    with _AST_LOCK:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}" if base else parent
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                names.add(submodule if module_file(submodule, root) else base)
    return names


def module_file(name: str, root: Path) -> Path | None:
    """The file of one of this project's modules (a module or a package's __init__), or
    None for a module from elsewhere (the standard library, an installed package)."""
    top, _, rest = name.partition(".")
    if top not in PACKAGE_DIRS:
        return None
    base = root / PACKAGE_DIRS[top] / Path(*rest.split(".")) if rest else root / PACKAGE_DIRS[top]
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path, root: Path) -> str:
    """The dotted name of one of this project's files."""
    for top, folder in PACKAGE_DIRS.items():
        try:
            parts = path.relative_to(root / folder).with_suffix("").parts
        except ValueError:
            continue
        parts = parts[:-1] if parts and parts[-1] == "__init__" else parts
        return ".".join((top, *parts))
    raise ValueError(f"{path} is not in this project's packages")
