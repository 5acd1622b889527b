"""The daemon's local HTTP endpoint: /healthz and /metrics (Prometheus text format).

Served by uvicorn in a thread of its own: uvicorn's main-thread signal handling
would otherwise take SIGTERM away from the supervisor.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from newsmon.web.security import UNSUBSCRIBE_CSP, SecurityHeaders

UnsubscribeHandler = Callable[[str, str], tuple[int, str]]


def daemon_app(
    health: Callable[[], dict[str, Any]],
    registry: CollectorRegistry,
    unsubscribe: UnsubscribeHandler | None = None,
) -> FastAPI:
    app = FastAPI(title="newsmon daemon", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(SecurityHeaders)  # /unsubscribe is public: the same headers as `serve`

    if unsubscribe is not None:
        # GET shows a confirmation page (mail scanners follow links; they must not
        # unsubscribe anyone); POST, also RFC 8058 one-click, unsubscribes.
        @app.api_route("/unsubscribe", methods=["GET", "POST"])
        def unsubscribe_endpoint(request: Request, token: str = "") -> HTMLResponse:
            status, page = unsubscribe(request.method, token)
            return HTMLResponse(
                page, status_code=status, headers={"Content-Security-Policy": UNSUBSCRIBE_CSP}
            )

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        report = health()
        return JSONResponse(report, status_code=200 if report["status"] == "ok" else 503)

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return app


class BackgroundServer:
    def __init__(self, app: FastAPI, host: str, port: int) -> None:
        config = uvicorn.Config(
            app, host=host, port=port, log_config=None, access_log=False, lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="http", daemon=True)

    def start(self, timeout: float = 10.0) -> None:
        self.thread.start()
        deadline = threading.Event()
        for _ in range(int(timeout * 20)):
            if self.server.started or not self.thread.is_alive():
                break
            deadline.wait(0.05)
        if not self.server.started:
            raise OSError(
                f"HTTP endpoint did not start on "
                f"{self.server.config.host}:{self.server.config.port}"
            )

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)
