"""The FastAPI application behind ``newsmon serve``: pages, JSON API, static files, headers."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from newsmon.config import NewsmonConfig
from web import api, pages
from web.render import environment

STATIC = Path(__file__).parent / "static"

# No inline script or style anywhere: stored text that slips past escaping still cannot run.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def _version() -> str:
    try:
        return version("newsmon")
    except PackageNotFoundError:
        return "0"


def create_app(settings: NewsmonConfig, engine: Engine | None = None) -> FastAPI:
    """The web UI and API over the archive in ``settings`` (or the given engine)."""
    if engine is None:
        from storage.db import open_archive

        engine = open_archive(settings.database.url)
    app = FastAPI(
        title="newsmon",
        version=_version(),
        description="Search and inspect a newsmon archive. Read-only unless an admin token is set.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI needs a CDN and inline script; the schema is enough
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.templates = environment()
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(api.admin)
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

    return app
