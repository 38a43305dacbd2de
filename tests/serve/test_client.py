"""`ecobench refresh --via-serve` with no serve answering: told in a line, nothing
refreshed (exit 2), no traceback; and the serve's port answers only when it is warm."""

from __future__ import annotations

from typer.testing import CliRunner

from ecobench.cli import app
from ecobench.prefect_api import free_port
from ecobench.serve import client


def test_a_refresh_asked_of_no_serve_says_so_and_refreshes_nothing(tmp_path):
    port = free_port()  # nothing listens on it
    assert not client.ready(port, timeout=0.2)
    warehouse = ["--warehouse", str(tmp_path / "ecobench.duckdb"), "--force"]
    result = CliRunner().invoke(
        app, ["refresh", "--via-serve", "--serve-port", str(port), *warehouse]
    )
    assert result.exit_code == 2, result.output
    assert f"nothing refreshed: no ecobench serve answers on 127.0.0.1:{port}" in " ".join(
        result.output.split()
    )
    assert "Traceback" not in result.output and not (tmp_path / "ecobench.duckdb").exists()
