"""A real HTTP receiver on loopback for Apprise's json:// and ntfy:// notifications."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def where(self) -> str:
        """The path posted to, or ``/topic`` for ntfy (which posts the topic in its JSON)."""
        try:
            data = json.loads(self.body)
        except ValueError:
            return self.path
        if isinstance(data, dict) and self.path == "/" and "topic" in data:
            return f"/{data['topic']}"
        return self.path

    @property
    def text(self) -> str:
        """The notice's message: JSON's ``message``, ntfy's raw body (its JSON ``message``)."""
        raw = self.body.decode("utf-8", "replace")
        try:
            data = json.loads(raw)
        except ValueError:
            return raw
        return str(data.get("message", raw)) if isinstance(data, dict) else raw


@dataclass
class HookServer:
    """Keeps every request; ``fail_with`` makes it refuse (e.g. 500) until cleared."""

    received: list[Received] = field(default_factory=list)
    refused: list[Received] = field(default_factory=list)
    fail_with: int | None = None
    fail_next: int = 0
    """Refuse this many more requests with 503, then accept again."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    def start(self) -> HookServer:
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                item = Received(self.path, dict(self.headers.items()), self.rfile.read(length))
                with hook.lock:
                    status = hook.fail_with or (503 if hook.fail_next > 0 else 200)
                    hook.fail_next = max(hook.fail_next - 1, 0)
                    (hook.received if status == 200 else hook.refused).append(item)
                payload = b'{"id": "x", "event": "message"}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_PUT = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def on(self, prefix: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.where.startswith(prefix)]
