"""The Evidence site built and read as an office reads it: `npm ci` (once, cached in
reports/node_modules), `npm run sources` and `npm run build` on the warehouse of the five
documents and the example submissions (its dq_quarantine is empty: the empty-source case),
served on 127.0.0.1, every page opened in headless Chromium with every other host
unresolvable. Each step's time is printed."""

from __future__ import annotations

import functools
import html
import json
import os
import re
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ecobench.publish import evidence
from tests.publish.browser import Chromium

pytestmark = pytest.mark.slow

REPORTS = Path(__file__).parents[2] / "reports"
# a page is drawn: hydrated (its DuckDB-Wasm engine started), its queries answered (none
# "Loading...", no table still showing the "No Results" it was prerendered with) and a
# table row on it
DRAWN = (
    "!!window[Symbol.for('EVIDENCE_QUERY_ENGINE')] && document.readyState === 'complete' && "
    "!document.body.innerText.includes('Loading...') && "
    "!document.body.innerText.includes('No Results') && "
    "/\\S\\t\\S/.test(document.body.innerText)"  # a table's row drawn
)


class Quiet(SimpleHTTPRequestHandler):
    """Serves the site; keeps the path of every request instead of logging it."""

    def log_message(self, format, *args):
        self.server.paths.append(self.path)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def site(examples_run, tmp_path_factory, request):
    con, exports = examples_run
    out = tmp_path_factory.mktemp("evidence") / "site"
    seconds = evidence.build_site(exports / "ecobench_duckdb1.duckdb", out)
    capture = request.config.pluginmanager.get_plugin("capturemanager")

    def say(line: str) -> None:  # printed as the suite runs, past pytest's capture
        with capture.global_and_fixture_disabled():
            print(f"\n{line}", flush=True)

    say("Evidence site: " + ", ".join(f"{step} {s:.1f} s" for step, s in seconds.items()))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    server.paths = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = Chromium()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    yield url, server, browser, con, exports, say
    browser.close()
    server.shutdown()


def pages(con, root: str) -> list[str]:
    """Every page: the five of the menu, each district's, each concept's the index links."""
    districts = [d for (d,) in con.execute("select district_id from marts.dim_district").fetchall()]
    concepts = [
        c
        for (c,) in con.execute(
            "select concept_id from marts.dim_concept where n_values > 0"
        ).fetchall()
    ]
    return [
        f"{root}/",
        f"{root}/rankings/",
        f"{root}/progress/",
        f"{root}/quality/",
        f"{root}/districts/",
        f"{root}/concepts/",
        *(f"{root}/districts/{d}/" for d in districts),
        *(f"{root}/concepts/{c}/" for c in concepts),
    ]


def test_the_lockfile_names_the_duckdb_wasm_the_carried_extensions_are_for():
    lock = json.loads((REPORTS / "package-lock.json").read_text())["packages"]
    wasm = lock["node_modules/@duckdb/duckdb-wasm"]["version"]
    script = (REPORTS / "scripts" / "duckdb-extensions.mjs").read_text()
    duckdb = re.search(rf"'{re.escape(wasm)}': '(v[\d.]+)'", script)
    assert duckdb, f"@duckdb/duckdb-wasm {wasm}: renew reports/static/duckdb-extensions"
    sums = (REPORTS / "static" / "duckdb-extensions" / "SHA256SUMS").read_text()
    for build in ("wasm_eh", "wasm_mvp"):
        assert f"{duckdb[1]}/{build}/parquet.duckdb_extension.wasm" in sums
        assert (REPORTS / "static" / "duckdb-extensions" / duckdb[1] / build).is_dir()


