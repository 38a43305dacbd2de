"""Pages opened as a reader opens them: headless Chromium, its network log kept, so that a
test can say what the page rendered and whether it asked for anything beyond the machine."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

# Chromium's own background requests (updates, accounts) are started by no page: their
# initiator is "not an origin". Every request of a page has its origin as initiator.
BROWSER_ITSELF = "not an origin"
LOCAL = ("file:", "data:", "blob:", "about:", "chrome:")


def browse(url: str, wait_ms: int = 10_000) -> tuple[str, list[str]]:
    """The DOM Chromium renders for url (scripts run for up to wait_ms of virtual time),
    and the URLs the page requested that are not on this machine."""
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed (make test installs it)"
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "net.json"
        dom = subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={scratch}/profile",
                f"--log-net-log={log}",
                f"--virtual-time-budget={wait_ms}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=180,
        ).stdout
        net = json.loads(log.read_text())
    started = net["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    remote = [
        event["params"]["url"]
        for event in net["events"]
        if event["type"] == started
        and event["params"].get("initiator") != BROWSER_ITSELF
        and not event["params"].get("url", "file:").startswith(LOCAL)
    ]
    return dom, remote


def sections(dom: str) -> dict[str, str]:
    """The text of each <section id=…> of a rendered page, as a reader reads it."""
    return {
        anchor: html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
        for anchor, body in re.findall(
            r'<section[^>]* id="([^"]+)">(.*?)</section>', dom, re.DOTALL
        )
    }
