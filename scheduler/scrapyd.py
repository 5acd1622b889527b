"""Scrapyd's JSON API, node by node: a small client with timeouts, and the pool of nodes.

scrapyd-client's ``ScrapydClient`` sends its requests without a timeout, and a
node that hangs must not hang the daemon; so this speaks the few endpoints the
daemon needs (daemonstatus, schedule, listjobs, cancel, addversion, listversions)
with ``urllib`` and a timeout per request. Calls block: the daemon runs them in
threads.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from newsmon.config import ClusterConfig, ScrapydNodeConfig

DEPLOY_TIMEOUT = 180.0
"""Seconds a node gets to accept an egg (it starts Scrapy to list the spiders in it)."""


class NodeUnreachable(Exception):
    """The node did not answer (refused, timed out, not JSON)."""


class NodeRefused(Exception):
    """The node answered with ``"status": "error"``."""


@dataclass
class NodeLoad:
    """One node as ``daemonstatus.json`` saw it."""

    name: str
    url: str
    slots: int
    reachable: bool
    running: int = 0
    pending: int = 0
    error: str | None = None
    version: str | None = None
    """Newest newsmon egg deployed there (listversions.json), when asked."""

    @property
    def free(self) -> int:
        return max(0, self.slots - self.running - self.pending) if self.reachable else 0


class ScrapydNode:
    def __init__(self, config: ScrapydNodeConfig, cluster: ClusterConfig) -> None:
        self.config = config
        self.name = config.label
        self.base = config.url.rstrip("/")
        self.project = cluster.project
        self.timeout = cluster.request_timeout
        password = cluster.password
        self.auth: str | None = None
        if cluster.username and password is not None:
            token = f"{cluster.username}:{password.get_secret_value()}".encode()
            self.auth = "Basic " + base64.b64encode(token).decode("ascii")

    def _call(
        self,
        endpoint: str,
        *,
        query: dict[str, str] | None = None,
        form: list[tuple[str, str]] | None = None,
        body: bytes | None = None,
        content_type: str | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        url = f"{self.base}/{endpoint}.json"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, method="POST" if body else "GET")
        if content_type:
            request.add_header("Content-Type", content_type)
        if self.auth:
            request.add_header("Authorization", self.auth)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                raise NodeRefused(
                    f"{self.name}: {endpoint}: HTTP {exc.code} (check auth)"
                ) from None
            raise NodeUnreachable(f"{self.name}: {endpoint}: HTTP {exc.code}") from None
        except (OSError, ValueError) as exc:
            raise NodeUnreachable(f"{self.name}: {endpoint}: {exc}") from None
        if answer.get("status") != "ok":
            raise NodeRefused(f"{self.name}: {endpoint}: {answer.get('message', answer)}")
        return answer

    def load(self) -> NodeLoad:
        try:
            answer = self._call("daemonstatus")
        except (NodeUnreachable, NodeRefused) as exc:
            return NodeLoad(self.name, self.base, self.config.slots, False, error=str(exc))
        return NodeLoad(
            self.name,
            self.base,
            self.config.slots,
            True,
            running=int(answer.get("running", 0)),
            pending=int(answer.get("pending", 0)),
        )

    def schedule(self, spider: str, job: str, args: dict[str, str]) -> None:
        """Queue job ``job`` (the caller names it, so an unanswered request can be followed)."""
        form = [("project", self.project), ("spider", spider), ("jobid", job), *args.items()]
        self._call("schedule", form=form)

    def spiders(self) -> list[str]:
        """The deployed project's spiders (``listspiders.json``).

        Scrapyd lists them by starting Scrapy, blocking the node meanwhile, and caches
        the answer per version asked for; ``schedule.json`` asks for the default
        version, so calling this once after a deploy keeps the first schedule fast.
        """
        return list(
            self._call("listspiders", query={"project": self.project}, timeout=DEPLOY_TIMEOUT)[
                "spiders"
            ]
        )

    def job_state(self, job: str) -> str | None:
        """pending | running | finished, or None if the node does not know the job."""
        answer = self._call("listjobs", query={"project": self.project})
        for state in ("pending", "running", "finished"):
            if any(entry.get("id") == job for entry in answer.get(state, [])):
                return state
        return None

    def cancel(self, job: str, signal: str | None = None) -> None:
        form = [("project", self.project), ("job", job)]
        if signal:
            form.append(("signal", signal))
        self._call("cancel", form=form)

    def versions(self) -> list[str]:
        return list(self._call("listversions", query={"project": self.project})["versions"])

    def add_version(self, version: str, egg: bytes) -> int:
        """Upload an egg (``addversion.json``); returns the spider count the node found."""
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in (("project", self.project), ("version", version)):
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; '
            f'filename="newsmon.egg"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + egg
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        answer = self._call(  # the node lists the egg's spiders in a Scrapy process first
            "addversion",
            body=body,
            content_type=f"multipart/form-data; boundary={boundary}",
            timeout=DEPLOY_TIMEOUT,
        )
        return int(answer.get("spiders", 0))


@dataclass
class NodePool:
    cluster: ClusterConfig
    nodes: list[ScrapydNode] = field(init=False)

    def __post_init__(self) -> None:
        self.nodes = [ScrapydNode(n, self.cluster) for n in self.cluster.nodes]

    def node(self, name: str) -> ScrapydNode:
        return next(n for n in self.nodes if n.name == name)

    def loads(self, *, versions: bool = False) -> list[NodeLoad]:
        """Every node's load, asked in parallel (a dead node costs one timeout, not n)."""

        def probe(node: ScrapydNode) -> NodeLoad:
            load = node.load()
            if versions and load.reachable:
                try:
                    known = node.versions()
                    load.version = known[-1] if known else None
                except (NodeUnreachable, NodeRefused) as exc:
                    load.error = str(exc)
            return load

        with ThreadPoolExecutor(max_workers=len(self.nodes)) as pool:
            return list(pool.map(probe, self.nodes))

    def least_busy(self, exclude: set[str] = frozenset()) -> ScrapydNode | None:  # type: ignore[assignment]
        """The reachable node with a free slot and the smallest share of its slots in use."""
        candidates = [load for load in self.loads() if load.name not in exclude and load.free > 0]
        if not candidates:
            return None
        best = min(candidates, key=lambda load: (load.running + load.pending) / load.slots)
        return self.node(best.name)
