"""Pages opened as a reader opens them: headless Chromium, its network log kept, so that a
test can say what the page rendered and whether it asked for anything beyond the machine."""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# Chromium's own background requests (updates, accounts) are started by no page: their
# initiator is "not an origin". Every request of a page has its origin as initiator.
BROWSER_ITSELF = "not an origin"
LOCAL = ("file:", "data:", "blob:", "about:", "chrome:")
HEADLESS = (  # no window, no GPU, none of Chromium's own background traffic
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)


def browse(url: str, wait_ms: int = 10_000) -> tuple[str, list[str]]:
    """The DOM Chromium renders for url (scripts run for up to wait_ms of virtual time),
    and the URLs the page requested that are not on this machine."""
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed (make test installs it)"
    with _profile() as scratch:
        log = Path(scratch) / "net.json"
        dom = subprocess.run(
            [
                chromium,
                *HEADLESS,
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
        and event.get("params", {}).get("initiator") != BROWSER_ITSELF
        and not event.get("params", {}).get("url", "file:").startswith(LOCAL)
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


class Chromium:
    """One headless Chromium driven over the DevTools protocol, for pages whose scripts
    work in real time (the Evidence site's DuckDB-Wasm compiles and reads parquet in a
    worker, which a virtual-time budget does not wait for). Every host but 127.0.0.1 is
    unresolvable, and each page's requests are kept: `open` returns the page's text once
    `ready` holds (or the timeout passes) and the URLs it asked for."""

    def __init__(self) -> None:
        chromium = shutil.which("chromium")
        assert chromium, "Debian's chromium is needed (make test installs it)"
        self._profile = contextlib.ExitStack()
        scratch = self._profile.enter_context(_profile())
        self._process = subprocess.Popen(
            [
                chromium,
                *HEADLESS,
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                f"--user-data-dir={scratch}/profile",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self._process.stderr is not None
        for line in self._process.stderr:
            if match := re.search(r"DevTools listening on (ws://\S+)", line):
                self._endpoint = match[1]
                break
        else:
            raise RuntimeError("chromium did not start its DevTools endpoint")
        self._id = 0

    def open(
        self, url: str, ready: str, timeout_s: float = 60.0, until=lambda: True
    ) -> tuple[str, list[str], bool]:
        """The page's text (document.body.innerText) once the JavaScript expression ready
        is true and until() holds (or at the timeout), every URL it requested, and whether
        both held. until sees what the page cannot: a server's log, a worker's fetches."""
        import asyncio

        return asyncio.run(self._open(url, ready, timeout_s, until))

    async def _open(
        self, url: str, ready: str, timeout_s: float, until
    ) -> tuple[str, list[str], bool]:
        import asyncio
        import time

        import websockets

        async with websockets.connect(self._endpoint, max_size=2**26) as browser:
            target = await self._call(browser, "Target.createTarget", {"url": "about:blank"})
            attached = await self._call(
                browser, "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
            )
            session = attached["sessionId"]
            requested: list[str] = []
            await self._call(browser, "Network.enable", {}, session, requested)
            await self._call(browser, "Page.navigate", {"url": url}, session, requested)
            deadline = time.monotonic() + timeout_s
            text, done = "", False
            while time.monotonic() < deadline:
                await asyncio.sleep(0.5)
                found = await self._call(
                    browser,
                    "Runtime.evaluate",
                    {
                        "expression": f"[!!({ready}), document.body ? document.body.innerText : '']",
                        "returnByValue": True,
                    },
                    session,
                    requested,
                )
                done, text = found.get("result", {}).get("value", [False, ""])
                done = done and until()
                if done:
                    break
            await self._call(browser, "Target.closeTarget", {"targetId": target["targetId"]})
            return text, requested, bool(done)

    def screenshot(
        self, url: str, ready: str, path: Path, timeout_s: float = 60.0, element: str = ""
    ) -> None:
        """A PNG of the page (1280 px wide, its full height) once ready holds; of one
        element of it where `element` is a CSS selector."""
        import asyncio
        import base64

        async def shoot() -> bytes:
            import websockets

            async with websockets.connect(self._endpoint, max_size=2**28) as browser:
                target = await self._call(browser, "Target.createTarget", {"url": "about:blank"})
                session = (
                    await self._call(
                        browser,
                        "Target.attachToTarget",
                        {"targetId": target["targetId"], "flatten": True},
                    )
                )["sessionId"]
                await self._call(
                    browser,
                    "Emulation.setDeviceMetricsOverride",
                    {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                    session,
                )
                await self._call(browser, "Page.navigate", {"url": url}, session)
                deadline = asyncio.get_running_loop().time() + timeout_s
                while asyncio.get_running_loop().time() < deadline:
                    await asyncio.sleep(0.5)
                    found = await self._call(
                        browser,
                        "Runtime.evaluate",
                        {"expression": f"!!({ready})", "returnByValue": True},
                        session,
                    )
                    if found.get("result", {}).get("value"):
                        break
                options: dict = {"format": "png", "captureBeyondViewport": True}
                if element:
                    # the whole page in the viewport, so that the element's box does not
                    # move when the capture goes beyond it
                    tall = await self._call(
                        browser,
                        "Runtime.evaluate",
                        {"expression": "document.body.scrollHeight", "returnByValue": True},
                        session,
                    )
                    await self._call(
                        browser,
                        "Emulation.setDeviceMetricsOverride",
                        {
                            "width": 1280,
                            "height": tall["result"]["value"],
                            "deviceScaleFactor": 1,
                            "mobile": False,
                        },
                        session,
                    )
                    box = await self._call(
                        browser,
                        "Runtime.evaluate",
                        {
                            "expression": "(() => { const r = document.querySelector("
                            f"{element!r}).getBoundingClientRect(); return [r.x, "
                            "r.y + window.scrollY, r.width, r.height]; })()",
                            "returnByValue": True,
                        },
                        session,
                    )
                    x, y, width, height = box["result"]["value"]
                    # its first screens: enough to read, small enough for docs/
                    height = min(height, 2400)
                    clip = {"x": x, "y": y, "width": width, "height": height, "scale": 1}
                    options["clip"] = clip
                shot = await self._call(browser, "Page.captureScreenshot", options, session)
                await self._call(browser, "Target.closeTarget", {"targetId": target["targetId"]})
                return base64.b64decode(shot["data"])

        path.write_bytes(asyncio.run(shoot()))

    async def _call(self, socket, method, params, session=None, requested=None) -> dict:
        """One DevTools command and its result; the network events that arrive meanwhile
        add their URLs to requested."""
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        await socket.send(json.dumps(message))
        while True:
            reply = json.loads(await socket.recv())
            if reply.get("method") == "Network.requestWillBeSent" and requested is not None:
                requested.append(reply["params"]["request"]["url"])
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=30)
        self._profile.close()


@contextlib.contextmanager
def _profile() -> Iterator[str]:
    """A scratch folder for Chromium (its profile in `profile/`), removed once every
    Chromium process that uses it has ended: its helpers (renderers, utilities) outlive
    the browser's process for a moment, still writing into the profile, and removing it
    then failed with "Directory not empty"."""
    with tempfile.TemporaryDirectory() as scratch:
        try:
            yield scratch
        finally:
            _end_processes_with(f"--user-data-dir={scratch}/profile")


def _end_processes_with(argument: str, seconds: float = 30) -> None:
    """Kill the processes with this argument in their command line; return once they are
    gone (zombies count as gone: nothing here may reap them)."""
    deadline = time.monotonic() + seconds
    while pids := _processes_with(argument):
        if time.monotonic() > deadline:
            raise RuntimeError(f"processes {pids} with {argument} did not end")
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)


def _processes_with(argument: str) -> list[int]:
    """The live processes (not zombies) with this argument in their command line."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if argument not in entry.joinpath("cmdline").read_bytes().decode(errors="replace"):
                continue
            state = entry.joinpath("stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # it ended meanwhile
        if state != "Z":
            found.append(int(entry.name))
    return found
