"""Signed one-click unsubscribe links and the endpoint behind them.

A token is the subscriber's id and random ``token_key``, signed and timestamped
with the archive's secret (itsdangerous). It cannot be forged without the
secret, names exactly one subscriber (editing the id breaks the signature),
expires after ``[alerts] unsubscribe_link_days``, and belongs to one
subscription: re-subscribing rotates the key, so links in older mail die. GET
shows a confirmation page (mail scanners prefetch links and must not
unsubscribe anyone); POST — the RFC 8058 one-click request or the form on that
page — unsubscribes.
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from urllib.parse import quote

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.engine import Engine
from sqlmodel import Session

from newsmon.alerts.i18n import strings
from newsmon.alerts.models import Subscriber, SubscriberStatus
from newsmon.alerts.render import render_page
from newsmon.alerts.subscribers import cancel_pending
from newsmon.storage.db import session_scope
from newsmon.storage.models import utcnow

SALT = "newsmon.unsubscribe.v2"


def make_token(secret: str, subscriber: Subscriber) -> str:
    return URLSafeTimedSerializer(secret, salt=SALT).dumps([subscriber.id, subscriber.token_key])


def unsubscribe_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/unsubscribe?token={quote(token)}"


def _subscriber(
    session: Session, secret: str, token: str, max_age: timedelta | None
) -> tuple[Subscriber | None, bool]:
    """The token's subscriber (None if invalid), and whether the token has expired."""
    serializer = URLSafeTimedSerializer(secret, salt=SALT)
    expired = False
    try:
        payload = serializer.loads(token, max_age=max_age.total_seconds() if max_age else None)
    except SignatureExpired as exc:  # genuine but old: say so, in the subscriber's language
        try:
            payload, expired = serializer.load_payload(exc.payload), True
        except BadSignature:
            return None, False
    except (BadSignature, ValueError, TypeError):
        return None, False
    try:
        subscriber_id, key = payload
    except (TypeError, ValueError):
        return None, False
    if not isinstance(subscriber_id, int) or not isinstance(key, str):
        return None, False
    row = session.get(Subscriber, subscriber_id)
    if row is None or not hmac.compare_digest(row.token_key, key):
        return None, False
    return row, expired


def _page(
    language: str, kind: str, email: str = "", token: str | None = None, days: int = 0
) -> str:
    words = strings(language)
    return render_page(
        "page.html.j2",
        language,
        title=words[f"{kind}_title"],
        text=words[f"{kind}_text"].format(email=email, days=days),
        token=token,
        button=words["confirm_button"],
    )


def handle_unsubscribe(
    engine: Engine, secret: str, method: str, token: str, max_age: timedelta | None = None
) -> tuple[int, str]:
    """(HTTP status, HTML page) for a request to ``/unsubscribe?token=…``.

    Mount it at ``/unsubscribe``; pass the ``token`` query parameter (also for POST,
    where RFC 8058 clients send ``List-Unsubscribe=One-Click`` as the body).
    """
    method = method.upper()
    if method not in ("GET", "HEAD", "POST"):
        return 405, _page("en", "invalid")
    with session_scope(engine) as session:
        row, expired = _subscriber(session, secret, token or "", max_age)
        if row is None:
            return 400, _page("en", "invalid")
        if expired:
            days = max_age.days if max_age else 0
            return 400, _page(row.language, "expired", days=days)
        if method == "POST" and row.status != SubscriberStatus.unsubscribed:
            row.status, row.updated_at = SubscriberStatus.unsubscribed.value, utcnow()
            session.add(row)
            cancel_pending(session, row)
        language, email, done = (
            row.language,
            row.email or row.handle,
            row.status == SubscriberStatus.unsubscribed,
        )
    if done:
        return 200, _page(language, "done", email)
    return 200, _page(language, "confirm", email, token)
