"""The admin token: endpoints that change the archive are off unless one is configured.

The token lives in the environment variable named by ``[web] admin_token_env``
(never in the config file) and is read per request, so rotating it needs no
restart. Requests send ``Authorization: Bearer <token>``; the comparison is
constant-time.
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request, status

from newsmon.config import NewsmonConfig


def require_admin(request: Request) -> None:
    """FastAPI dependency: 403 when admin endpoints are off, 401 without the right token."""
    settings: NewsmonConfig = request.app.state.settings
    expected = settings.web.admin_token
    if expected is None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"admin endpoints are disabled: set ${settings.web.admin_token_env} to enable them",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), expected.get_secret_value().encode()
    ):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing or wrong admin token (send Authorization: Bearer <token>)",
            headers={"WWW-Authenticate": 'Bearer realm="newsmon admin"'},
        )
