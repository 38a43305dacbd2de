"""The Prefect API a refresh from the command line uses: the one named, `ecobench serve`'s,
or a temporary server started before the flow's modules import."""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from ecobench import prefect_api, processes


@pytest.fixture
def no_api(monkeypatch):
    """No API named; what prefect_api.start sets is undone after the test (a delenv of an
    unset variable records nothing, so the URL of a stopped server outlived the test)."""
    for name in ("PREFECT_API_URL", "PREFECT_UI_URL"):
        monkeypatch.setenv(name, "")  # recorded as it was, and restored so
        monkeypatch.delenv(name)


def test_an_api_named_in_the_environment_is_kept(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    assert prefect_api.start() is None
    assert os.environ["PREFECT_API_URL"] == "http://prefect.example:4200/api"


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
        self.wfile.write(b"true")

    def log_message(self, *_):
        pass


def test_the_server_of_ecobench_serve_is_used_when_it_answers(no_api, monkeypatch):
    served = HTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=served.serve_forever, daemon=True).start()
    try:
        monkeypatch.setattr(prefect_api, "SERVE_PORT", served.server_port)
        assert prefect_api.start() is None  # nothing started
        assert os.environ["PREFECT_API_URL"] == f"http://127.0.0.1:{served.server_port}/api"
    finally:
        served.shutdown()


def test_else_a_temporary_server_is_started_and_answers(no_api, monkeypatch):
    monkeypatch.setattr(prefect_api, "SERVE_PORT", 9)  # nothing listens there
    server = prefect_api.start()
    assert server is not None
    try:
        assert os.environ["PREFECT_API_URL"] == server.url
        server.ready()
        assert prefect_api.healthy(server.url)
        processes.stop_all()  # a Ctrl-C: the flow still reports its stop to the server
        assert prefect_api.healthy(server.url)
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)
    assert not prefect_api.healthy(server.url, timeout=0.5)
