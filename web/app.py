"""The FastAPI application behind ``newsmon serve``: pages, JSON API, static files, headers."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsmon.config import NewsmonConfig
from newsmon.web import api, feeds, pages
from newsmon.web.render import environment
from newsmon.web.security import SecurityHeaders

STATIC = Path(__file__).parent / "static"
SWAGGER_UI = Path(str(files("fastapi_offline") / "static"))
"""Swagger UI 5 (OpenAPI 3.1) as shipped by fastapi-offline: served from here, no CDN."""


def _version() -> str:
    try:
        return version("newsmon")
    except PackageNotFoundError:
        return "0"


def create_app(settings: NewsmonConfig, engine: Engine | None = None) -> FastAPI:
    """The web UI and API over the archive in ``settings`` (or the given engine)."""
    if engine is None:
        from newsmon.storage.db import open_archive

        engine = open_archive(settings.database.url)
    app = FastAPI(
        title="newsmon",
        version=_version(),
        description="Search and inspect a newsmon archive. Read-only unless an admin token is set.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # FastAPI's page loads Swagger UI from a CDN with an inline script:
        redoc_url=None,  # /api/docs serves a bundled copy instead (fastapi-offline's files)
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.templates = environment()
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/api/docs/assets", StaticFiles(directory=SWAGGER_UI), name="swagger-ui")

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request) -> HTMLResponse:
        """Swagger UI over /api/openapi.json, every file from this server (CSP: 'self')."""
        return HTMLResponse(app.state.templates.get_template("api_docs.html").render())

    app.include_router(api.router)
    app.include_router(api.admin)
    app.include_router(feeds.router)
    app.include_router(pages.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        title = "Not found" if exc.status_code == 404 else f"Error {exc.status_code}"
        response = pages.render(request, "error.html", exc.status_code, title=title,
                                message=str(exc.detail))  # fmt: skip
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    app.openapi = lambda: _openapi_with_topics(app, settings)  # type: ignore[method-assign]
    return app


def _openapi_with_topics(app: FastAPI, settings: NewsmonConfig) -> dict[str, Any]:
    """The schema with the configured topic names as an enum wherever a topic is named.

    Topics come from this server's config, so only here can the schema say which
    values are valid (clients and schemathesis then know, instead of guessing).
    """
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    names = [t.name for t in settings.topics]
    for item in schema["paths"].values() if names else ():
        for operation in item.values():
            for param in operation.get("parameters", []):
                if (param["in"], param["name"]) in (("query", "topic"), ("path", "name")):
                    enum = {"type": "string", "enum": names}
                    nullable = not param.get("required")
                    param["schema"] = {
                        **({"anyOf": [enum, {"type": "null"}]} if nullable else enum),
                        **{k: v for k, v in param["schema"].items() if k in ("title",)},
                    }
    app.openapi_schema = schema
    return schema
