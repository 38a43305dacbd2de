"""What each cache depends on, derived by following imports and dbt_project.yml
(src/ecobench/fingerprints.py): edits in a scratch copy of the project show which caches each
edit makes stale, and a landing edit makes the next refresh build from scratch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ecobench import fingerprints, warehouse
from ecobench.config import PROJECT_ROOT, file_identity

CACHES = (fingerprints.parsed, fingerprints.built, fingerprints.published)


@pytest.fixture
def scratch(tmp_path) -> Path:
    """A copy of the project's files as git sees them (tracked, and new ones not ignored:
    a module being written counts), without the tests and the Evidence project."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    root = tmp_path / "project"
    for name in listed:
        if name.split("/")[0] in {"tests", "reports"} or not (PROJECT_ROOT / name).is_file():
            continue
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT_ROOT / name, root / name)
    return root


def stale_after(root: Path, edit) -> set[str]:
    """The caches whose fingerprint an edit of the scratch project changes."""
    before = {cache.__name__: cache(root) for cache in CACHES}
    edit(root)
    return {name for name, print_ in before.items() if getattr(fingerprints, name)(root) != print_}


def append(relative: str, text: str):
    def edit(root: Path) -> None:
        with open(root / relative, "a", encoding="utf-8") as handle:
            handle.write(text)

    return edit


def test_a_scratch_copy_has_the_projects_fingerprints(scratch):
    # paths are taken relative to the root: a clone is trusted as the same project
    assert [cache(scratch) for cache in CACHES] == [cache() for cache in CACHES]


def test_each_edit_makes_stale_the_caches_that_depend_on_it(scratch):
    landing_edit = append("src/ecobench/landing.py", "\nLANDED_BY = 'a new rule'\n")
    assert stale_after(scratch, landing_edit) == {"built", "published"}
    # a parser shapes the cached file and, through it, the landed rows
    value_edit = append("src/ecobench/ingest/values.py", "\nNEW_UNIT = '公顷'\n")
    assert stale_after(scratch, value_edit) == {"parsed", "built", "published"}
    # the run log lands as pipeline_runs
    assert stale_after(scratch, append("src/ecobench/runlog/record.py", "\n#\n")) == {
        "built",
        "published",
    }
    # a suite judges a file before its rows are cached
    suite = append("expectations/indicator_values.py", "\n#\n")
    assert stale_after(scratch, suite) == {"parsed", "built", "published"}
    # the report's template and the methods page shape only the published outputs
    report = append("src/ecobench/publish/templates/report.html.j2", "\n")
    assert stale_after(scratch, report) == {"published"}
    assert stale_after(scratch, append("docs/methodology.md", "\n")) == {"published"}
    model = append("models/marts/core/dim_concept.sql", "\n")
    assert stale_after(scratch, model) == {"built", "published"}
    assert stale_after(scratch, append("seeds/concepts.csv", "\n")) == {
        "parsed",
        "built",
        "published",
    }


def test_a_module_is_followed_the_day_landing_imports_it(scratch):
    new = scratch / "src" / "ecobench" / "rounding.py"
    new.write_text("DIGITS = 4\n", encoding="utf-8")
    change_new = append("src/ecobench/rounding.py", "DIGITS = 6\n")
    assert stale_after(scratch, change_new) == {"published"}  # imported by nothing yet
    append("src/ecobench/landing.py", "\nfrom ecobench import rounding  # noqa\n")(scratch)
    assert stale_after(scratch, append("src/ecobench/rounding.py", "DIGITS = 8\n")) >= {"built"}


@pytest.mark.slow
def test_editing_a_landing_function_makes_the_next_refresh_build_from_scratch(
    published, scratch, tmp_path
):
    summary, _ = published
    # the published warehouse and its build state in the scratch copy (its documents are the
    # five the copy holds in data/sources), the state naming the copied file
    shutil.copytree(Path(summary["warehouse"]).parent, scratch / "warehouse")
    copied = scratch / "warehouse" / "ecobench.duckdb"
    state_file = copied.with_suffix(".build.json")
    state = json.loads(state_file.read_text())
    state_file.write_text(json.dumps({**state, "warehouse": file_identity(copied)}))
    assert warehouse.build_plan(copied, state["documents"]).base == copied  # trusted as built
    land = scratch / "src" / "ecobench" / "landing.py"
    code = land.read_text(encoding="utf-8")
    assert "    land_tables(tables, landing_dir)\n" in code
    land.write_text(
        code.replace(
            "    land_tables(tables, landing_dir)\n",
            "    tables = dict(tables)  # an edited rule\n    land_tables(tables, landing_dir)\n",
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "ECOBENCH_HOME": str(scratch),
        "PYTHONPATH": f"{scratch / 'src'}{os.pathsep}{scratch}",
        "PREFECT_HOME": str(tmp_path / "prefect"),
    }
    proc = subprocess.run(
        [sys.executable, "-c", "from ecobench.cli import app; app()", "refresh"],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-3000:]
    assert "from scratch: the dbt project or the code that shapes landed rows changed" in log
