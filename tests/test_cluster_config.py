"""``[cluster]``: validated in one place; secrets come from the environment, never job args."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from newsmon.config import ConfigError, parse_config
from newsmon.scheduler.scrapyd import NodePool

PG = {"url": "postgresql://newsmon:s3cret-db@db.example.org/newsmon"}
NODE = {"url": "http://node1.example.org:6800"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"cluster": {"nodes": [NODE]}}, "cluster: needs a PostgreSQL [database] url"),
        ({"database": PG, "cluster": {"nodes": []}}, "cluster.nodes: List should have at least 1"),
        ({"database": PG, "cluster": {}}, "cluster.nodes: Field required"),
        (
            {"database": PG, "cluster": {"nodes": [NODE, NODE]}},
            "cluster: nodes: 'node1.example.org:6800' is listed twice",
        ),
        ({"database": PG, "cluster": {"nodes": [{"url": "node1:6800"}]}}, "cluster.nodes[0].url"),
        (
            {"database": PG, "cluster": {"nodes": [NODE], "password": "in-file"}},
            "cluster.password: unknown key",
        ),
        ({"database": PG, "cluster": {"nodes": [{**NODE, "slots": 0}]}}, "cluster.nodes[0].slots"),
    ],
)
def test_cluster_errors_name_the_key(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(data, origin="newsmon.toml")
    assert str(error.value).startswith(f"newsmon.toml: {message}"), str(error.value)


def test_the_postgresql_url_may_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMON_DATABASE_URL", PG["url"])
    config = parse_config({"cluster": {"nodes": [NODE, {**NODE, "name": "b", "slots": 3}]}})
    assert config.cluster is not None
    assert config.cluster.total_slots == 4
    assert [n.label for n in config.cluster.nodes] == ["node1.example.org:6800", "b"]


class Recorder(BaseHTTPRequestHandler):
    """A stand-in Scrapyd that answers ``ok`` and keeps each request it got."""

    seen: ClassVar[list[tuple[str, str, dict[str, list[str]], str | None]]] = []

    def _answer(self, body: bytes) -> None:
        path, _, query = self.path.partition("?")
        form = urllib.parse.parse_qs(body.decode() or query)
        self.seen.append((self.command, path, form, self.headers.get("Authorization")))
        reply = {"status": "ok", "running": 0, "pending": 0, "jobid": form.get("jobid", [""])[0]}
        if path == "/listjobs.json":
            reply |= {"pending": [], "running": [], "finished": [{"id": "job-1"}]}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._answer(b"")

    def do_POST(self) -> None:
        self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_dispatch_names_the_source_and_config_and_carries_no_secret(
    recorder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NODE_PASSWORD", "n0de-pass")
    config = parse_config(
        {
            "database": PG,
            "cluster": {
                "nodes": [{"url": recorder, "name": "n1"}],
                "username": "ops",
                "password_env": "NODE_PASSWORD",
                "node_config": "/etc/newsmon/newsmon.toml",
            },
        }
    )
    assert config.cluster is not None
    pool = NodePool(config.cluster)
    node = pool.least_busy()
    assert node is not None and node.name == "n1"
    node.schedule("newsmon-node", "job-1", {"source": "thoidai", "config": "/etc/n.toml"})
    method, path, form, auth = Recorder.seen[-1]
    assert (method, path) == ("POST", "/schedule.json")
    assert form == {
        "project": ["newsmon"],
        "spider": ["newsmon-node"],
        "jobid": ["job-1"],
        "source": ["thoidai"],
        "config": ["/etc/n.toml"],
    }
    assert auth is not None and auth.startswith("Basic ")  # HTTP auth from the environment
    for _, _, form, _ in Recorder.seen:
        flat = json.dumps(form)
        assert "s3cret-db" not in flat and "n0de-pass" not in flat
