"""``newsmon serve``: the web UI and JSON API. Registered in ``newsmon.cli``."""

from __future__ import annotations

from typing import Annotated

import typer

from newsmon.cli_common import ConfigOption, fail, load_config_or_exit, open_archive_or_exit
from newsmon.console import err, setup_logging


def serve(
    config: ConfigOption = None,
    host: Annotated[
        str | None, typer.Option(help="Address to bind (default [web] host, 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port (default [web] port, 8080).")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every request.")] = False,
) -> None:
    """Serve the web UI (search, stories, topics, sources) and the JSON API under /api."""
    import uvicorn

    from newsmon.web.app import create_app

    setup_logging(verbose)
    settings = load_config_or_exit(config)
    engine = open_archive_or_exit(settings)
    bind_host = host or settings.web.host
    bind_port = port or settings.web.port
    app = create_app(settings, engine)
    admin = "on" if settings.web.admin_token else f"off (set ${settings.web.admin_token_env})"
    err.print(
        f"newsmon web UI on http://{bind_host}:{bind_port}/ (API /api/openapi.json; "
        f"admin endpoints {admin}); stop with Ctrl-C",
        highlight=False,
        soft_wrap=True,
    )
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host=bind_host,
            port=bind_port,
            log_config=None,
            access_log=verbose,
            server_header=False,
        )
    )
    try:
        server.run()
    except OSError as exc:  # e.g. the port is taken
        raise fail(f"cannot serve on {bind_host}:{bind_port}: {exc.strerror or exc}") from None
    if not server.started:
        raise typer.Exit(1)