def test_every_page_renders_its_data_with_nothing_fetched_from_beyond_the_machine(site):
    root, _, browser, con, _, say = site
    started, failed = time.monotonic(), []
    for url in pages(con, root):
        text, requested, drawn = browser.open(url, DRAWN, timeout_s=40)
        beyond = [u for u in requested if not u.startswith(root) and not u.startswith("data:")]
        rows = re.findall(r"\S\t\S", text)  # a table's row, as the page draws it
        if not drawn or not rows or "Error in" in text or beyond:
            failed.append(
                (url, drawn, len(rows), beyond[:3], re.findall(r"Error in[^\n]*", text)[:2])
            )
    say(f"Evidence pages: {len(pages(con, root))} opened in {time.monotonic() - started:.1f} s")
    assert failed == []


def test_the_browsers_duckdb_reads_the_sites_own_parquet(site):
    # the server's log of the whole session: the browser caches what it fetched once
    root, server, browser, *_ = site
    text, _, drawn = browser.open(
        f"{root}/rankings/",
        DRAWN,
        timeout_s=60,
        until=lambda: any(p.endswith("rpt_district_ranking.parquet") for p in server.paths),
    )
    extension = [p for p in server.paths if p.startswith("/duckdb-extensions/v1.4.3/")]
    assert extension and extension[0].endswith("/parquet.duckdb_extension.wasm")
    assert any(p.endswith("rpt_district_ranking.parquet") for p in server.paths)
    # the ranking chosen in the page (national_revised), read in the browser
    chosen = text[text.index("One framework at a time") :]
    assert drawn and re.search(r"status\t1\t360113\t9\d\.\d", chosen), chosen[:800]


def report_figures(exports: Path, district: str, names: dict[str, str]) -> tuple[set, list]:
    """A district's positions (list, basis, rank, score) and progress counts (on track,
    classed, insufficient data) as the offline report prints them."""
    page = (exports / "report.html").read_text(encoding="utf-8")
    section = page[page.index(f'id="district-{district}"') :]
    section = html.unescape(
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section[: section.index("</section>")]))
    )
    by_name = {name: framework for framework, name in names.items()}
    positions = {
        (by_name[name], "status" if basis == "现状" else "target", int(rank), float(score))
        for name, basis, rank, score in re.findall(
            r"(\S+) · (现状|目标)（\w+） 第 (\d+) 名 / \d+（得分 ([\d.]+)）", section
        )
    }
    progress = [
        tuple(int(n) for n in counts)
        for counts in re.findall(
            r"(\d+) on track of (\d+) classed, (\d+) with insufficient data", section
        )
    ]
    return positions, progress


@pytest.mark.parametrize("district", ["360113", "321202"])
def test_a_district_page_says_what_the_report_says(site, district):
    root, _, browser, con, exports, _ = site
    names = dict(con.execute("select framework_id, name_zh from marts.dim_framework").fetchall())
    text, _, drawn = browser.open(f"{root}/districts/{district}/", DRAWN, timeout_s=40)
    assert drawn
    rows = [line.split("\t") for line in text.splitlines() if line.count("\t") >= 4]
    shown = {
        (r[0], r[1], int(r[2]), float(r[4]))
        for r in rows
        if len(r) >= 7 and r[1] in ("status", "target") and r[2].isdigit()
    }
    progress = [
        (int(r[3]), int(r[4]), int(r[5]))
        for r in rows
        if len(r) >= 10 and r[1].isdigit() and r[2].isdigit()
    ]
    positions, progressed = report_figures(exports, district, names)
    assert shown == positions and progress == progressed
    assert progress, "the example submissions give both districts progress to show"


def test_screenshots_of_the_index_a_district_and_progress(site, tmp_path):
    """Taken by the tests' Chromium; ECOBENCH_SCREENSHOTS=docs writes them where the README
    shows them (docs/evidence-*.png)."""
    root, _, browser, *_ = site
    folder = Path(os.environ.get("ECOBENCH_SCREENSHOTS", tmp_path))
    for name, page in (
        ("index", "/"),
        ("district", "/districts/360113/"),
        ("progress", "/progress/"),
    ):
        path = folder / f"evidence-{name}.png"
        browser.screenshot(f"{root}{page}", DRAWN, path)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000
