"""The scheduled refresh: the deployment `ecobench serve` serves, and one of its scheduled
runs claimed and carried out by the serve's warm loop, through Prefect's test harness."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import copy_sources


@pytest.mark.slow
def test_a_scheduled_run_refreshes_and_is_logged(tmp_path, harness):
    from prefect import get_client
    from prefect.states import Scheduled

    from ecobench.serve import loop
    from flows.deployments import DEFAULT_CRON, NAME, TIMEZONE, deployment

    warehouse = tmp_path / "warehouse" / "ecobench.duckdb"
    scheduled = deployment(
        DEFAULT_CRON,
        sources=copy_sources(tmp_path / "sources"),
        submissions=tmp_path / "submissions",
        warehouse=warehouse,
    )
    deployment_id = scheduled.apply()
    with get_client(sync_client=True) as client:
        stored = client.read_deployment(deployment_id)
        assert stored.name == NAME
        (schedule,) = stored.schedules
        assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 6 * * *", TIMEZONE)
        assert schedule.active
        flow_run = client.create_flow_run_from_deployment(deployment_id, state=Scheduled())
    # the warm serve's loop claims the run that is due and runs it in its own process
    ended = loop.run_due([deployment_id])
    with get_client(sync_client=True) as client:
        assert client.read_flow_run(flow_run.id).state.is_completed()
    summary = ended.summary
    assert ended.code == 0 and summary["status"] == "published" and summary["documents"] == 5
    assert loop.run_due([deployment_id]) is None  # nothing else is due
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select run_id, status from marts.pipeline_runs").fetchall() == [
            (summary["run_id"], "published")
        ]


def test_prefect_yaml_declares_the_deployments_serve_runs():
    """prefect.yaml (for a server and work pool) and `ecobench serve` schedule the same: the
    daily refresh and the weekly one whose build tests every row."""
    import yaml

    from ecobench.config import PROJECT_ROOT
    from flows import deployments

    daily, weekly = yaml.safe_load((PROJECT_ROOT / "prefect.yaml").read_text())["deployments"]
    expected = [
        (daily, deployments.NAME, deployments.DEFAULT_CRON, False),
        (weekly, deployments.FULL_CHECKS_NAME, deployments.FULL_CHECKS_CRON, True),
    ]
    for declared, name, cron, full_checks in expected:
        assert declared["name"] == name
        assert declared["entrypoint"] == "flows/refresh.py:refresh"
        assert (PROJECT_ROOT / declared["entrypoint"].split(":")[0]).is_file()
        (schedule,) = declared["schedules"]
        assert (schedule["cron"], schedule["timezone"]) == (cron, deployments.TIMEZONE)
        served = deployments.parameters()
        assert declared["parameters"]["wait_seconds"] == served["wait_seconds"]
        assert declared["parameters"].get("full_checks", False) is full_checks
        for key in ("sources_dir", "submissions_dir", "warehouse_path"):
            assert served[key].endswith(declared["parameters"][key]), key
